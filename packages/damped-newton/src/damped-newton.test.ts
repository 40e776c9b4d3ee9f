import {
  classifyCriticalPoint,
  DenseMatrix,
  dot,
  finiteDifferenceCurvature,
  matVec,
  run,
  runAsync,
  start,
  sub,
} from '@hessian/core';
import { backtracking } from '@hessian/line-search';
import { criticalPointOf, newton } from '@hessian/newton';
import { getProblem, himmelblauCriticalPoints } from '@hessian/problems';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dampedNewton } from './damped-newton.js';
import { MODIFICATIONS } from './modification.js';

/** f = x⁴/4 − x²/2 + y²/2: a saddle at the origin, minima at (±1, 0). */
const doubleWell = {
  dimension: 2,
  value: (x: Float64Array) => x[0] ** 4 / 4 - x[0] ** 2 / 2 + x[1] ** 2 / 2,
  gradient: (x: Float64Array, out: Float64Array) => {
    out[0] = x[0] ** 3 - x[0];
    out[1] = x[1];
  },
  hessian: (x: Float64Array, out: DenseMatrix) => {
    out.data.set([3 * x[0] ** 2 - 1, 0, 0, 1]);
  },
};

const kindOf = (r: Parameters<typeof criticalPointOf>[0]) => criticalPointOf(r)?.kind;

describe('dampedNewton reaches minima where exact Newton reaches saddles', () => {
  it('on x⁴/4 − x²/2 + y²/2 from near its saddle', () => {
    const x0 = [0.05, 0.3];
    const exact = run(newton(), doubleWell, x0);
    expect(exact.status).toBe('converged-gradient');
    expect(kindOf(exact)).toBe('saddle');
    expect(Math.abs(exact.x[0])).toBeLessThan(1e-6);
    for (const modification of MODIFICATIONS) {
      const r = run(dampedNewton({ modification }), doubleWell, x0, { gradientTolerance: 1e-10 });
      expect(r.status, modification).toBe('converged-gradient');
      expect(Math.abs(r.x[0]), modification).toBeCloseTo(1, 9);
      expect(classifyCriticalPoint(doubleWell, r.x).kind).toBe('minimum');
    }
  });

  it('on Himmelblau’s function from near each of its four saddles', () => {
    const himmelblau = getProblem('himmelblau');
    const saddles = himmelblauCriticalPoints().filter((c) => c.kind === 'saddle');
    expect(saddles.length).toBe(4);
    for (const { x } of saddles) {
      const x0 = [x[0] + 0.01, x[1] - 0.01];
      const exact = run(newton(), himmelblau, x0);
      expect(kindOf(exact)).toBe('saddle');
      for (const modification of MODIFICATIONS) {
        const r = run(dampedNewton({ modification }), himmelblau, x0, { gradientTolerance: 1e-9 });
        expect(r.status, modification).toBe('converged-gradient');
        expect(r.value, modification).toBeLessThan(1e-15);
        expect(classifyCriticalPoint(himmelblau, r.x).kind).toBe('minimum');
      }
    }
  });
});

/** f(x) = ½xᵀAx + bᵀx + (c/4)Σx_i⁴, A symmetric and usually indefinite. */
function indefiniteQuartic(n: number, entries: readonly number[], b: readonly number[], c: number) {
  const A = new DenseMatrix(n, n);
  let k = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      A.set(i, j, entries[k]);
      A.set(j, i, entries[k++]);
    }
  const Ax = new Float64Array(n);
  return {
    dimension: n,
    value(x: Float64Array) {
      matVec(A, x, Ax);
      let f = 0;
      for (let i = 0; i < n; i++) f += 0.5 * x[i] * Ax[i] + b[i] * x[i] + (c / 4) * x[i] ** 4;
      return f;
    },
    gradient(x: Float64Array, out: Float64Array) {
      matVec(A, x, out);
      for (let i = 0; i < n; i++) out[i] += b[i] + c * x[i] ** 3;
    },
    hessian(x: Float64Array, out: DenseMatrix) {
      out.copyFrom(A);
      for (let i = 0; i < n; i++) out.data[i * n + i] += 3 * c * x[i] ** 2;
    },
  };
}

describe('every step of dampedNewton descends', () => {
  it('gₖᵀ(xₖ₊₁ − xₖ) < 0 and f never increases beyond rounding, seen through onIteration, on random indefinite quadratics plus a quartic term', () => {
    const real = fc.double({ min: -1, max: 1, noNaN: true });
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }),
        fc.array(real, { minLength: 15, maxLength: 15 }),
        fc.array(real, { minLength: 10, maxLength: 10 }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.constantFrom(...MODIFICATIONS),
        (n, entries, vs, c, modification) => {
          const problem = indefiniteQuartic(
            n,
            entries.map((e) => 2 * e),
            vs.slice(0, n),
            c,
          );
          const x0 = vs.slice(5, 5 + n).map((v) => v / 10); // near the origin, where A dominates
          let prevX: Float64Array | undefined;
          let prevG: Float64Array | undefined;
          let prevF = Number.POSITIVE_INFINITY;
          const step = new Float64Array(n);
          // The driver's default gradient test (1e-6): much below it f stops changing in
          // floating point (f − f* ≈ ½gᵀH⁻¹g < ε|f|) and no line search can see a decrease.
          const r = run(dampedNewton({ modification }), problem, x0, {
            onIteration: (it) => {
              if (prevX && prevG) {
                sub(it.x, prevX, step);
                expect(dot(prevG, step)).toBeLessThan(0);
                // never up, but by rounding (a unit step in the rounding regime)
                expect(it.value).toBeLessThanOrEqual(prevF + 10 * Number.EPSILON * Math.abs(prevF));
              }
              prevX = Float64Array.from(it.x);
              prevG = Float64Array.from(it.gradient);
              prevF = it.value;
            },
          });
          expect(r.status).toBe('converged-gradient');
        },
      ),
      { seed: 42, numRuns: 60 },
    );
  });
});

describe('dampedNewton', () => {
  it('records per iteration which modification acted and how much it added', () => {
    for (const modification of MODIFICATIONS) {
      const r = run(dampedNewton({ modification }), doubleWell, [0.05, 0.3], {
        trace: true,
        gradientTolerance: 1e-10,
      });
      const rows = r.trace!.slice(1);
      const first = rows[0].info!;
      expect(first.modification).toBe(modification);
      expect(first.modified).toBe(true);
      // H = diag(3x² − 1, 1) at x = 0.05: its negative eigenvalue −0.9925 must be overcome
      expect(first.added as number).toBeGreaterThan(0.9925);
      const last = rows[rows.length - 1];
      expect(last.stepLength).toBe(1);
      if (modification === 'levenberg') {
        expect(typeof last.info!.ratio).toBe('number');
        expect(last.info!.added as number).toBeLessThan(first.added as number);
      } else expect(last.info).toMatchObject({ modification, added: 0, modified: false });
    }
  });

  it('takes pure Newton steps, and converges quadratically, where H is positive definite', () => {
    // From (0.9, 0.8) every unit Newton step meets the strong Wolfe conditions.
    const r = run(dampedNewton(), getProblem('rosenbrock'), [0.9, 0.8], {
      trace: true,
      gradientTolerance: 1e-12,
    });
    const exact = run(newton(), getProblem('rosenbrock'), [0.9, 0.8], {
      gradientTolerance: 1e-12,
    });
    expect(r.status).toBe('converged-gradient');
    expect(Array.from(r.x)).toEqual(Array.from(exact.x));
    expect(r.iterations).toBe(exact.iterations);
    for (const row of r.trace!.slice(1)) {
      expect(row.info!.added).toBe(0);
      expect(row.stepLength).toBe(1);
    }
  });

  it('solves Rosenbrock from the standard start with every modification and both searches', () => {
    for (const modification of MODIFICATIONS)
      for (const lineSearch of ['more-thuente', 'backtracking'] as const) {
        const r = run(
          dampedNewton({ modification, lineSearch }),
          getProblem('rosenbrock'),
          [-1.2, 1],
          {
            gradientTolerance: 1e-10,
          },
        );
        expect(r.status, `${modification} ${lineSearch}`).toBe('converged-gradient');
        expect(r.x[0]).toBeCloseTo(1, 9);
        expect(r.x[1]).toBeCloseTo(1, 9);
        expect(r.iterations).toBeLessThan(40);
      }
  });

  it('takes the unit step without a line search once f changes only by rounding', () => {
    // bdqrtic (n = 100): at ‖∇f‖∞ = 2.8e-6 the Newton step raises f = 378.77 by 1.1e-13
    // (rounding) and cuts ‖∇f‖∞ to 2e-13; an Armijo test reads the rise as failure.
    const r = run(dampedNewton(), getProblem('bdqrtic', { n: 100 }), getProblem('bdqrtic').x0, {
      trace: true,
    });
    expect(r.status).toBe('converged-gradient');
    const rows = r.trace!;
    const last = rows[rows.length - 1];
    const before = rows[rows.length - 2];
    expect(last.info!.rounding).toBe(true);
    expect(last.stepLength).toBe(1);
    expect(last.value - before.value).toBeLessThanOrEqual(10 * Number.EPSILON * before.value);
    expect(last.gradientNorm).toBeLessThan(1e-10);
    expect(rows.filter((t) => t.info?.rounding).length).toBe(1);
  });

  it('gives the same iterates from run, runAsync and ask/tell', async () => {
    const p = getProblem('himmelblau');
    const a = run(dampedNewton({ modification: 'levenberg' }), p, [0.1, 2.9]);
    const b = await runAsync(dampedNewton({ modification: 'levenberg' }), p, [0.1, 2.9]);
    const opt = start(dampedNewton({ modification: 'levenberg' }), [0.1, 2.9], {
      capabilities: { hessian: true },
    });
    for (let q = opt.ask(); q; q = opt.ask()) {
      if (q.op === 'gradient') opt.tell(p.valueAndGradient(q.x, q.out));
      else if (q.op === 'hessian') {
        p.hessian(q.x, q.out);
        opt.tell(0);
      } else if (q.op === 'value') opt.tell(p.value(q.x));
      else throw new Error(`unexpected ${q.op}`);
    }
    const c = opt.result();
    expect(a.status).toBe('converged-gradient');
    expect(Array.from(b.x)).toEqual(Array.from(a.x));
    expect(Array.from(c.x)).toEqual(Array.from(a.x));
    expect(c.evaluations).toEqual(a.evaluations);
  });

  it('accepts a LineSearch object and any dense curvature source', () => {
    const rosenbrock = getProblem('rosenbrock');
    const r = run(
      dampedNewton({
        lineSearch: backtracking({ c1: 1e-3 }),
        curvature: finiteDifferenceCurvature(),
      }),
      rosenbrock,
      [-1.2, 1],
      { gradientTolerance: 1e-8 },
    );
    expect(r.status).toBe('converged-gradient');
    expect(r.evaluations.hessian).toBe(0);
    expect(r.x[0]).toBeCloseTo(1, 6);
  });

  it('lets the line search shrink a step that leaves the domain', () => {
    // f = x − log x from 3: the Newton step −6 leaves x > 0.
    const r = run(
      dampedNewton(),
      {
        value: (x: Float64Array) => x[0] - Math.log(x[0]),
        gradient: (x: Float64Array, out: Float64Array) => {
          out[0] = 1 - 1 / x[0];
        },
        hessian: (x: Float64Array, out: DenseMatrix) => {
          out.data[0] = 1 / x[0] ** 2;
        },
      },
      [3],
      { gradientTolerance: 1e-12, trace: true },
    );
    expect(r.status).toBe('converged-gradient');
    expect(r.x[0]).toBeCloseTo(1, 12);
    expect(r.trace![1].stepLength!).toBeLessThan(0.5);
  });

  it('ends with non-finite when the Hessian is not finite', () => {
    const r = run(
      dampedNewton(),
      {
        ...doubleWell,
        hessian: (_x: Float64Array, out: DenseMatrix) => void out.data.fill(Number.NaN),
      },
      [0.5, 0.5],
    );
    expect(r.status).toBe('non-finite');
    expect(Array.from(r.x)).toEqual([0.5, 0.5]);
  });

  it('validates its options with messages naming them', () => {
    const bad: [unknown, Error][] = [
      [null, new TypeError('dampedNewton: options must be an object, got null')],
      [
        { modification: 'x' },
        new RangeError(
          "dampedNewton: modification must be one of 'cholesky-shift', 'modified-cholesky', 'eigen', 'levenberg', got 'x'",
        ),
      ],
      [
        { lineSearch: 'wolfe' },
        new TypeError(
          "dampedNewton: lineSearch must be a LineSearch or one of 'more-thuente', 'backtracking', got 'wolfe'",
        ),
      ],
      [{ curvature: 3 }, new TypeError('dampedNewton: curvature must be a CurvatureSource, got 3')],
      [
        { curvature: { kind: 'lbfgs', dense: false, create: () => ({}) } },
        new TypeError("dampedNewton: curvature must give a dense Hessian, got 'lbfgs'"),
      ],
      [{ beta: 0 }, new RangeError('dampedNewton: beta must be a finite number > 0, got 0')],
      [
        { beta: Infinity },
        new RangeError('dampedNewton: beta must be a finite number > 0, got Infinity'),
      ],
      [
        { eigenMode: 'abs' },
        new RangeError("dampedNewton: eigenMode must be one of 'flip', 'floor', got 'abs'"),
      ],
      [
        { eigenFloor: 1 },
        new RangeError('dampedNewton: eigenFloor must be a number in (0, 1), got 1'),
      ],
      [
        { damping: -1 },
        new RangeError('dampedNewton: damping must be a finite number > 0, got -1'),
      ],
      [
        { shift: 1 },
        new TypeError(
          "dampedNewton: unknown option 'shift' (options are modification, lineSearch, curvature, beta, eigenMode, eigenFloor, damping)",
        ),
      ],
    ];
    for (const [options, error] of bad) expect(() => dampedNewton(options as never)).toThrow(error);
    expect(dampedNewton().name).toBe('damped-newton');
  });
});
