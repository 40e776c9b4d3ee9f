import { dot, execute, pointAlong } from '@hessian/core';
import { describe, expect, it } from 'vitest';
import { backtracking } from './backtracking.js';
import { fixedStep } from './fixed-step.js';
import { hagerZhang } from './hager-zhang.js';
import { moreThuente } from './more-thuente.js';
import { PAPER_FUNCTIONS } from './paper-functions.js';
import { scalarSearch } from './scalar-search.js';
import { strongWolfe } from './test-helpers.js';
import { createLineSearchWork, type LineSearch } from './types.js';

// f(x, y) = (x − 1)² + 10(y + 2)² + x⁴/4, from (0, 0) along d = −∇f(0, 0)
const problem = {
  dimension: 2,
  value: (x: Float64Array) => (x[0] - 1) ** 2 + 10 * (x[1] + 2) ** 2 + x[0] ** 4 / 4,
  gradient: (x: Float64Array, out: Float64Array) => {
    out[0] = 2 * (x[0] - 1) + x[0] ** 3;
    out[1] = 20 * (x[1] + 2);
  },
};

function start() {
  const x = Float64Array.of(0, 0);
  const g = new Float64Array(2);
  problem.gradient(x, g);
  const d = Float64Array.of(-g[0], -g[1]);
  return { x, d, f: problem.value(x), slope: dot(g, d) };
}

const searches: LineSearch[] = [
  moreThuente(),
  moreThuente({ c2: 0.1 }),
  hagerZhang(),
  backtracking(),
  backtracking({ valueOnly: true }),
  fixedStep(0.01),
];

describe('the protocol adapter, through core execute()', () => {
  for (const ls of searches) {
    it(`${ls.name}${ls.usesSlope ? '' : ' (value-only)'}: work.x = x + alpha·d, value = f(work.x), work.g = ∇f(work.x)`, () => {
      const { x, d, f, slope } = start();
      const work = createLineSearchWork(2);
      work.g.fill(42);
      const { value: r, evaluations } = execute(problem, ls.search(x, d, f, slope, 1, work));
      expect(Array.from(x)).toEqual([0, 0]);
      expect(Array.from(d)).toEqual([2, -40]);
      expect(r.status).toBe('converged');
      expect(r.alpha).toBeGreaterThan(0);
      expect(Array.from(work.x)).toEqual(
        Array.from(pointAlong(x, r.alpha, d, new Float64Array(2))),
      );
      expect(r.value).toBe(problem.value(work.x));
      expect(evaluations.hessian + evaluations.hvp).toBe(0);
      if (ls.usesSlope) {
        const g = new Float64Array(2);
        problem.gradient(work.x, g);
        expect(Array.from(work.g)).toEqual(Array.from(g));
        expect(r.slope).toBe(dot(work.g, d));
        expect(evaluations).toMatchObject({ gradient: r.evaluations, value: 0 });
      } else {
        expect(Array.from(work.g)).toEqual([42, 42]);
        expect(r.slope).toBeNaN();
        expect(evaluations).toMatchObject({ value: r.evaluations, gradient: 0 });
      }
      if (ls.name === 'moreThuente') expect(strongWolfe(r, f, slope, 1e-4, 0.9)).toBe(true);
    });
  }

  it('gives the same steps as scalarSearch on phi(alpha) = f(x + alpha·d)', () => {
    const { x, d, f, slope } = start();
    const work = createLineSearchWork(2);
    const y = new Float64Array(2);
    const g = new Float64Array(2);
    const phi = (a: number) => {
      pointAlong(x, a, d, y);
      problem.gradient(y, g);
      return { value: problem.value(y), slope: dot(g, d) };
    };
    for (const ls of searches) {
      const viaProtocol = execute(problem, ls.search(x, d, f, slope, 1, work)).value;
      const viaScalar = scalarSearch(ls, phi, { phi0: f, slope0: slope, alpha0: 1 });
      if (!ls.usesSlope) viaScalar.slope = Number.NaN;
      expect(viaProtocol).toEqual(viaScalar);
    }
  });

  it('re-requests the gradient at a returned point that was not the last evaluated', () => {
    // f(x, y) = phi_3(x) + y² (Moré & Thuente's function 3) along d = (1, 0): after 7 trials
    // the 7th is worse than the 6th, which is returned and re-requested
    const F = PAPER_FUNCTIONS[2];
    const wiggly = {
      dimension: 2,
      value: (y: Float64Array) => F.phi(y[0]).value + y[1] ** 2,
      gradient: (y: Float64Array, out: Float64Array) => {
        out[0] = F.phi(y[0]).slope;
        out[1] = 2 * y[1];
      },
    };
    const x = new Float64Array(2);
    const d = Float64Array.of(1, 0);
    const work = createLineSearchWork(2);
    const ls = moreThuente({ c1: 0.1, c2: 0.1, maxEvaluations: 7 });
    const { value: r, evaluations } = execute(
      wiggly,
      ls.search(x, d, F.phi(0).value, F.phi(0).slope, 1e-3, work),
    );
    expect(r.status).toBe('max-evaluations');
    expect(r.evaluations).toBe(8);
    expect(evaluations.gradient).toBe(8);
    expect(work.x[0]).toBe(r.alpha);
    expect(r.value).toBe(wiggly.value(work.x));
    const g = new Float64Array(2);
    wiggly.gradient(work.x, g);
    expect(Array.from(work.g)).toEqual(Array.from(g));
    expect(r.slope).toBe(dot(g, d));
  });

  it('returns not-descent with no request, work.x = x', () => {
    const { x, d, f, slope } = start();
    const work = createLineSearchWork(2);
    const program = moreThuente().search(x, Float64Array.of(-d[0], -d[1]), f, -slope, 1, work);
    const first = program.next(0);
    expect(first.done).toBe(true);
    expect(first.value).toEqual({
      alpha: 0,
      value: f,
      slope: -slope,
      evaluations: 0,
      status: 'not-descent',
    });
    expect(Array.from(work.x)).toEqual([0, 0]);
  });

  it('ends with non-finite (alpha = 0, work.x = x) when the objective overflows everywhere along d', () => {
    const { x, d, f, slope } = start();
    const work = createLineSearchWork(2);
    const blowUp = {
      ...problem,
      value: (y: Float64Array) => (y[0] === 0 && y[1] === 0 ? f : Infinity),
    };
    const r = execute(
      blowUp,
      backtracking({ valueOnly: true, maxEvaluations: 4 }).search(x, d, f, slope, 1, work),
    );
    expect(r.value).toEqual({ alpha: 0, value: f, slope, evaluations: 4, status: 'non-finite' });
    expect(Array.from(work.x)).toEqual([0, 0]);
  });

  it('validates the arguments of search() with messages naming them', () => {
    const ls = moreThuente();
    const work = createLineSearchWork(2);
    const x = new Float64Array(2);
    const d = Float64Array.of(1, 0);
    expect(() => ls.search([0, 0] as never, d, 0, -1, 1, work)).toThrow(
      new TypeError('moreThuente: x must be a Float64Array, got an array of length 2'),
    );
    expect(() => ls.search(x, Float64Array.of(1), 0, -1, 1, work)).toThrow(
      new RangeError('moreThuente: d must have length 2 (x.length), got length 1'),
    );
    expect(() => ls.search(x, d, 0, -1, 1, createLineSearchWork(3))).toThrow(
      'moreThuente: work must have length 2 (x.length), got length 3',
    );
    expect(() => ls.search(x, d, Number.NaN, -1, 1, work)).toThrow(
      'moreThuente: phi0 must be a finite number, got NaN',
    );
    expect(() => ls.search(x, d, 0, -Infinity, 1, work)).toThrow(
      'moreThuente: slope0 must be a finite number, got -Infinity',
    );
    expect(() => ls.search(x, d, 0, -1, 0, work)).toThrow(
      'moreThuente: alpha0 must be a finite number > 0, got 0',
    );
    expect(() => createLineSearchWork(0)).toThrow(
      new RangeError('createLineSearchWork: n must be an integer >= 1, got 0'),
    );
  });

  it('scalarSearch validates its arguments', () => {
    const phi = (a: number) => ({ value: a, slope: 1 });
    const s = { phi0: 0, slope0: -1, alpha0: 1 };
    expect(() => scalarSearch({} as never, phi, s)).toThrow(
      new TypeError('scalarSearch: search must be a LineSearch, got an object'),
    );
    expect(() => scalarSearch(moreThuente(), 3 as never, s)).toThrow(
      new TypeError('scalarSearch: phi must be a function, got the number 3'),
    );
    expect(() => scalarSearch(moreThuente(), phi, { ...s, alpha0: -1 })).toThrow(
      'moreThuente: alpha0 must be a finite number > 0, got -1',
    );
  });
});
