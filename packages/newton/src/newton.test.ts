import {
  type CurvatureSource,
  DenseMatrix,
  distance2,
  exactCurvature,
  finiteDifferenceCurvature,
  matVec,
  normInf,
  run,
  runAsync,
} from '@hessian/core';
import { backtracking, moreThuente } from '@hessian/line-search';
import { getProblem, mulberry32 } from '@hessian/problems';
import { describe, expect, it } from 'vitest';
import { criticalPointOf } from './classify.js';
import { newton } from './newton.js';

const kindOf = (r: Parameters<typeof criticalPointOf>[0]) => criticalPointOf(r)?.kind;

/** f = ½xᵀAx − bᵀx with A symmetric positive definite (seeded). */
function convexQuadratic(n: number, seed: number) {
  const rand = mulberry32(seed);
  const B = new DenseMatrix(n, n);
  for (let k = 0; k < n * n; k++) B.data[k] = rand() - 0.5;
  const A = new DenseMatrix(n, n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = i === j ? 1 : 0;
      for (let k = 0; k < n; k++) s += B.get(k, i) * B.get(k, j);
      A.set(i, j, s);
    }
  const b = Float64Array.from({ length: n }, () => rand() - 0.5);
  const Ax = new Float64Array(n);
  return {
    A,
    b,
    dimension: n,
    value(x: Float64Array) {
      matVec(A, x, Ax);
      let f = 0;
      for (let i = 0; i < n; i++) f += 0.5 * x[i] * Ax[i] - b[i] * x[i];
      return f;
    },
    gradient(x: Float64Array, out: Float64Array) {
      matVec(A, x, out);
      for (let i = 0; i < n; i++) out[i] -= b[i];
    },
    hessian(_x: Float64Array, out: DenseMatrix) {
      out.copyFrom(A);
    },
  };
}

/** f = x² − y²: one critical point, a saddle at the origin. */
const saddle = {
  dimension: 2,
  value: (x: Float64Array) => x[0] ** 2 - x[1] ** 2,
  gradient: (x: Float64Array, out: Float64Array) => {
    out[0] = 2 * x[0];
    out[1] = -2 * x[1];
  },
  hessian: (_x: Float64Array, out: DenseMatrix) => {
    out.data.set([2, 0, 0, -2]);
  },
};

describe('newton', () => {
  it('solves a convex quadratic in one step, by Cholesky, and calls the point a minimum', () => {
    const q = convexQuadratic(6, 7);
    const r = run(newton(), q, new Float64Array(6), { gradientTolerance: 1e-12, trace: true });
    expect(r.status).toBe('converged-gradient');
    expect(r.iterations).toBe(1);
    expect(r.evaluations).toEqual({ value: 0, gradient: 2, hessian: 2, hvp: 0 });
    const Ax = matVec(q.A, r.x, new Float64Array(6));
    for (let i = 0; i < 6; i++) expect(Ax[i]).toBeCloseTo(q.b[i], 13);
    expect(r.trace![1].info).toEqual({ solver: 'cholesky', halvings: 0 });
    expect(r.trace![1].stepLength).toBe(1);
    expect(kindOf(r)).toBe('minimum');
  });

  it('converges quadratically on Rosenbrock near the solution', () => {
    const xstar = Float64Array.of(1, 1);
    const errors: number[] = [];
    const r = run(newton(), getProblem('rosenbrock'), [1.1, 1.15], {
      gradientTolerance: 1e-13,
      onIteration: (it) => {
        errors.push(distance2(it.x, xstar));
      },
    });
    expect(r.status).toBe('converged-gradient');
    expect(distance2(r.x, xstar)).toBeLessThan(1e-14);
    // e_{k+1} / e_k² stays bounded while e_k falls through five orders of magnitude
    // (a linearly or superlinearly convergent method's ratio would grow without bound).
    const ratios: number[] = [];
    for (let k = 0; k + 1 < errors.length && errors[k + 1] > 1e-15; k++)
      ratios.push(errors[k + 1] / errors[k] ** 2);
    expect(ratios.length).toBeGreaterThanOrEqual(3);
    expect(errors[ratios.length - 1]).toBeLessThan(1e-5);
    for (const c of ratios) expect(c).toBeLessThan(RATIO_BOUND);
    expect(kindOf(r)).toBe('minimum');
  });

  it('converges to the saddle of x² − y² from near the origin and says so', () => {
    const r = run(newton(), saddle, [0.01, -0.02], { trace: true });
    expect(r.status).toBe('converged-gradient');
    expect(Array.from(r.x)).toEqual([0, 0]);
    expect(r.trace![1].info).toEqual({ solver: 'lu', halvings: 0 });
    const c = criticalPointOf(r)!;
    expect(c.kind).toBe('saddle');
    expect(Array.from(c.analysis.eigenvalues)).toEqual([-2, 2]);
  });

  it('reaches Himmelblau’s local maximum from near it (exact Newton seeks any critical point)', () => {
    const r = run(newton(), getProblem('himmelblau'), [-0.25, -0.9]);
    expect(r.status).toBe('converged-gradient');
    expect(r.x[0]).toBeCloseTo(-0.270845, 5);
    expect(r.x[1]).toBeCloseTo(-0.923039, 5);
    expect(kindOf(r)).toBe('maximum');
  });

  it('ends with singular-hessian and the current point when H is singular', () => {
    // f = (x + y)²: H = [[2, 2], [2, 2]] everywhere
    const r = run(
      newton(),
      {
        value: (x: Float64Array) => (x[0] + x[1]) ** 2,
        gradient: (x: Float64Array, out: Float64Array) => {
          out.fill(2 * (x[0] + x[1]));
        },
        hessian: (_x: Float64Array, out: DenseMatrix) => {
          out.data.fill(2);
        },
      },
      [1, 2],
    );
    expect(r.status).toBe('singular-hessian');
    expect(r.message).toBe('newton: the Hessian is singular at x: the Newton step is undefined');
    expect(Array.from(r.x)).toEqual([1, 2]);
    expect(r.iterations).toBe(0);
    expect(kindOf(r)).toBe('not-critical');
  });

  it('halves a unit step that leaves the domain, then goes on', () => {
    // f = x − log x, minimum at 1; from 3 the Newton step −6 lands at −3 (NaN), then 0 (∞), then 1.5.
    const r = run(
      newton(),
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
    expect(r.trace![1].info).toEqual({ solver: 'cholesky', halvings: 2 });
    expect(r.trace![1].stepLength).toBe(0.25);
    expect(kindOf(r)).toBe('minimum');
  });

  it('ends with non-finite and the best point when halving does not help', () => {
    const x0 = 0.5;
    const r = run(
      newton({ maxHalvings: 3 }),
      {
        value: (x: Float64Array) => (x[0] === x0 ? x0 * x0 : Number.NaN),
        gradient: (x: Float64Array, out: Float64Array) => {
          out[0] = 2 * x[0];
        },
        hessian: (_x: Float64Array, out: DenseMatrix) => {
          out.data[0] = 2;
        },
      },
      [x0],
    );
    expect(r.status).toBe('non-finite');
    expect(r.message).toBe('newton: f or ∇f is not finite at x + αp (α = 0.125)');
    expect(Array.from(r.x)).toEqual([x0]);
    expect(r.value).toBe(0.25);
    expect(r.evaluations.gradient).toBe(1 + 4);
  });

  it('with a line search, converges where the unit step diverges (f = √(1 + x²))', () => {
    // Newton's unit step maps x to −x³: it diverges from |x| > 1.
    const problem = {
      value: (x: Float64Array) => Math.sqrt(1 + x[0] ** 2),
      gradient: (x: Float64Array, out: Float64Array) => {
        out[0] = x[0] / Math.sqrt(1 + x[0] ** 2);
      },
      hessian: (x: Float64Array, out: DenseMatrix) => {
        out.data[0] = (1 + x[0] ** 2) ** -1.5;
      },
    };
    const unit = run(newton(), problem, [1.5], { maxIterations: 20 });
    expect(unit.status).not.toBe('converged-gradient');
    for (const lineSearch of [backtracking(), moreThuente()]) {
      const r = run(newton({ lineSearch }), problem, [1.5], { gradientTolerance: 1e-10 });
      expect(r.status).toBe('converged-gradient');
      expect(Math.abs(r.x[0])).toBeLessThan(1e-10);
      expect(kindOf(r)).toBe('minimum');
    }
  });

  it('with a line search, stops when the Newton direction is not a descent direction', () => {
    // g = (1, −2), p = −H⁻¹g = (−0.5, −1): ∇fᵀp = 1.5 > 0
    const r = run(newton({ lineSearch: backtracking() }), saddle, [0.5, 1]);
    expect(r.status).toBe('line-search-failed');
    expect(r.message).toBe(
      'newton: the Newton direction is not a descent direction (∇fᵀp = 1.5): the Hessian is not positive definite here; use dampedNewton',
    );
    expect(Array.from(r.x)).toEqual([0.5, 1]);
  });

  it('runs on finite-difference Hessians and on any dense curvature source', () => {
    const rosenbrock = getProblem('rosenbrock');
    const noHessian = { value: rosenbrock.value, gradient: rosenbrock.gradient };
    const r = run(newton(), noHessian, [1.1, 1.15], { gradientTolerance: 1e-8 });
    expect(r.status).toBe('converged-gradient');
    expect(r.evaluations.hessian).toBe(0);
    expect(r.x[0]).toBeCloseTo(1, 7);
    const c = run(
      newton({ curvature: finiteDifferenceCurvature({ scheme: 'central' }) }),
      rosenbrock,
      [1.1, 1.15],
    );
    expect(c.status).toBe('converged-gradient');
    expect(c.evaluations.hessian).toBe(0);
  });

  it('tells the curvature provider every accepted step s and gradient change y', () => {
    const seen: [number[], number[]][] = [];
    const exact = exactCurvature();
    const recording: CurvatureSource = {
      kind: 'recording',
      dense: true,
      create(context) {
        const p = exact.create(context);
        return { ...p, update: (s, y) => void seen.push([Array.from(s), Array.from(y)]) };
      },
    };
    const xs: number[][] = [];
    const gs: number[][] = [];
    run(newton({ curvature: recording }), getProblem('rosenbrock'), [1.1, 1.15], {
      onIteration: (it) => {
        xs.push(Array.from(it.x));
        gs.push(Array.from(it.gradient));
      },
    });
    expect(seen.length).toBe(xs.length - 1);
    seen.forEach(([s, y], k) => {
      for (let i = 0; i < 2; i++) {
        expect(s[i]).toBe(xs[k + 1][i] - xs[k][i]);
        expect(y[i]).toBe(gs[k + 1][i] - gs[k][i]);
      }
    });
  });

  it('gives the same iterates from run and runAsync, and never touches x0', async () => {
    const x0 = [-1.2, 1];
    const a = run(newton(), getProblem('rosenbrock'), x0);
    const p = getProblem('rosenbrock');
    const b = await runAsync(newton(), { ...p, value: async (x: Float64Array) => p.value(x) }, x0);
    expect(x0).toEqual([-1.2, 1]);
    expect(Array.from(b.x)).toEqual(Array.from(a.x));
    expect(a.status).toBe('converged-gradient');
    expect(normInf(a.gradient)).toBeLessThanOrEqual(1e-6);
  });

  it('classify: false leaves extra empty', () => {
    const r = run(newton({ classify: false }), saddle, [0.01, 0.02]);
    expect(r.extra).toBeUndefined();
    const t = run(newton({ classify: { gradientTolerance: 1e-20 } }), saddle, [0.01, 0.02]);
    expect(kindOf(t)).toBe('saddle');
  });

  it('validates its options with messages naming them', () => {
    const bad: [unknown, Error][] = [
      [42, new TypeError('newton: options must be an object, got 42')],
      [
        { linesearch: 1 },
        new TypeError(
          "newton: unknown option 'linesearch' (options are lineSearch, curvature, maxHalvings, classify)",
        ),
      ],
      [
        { lineSearch: 'backtracking' },
        new TypeError("newton: lineSearch must be a LineSearch, got 'backtracking'"),
      ],
      [
        { curvature: {} },
        new TypeError('newton: curvature must be a CurvatureSource, got an object'),
      ],
      [
        { curvature: { kind: 'lbfgs', dense: false, create: () => ({}) } },
        new TypeError("newton: curvature must give a dense Hessian, got 'lbfgs'"),
      ],
      [{ maxHalvings: -1 }, new RangeError('newton: maxHalvings must be an integer >= 0, got -1')],
      [
        { maxHalvings: 1.5 },
        new RangeError('newton: maxHalvings must be an integer >= 0, got 1.5'),
      ],
      [{ classify: true }, new TypeError('newton: classify must be false or an object, got true')],
      [
        { classify: { gradientTolerance: -1 } },
        new RangeError('newton: classify.gradientTolerance must be a finite number >= 0, got -1'),
      ],
      [
        { classify: { eigenvalueTolerance: Number.NaN } },
        new RangeError(
          'newton: classify.eigenvalueTolerance must be a finite number >= 0, got NaN',
        ),
      ],
    ];
    for (const [options, error] of bad) expect(() => newton(options as never)).toThrow(error);
    expect(newton().name).toBe('newton');
  });
});

/**
 * The bound on e_{k+1}/e_k²: measured at most 38.5 from this start (the ratios
 * alternate between about 0.2 and 38 as the error turns around the valley's curve);
 * the local theory bounds it by about ½·L·‖∇²f(x*)⁻¹‖ ≈ ½·2400·2.5 = 3000.
 */
const RATIO_BOUND = 100;
