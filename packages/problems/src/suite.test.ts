import {
  cholesky,
  choleskySolve,
  DenseMatrix,
  type Method,
  type MethodExit,
  type Program,
  type Result,
  report,
} from '@hessian/core';
import { describe, expect, it } from 'vitest';
import { getProblem } from './registry.js';
import { defaultSuiteProblems, runSuite, suiteCases, suiteFailure } from './suite.js';

/**
 * The smallest robust second-order method, for testing the suite itself: Newton's
 * direction on H + τI with τ raised until Cholesky succeeds (Nocedal & Wright,
 * Algorithm 3.3), then Armijo backtracking from α = 1.
 */
function modifiedNewton(): Method {
  return {
    name: 'modified-newton',
    *program(x, { dimension: n }): Program<MethodExit> {
      const g = new Float64Array(n);
      const d = new Float64Array(n);
      const xt = new Float64Array(n);
      const gt = new Float64Array(n);
      const H = DenseMatrix.zeros(n);
      const L = DenseMatrix.zeros(n);
      let f = yield { op: 'gradient', x, out: g };
      if (!Number.isFinite(f)) return { status: 'non-finite' };
      if (yield* report({ op: 'iteration', x, value: f, gradient: g, initial: true })) return {};
      for (;;) {
        if (Number.isNaN(yield { op: 'hessian', x, out: H })) return { status: 'non-finite' };
        let hmax = 0;
        for (let i = 0; i < n * n; i++) hmax = Math.max(hmax, Math.abs(H.data[i]));
        let tau = 0;
        for (;;) {
          L.data.set(H.data);
          for (let i = 0; i < n; i++) L.data[i * n + i] += tau;
          if (cholesky(L, L)) break;
          tau = tau === 0 ? Math.max(1e-8 * hmax, 1e-12) : 10 * tau;
        }
        for (let i = 0; i < n; i++) d[i] = -g[i];
        choleskySolve(L, d, d);
        let slope = 0;
        for (let i = 0; i < n; i++) slope += g[i] * d[i];
        let alpha = 1;
        let ft = Number.NaN;
        for (let k = 0; ; k++) {
          if (k === 60) return { status: 'line-search-failed' };
          for (let i = 0; i < n; i++) xt[i] = x[i] + alpha * d[i];
          ft = yield { op: 'gradient', x: xt, out: gt };
          if (Number.isFinite(ft) && ft <= f + 1e-4 * alpha * slope) break;
          alpha /= 2;
        }
        x.set(xt);
        g.set(gt);
        f = ft;
        if (yield* report({ op: 'iteration', x, value: f, gradient: g, stepLength: alpha }))
          return {};
      }
    },
  };
}

/** Plain steepest descent with backtracking: slow, to exercise the exceptions. */
function steepestDescent(): Method {
  return {
    name: 'steepest-descent',
    *program(x, { dimension: n }): Program<MethodExit> {
      const g = new Float64Array(n);
      const xt = new Float64Array(n);
      const gt = new Float64Array(n);
      let f = yield { op: 'gradient', x, out: g };
      if (yield* report({ op: 'iteration', x, value: f, gradient: g, initial: true })) return {};
      for (;;) {
        let gg = 0;
        for (let i = 0; i < n; i++) gg += g[i] * g[i];
        let alpha = 1;
        for (let k = 0; ; k++) {
          if (k === 80) return { status: 'line-search-failed' };
          for (let i = 0; i < n; i++) xt[i] = x[i] - alpha * g[i];
          const ft = yield { op: 'gradient', x: xt, out: gt };
          if (ft <= f - 1e-4 * alpha * gg) {
            f = ft;
            break;
          }
          alpha /= 2;
        }
        x.set(xt);
        g.set(gt);
        if (yield* report({ op: 'iteration', x, value: f, gradient: g })) return {};
      }
    },
  };
}

// The whole default suite with a good second-order method: no exception needed.
runSuite('modified Newton (test method)', modifiedNewton);

// A first-order method on a few problems, with its failures named and explained
// (measured: these stop at the 1000-iteration limit).
runSuite('steepest descent (test method)', steepestDescent, {
  problems: ['rosenbrock', 'brown-badly-scaled', 'beale', 'himmelblau', 'tridia', 'quadratic'],
  skip: { quadratic: 'covered by tridia, another quadratic it solves (in ~960 iterations)' },
  convergenceExceptions: {
    rosenbrock: 'zig-zags along the curved valley: f ≈ 7e-4 after 1000 iterations',
    'brown-badly-scaled': 'scaling 10⁶ : 10⁻⁶: f ≈ 2.5e11 after 1000 iterations',
  },
});

describe('suiteCases', () => {
  it('selects the default suite with its tolerances', () => {
    const cases = suiteCases();
    expect(cases.map((c) => c.name)).toEqual(defaultSuiteProblems.map((e) => e.name));
    const gaussian = cases.find((c) => c.name === 'gaussian')!;
    expect(gaussian.gradientTolerance).toBe(1e-12);
    expect(gaussian.scale).toBe(1e-6);
    expect(gaussian.runOptions).toEqual({ gradientTolerance: 1e-12, maxIterations: 1000 });
    const watson = cases.find((c) => c.name === 'watson')!;
    expect(watson.label).toBe('watson (n=6)');
    expect(watson.valueTolerance).toBe(1e-6);
  });

  it('keeps the suite order, adds problems outside it, and applies skips and exceptions', () => {
    const cases = suiteCases({
      problems: ['bdqrtic', 'rosenbrock', 'watson', 'penalty-1'],
      skip: { bdqrtic: 'too slow for this method' },
      convergenceExceptions: { rosenbrock: 'known to stall' },
      runOptions: { maxIterations: 50 },
      valueTolerance: 1e-4,
    });
    expect(cases.map((c) => c.label)).toEqual([
      'rosenbrock',
      'watson (n=6)',
      'penalty-1 (n=10)',
      'bdqrtic (n=20)',
    ]);
    expect(cases[0].convergenceException).toBe('known to stall');
    expect(cases[0].skip).toBeUndefined();
    expect(cases[3].skip).toBe('too slow for this method');
    expect(cases[1].runOptions).toEqual({ gradientTolerance: 1e-6, maxIterations: 50 });
    expect(cases[1].valueTolerance).toBe(1e-4);
    const custom = suiteCases({
      problems: ['tridia', { name: 'watson', options: { n: 9 }, expect: 'optimum' }],
      convergenceExceptions: { watson: 'ill-conditioned at n = 9' },
    });
    expect(custom.map((c) => c.label)).toEqual(['tridia (n=20)', 'watson (n=9)']);
    expect(custom[1].convergenceException).toBe('ill-conditioned at n = 9');
  });

  it('rejects unknown names, unexplained exceptions and bad tolerances', () => {
    expect(() => suiteCases({ problems: ['rosenbrok'] })).toThrow(
      /^getProblem: unknown problem 'rosenbrok'/,
    );
    expect(() =>
      suiteCases({ problems: ['rosenbrock'], convergenceExceptions: { beale: 'why' } }),
    ).toThrow(
      new RangeError(
        "runSuite: options.convergenceExceptions names 'beale', which is not in the suite (rosenbrock)",
      ),
    );
    expect(() => suiteCases({ problems: ['rosenbrock'], skip: { rosenbrock: ' ' } })).toThrow(
      new TypeError("runSuite: options.skip['rosenbrock'] must explain why, got  "),
    );
    expect(() => suiteCases({ valueTolerance: 0 })).toThrow(
      new RangeError('runSuite: options.valueTolerance must be a finite number > 0, got 0'),
    );
  });
});

describe('suiteFailure', () => {
  const [c] = suiteCases({ problems: ['rosenbrock'] });
  const p = getProblem('rosenbrock');
  const result = (over: Partial<Result>): Result => ({
    method: 'm',
    x: new Float64Array([1, 1]),
    value: 0,
    gradient: new Float64Array(2),
    gradientNorm: 0,
    gradientNormKind: 'inf',
    status: 'converged-gradient',
    success: true,
    message: 'converged',
    iterations: 20,
    evaluations: { value: 0, gradient: 21, hessian: 20, hvp: 0 },
    elapsedMs: 1,
    ...over,
  });

  it('accepts f within the tolerance of f* and rejects the rest', () => {
    expect(suiteFailure(c, p, result({}))).toBeUndefined();
    expect(suiteFailure(c, p, result({ value: 9e-7 }))).toBeUndefined();
    expect(suiteFailure(c, p, result({ value: 2e-6 }))).toMatch(
      /^\|f − f\*\| = 0.000002 > 0.000001/,
    );
    expect(suiteFailure(c, p, result({ status: 'max-iterations', value: 0 }))).toMatch(
      /^did not converge/,
    );
    expect(suiteFailure(c, p, result({ value: Number.NaN }))).toMatch(/^f is not finite/);
    expect(suiteFailure(c, p, result({ value: 30 }))).toMatch(
      /^f = 30 is above f\(x0\) = 24\.1999/,
    );
  });

  it('for an exception, asserts only a finite f no worse than f(x0)', () => {
    const e = { ...c, convergenceException: 'stalls' };
    expect(suiteFailure(e, p, result({ status: 'max-iterations', value: 3 }))).toBeUndefined();
    expect(suiteFailure(e, p, result({ value: 30 }))).toMatch(/^f = 30 is above/);
  });

  it('for a stationary case, asserts the gradient norm', () => {
    const [s] = suiteCases({ problems: ['engval1'] });
    const q = getProblem('engval1', s.options);
    expect(suiteFailure(s, q, result({ value: 20, gradientNorm: 1e-7 }))).toBeUndefined();
    expect(suiteFailure(s, q, result({ value: 20, gradientNorm: 1e-5 }))).toMatch(
      /^‖g‖∞ = 0.00001 > 0.000001/,
    );
  });

  it('is never met at x0 by an optimum case: the value test can fail', () => {
    for (const c of suiteCases()) {
      if (c.expect !== 'optimum') continue;
      const q = getProblem(c.name, c.options);
      const f0 = q.value(q.x0);
      const atStart = result({ x: q.x0, value: f0, status: 'converged-gradient' });
      expect(suiteFailure(c, q, atStart), c.label).toMatch(/^\|f − f\*\|/);
    }
  });
});
