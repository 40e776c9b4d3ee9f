import {
  type CurvatureSource,
  exactCurvature,
  finiteDifferenceCurvature,
  normInf,
  run,
  runAsync,
} from '@hessian/core';
import { moreThuente } from '@hessian/line-search';
import { convexQuadratic, getProblem, logisticRegression } from '@hessian/problems';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sumOfSquaresProblem } from './gauss-newton.js';
import { newtonCg, reductionRatio, updateDamping } from './newton-cg.js';

function innerIterations(trace: { innerIterations?: number }[]): number[] {
  return trace.slice(1).map((row) => row.innerIterations ?? Number.NaN);
}

describe('newtonCg options', () => {
  const cases: [unknown, Error][] = [
    [
      { forcing: 'fast' },
      new RangeError(
        "newtonCg: forcing must be one of 'superlinear', 'quadratic', 'eisenstat-walker-1', 'eisenstat-walker-2' or a number in (0, 1), got 'fast'",
      ),
    ],
    [
      { forcing: 1 },
      new RangeError(
        "newtonCg: forcing must be one of 'superlinear', 'quadratic', 'eisenstat-walker-1', 'eisenstat-walker-2' or a number in (0, 1), got 1",
      ),
    ],
    [{ maxForcing: 1 }, new RangeError('newtonCg: maxForcing must be a number in (0, 1), got 1')],
    [
      { maxInnerIterations: 0 },
      new RangeError('newtonCg: maxInnerIterations must be an integer >= 1, got 0'),
    ],
    [{ probes: 1.5 }, new RangeError('newtonCg: probes must be an integer >= 1, got 1.5')],
    [{ memory: 0 }, new RangeError('newtonCg: memory must be an integer >= 1, got 0')],
    [
      { preconditioner: 'jacobi' },
      new RangeError(
        "newtonCg: preconditioner must be one of 'none', 'diagonal', 'hutchinson', 'hessian-diagonal', 'lbfgs' or { diagonal }, got 'jacobi'",
      ),
    ],
    [
      { preconditioner: { diagonal: [1, -1] } },
      new RangeError(
        'newtonCg: preconditioner.diagonal must hold finite numbers > 0, got -1 at index 1',
      ),
    ],
    [{ damping: -1 }, new RangeError('newtonCg: damping must be a finite number >= 0, got -1')],
    [
      { warmStart: 2 },
      new RangeError('newtonCg: warmStart must be a boolean or a number in (0, 1], got 2'),
    ],
    [
      { curvature: {} },
      new TypeError(
        'newtonCg: curvature must be a CurvatureSource { kind, dense, create }, got an object',
      ),
    ],
    [
      { lineSearch: 'wolfe' },
      new TypeError(
        "newtonCg: lineSearch must be a LineSearch { name, usesSlope, search }, got 'wolfe'",
      ),
    ],
    [
      { forcingTerm: 0.1 },
      new TypeError(
        'newtonCg: unknown option forcingTerm (known: curvature, lineSearch, forcing, maxForcing, maxInnerIterations, preconditioner, probes, memory, damping, warmStart)',
      ),
    ],
  ];
  it.each(cases)('rejects %j', (options, error) => {
    expect(() => newtonCg(options as never)).toThrow(error);
  });

  it('rejects a diagonal of the wrong length when the run starts', () => {
    const r = run(
      newtonCg({ preconditioner: { diagonal: [1, 2, 3] } }),
      getProblem('rosenbrock'),
      [-1.2, 1],
    );
    expect(r.status).toBe('evaluation-error');
    expect((r.cause as Error).message).toBe(
      'newtonCg: preconditioner.diagonal must have length 2, got length 3',
    );
  });
});

describe('newtonCg on quadratics', () => {
  it('is exact in one outer iteration of at most n inner iterations with a tight forcing term', () => {
    // Finite termination in n CG iterations holds in exact arithmetic; with condition 10 the
    // rounding keeps the n-th residual below 1e-10‖g‖ (with condition 100 and n ≥ 10 it does not).
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 2, max: 25 }), (seed, n) => {
        const p = convexQuadratic(n, 10, seed);
        const r = run(newtonCg({ forcing: 1e-10 }), p, p.x0, {
          trace: true,
          gradientTolerance: 1e-8,
        });
        expect(r.status).toBe('converged-gradient');
        expect(r.iterations).toBe(1);
        expect(r.trace![1].innerIterations).toBeLessThanOrEqual(n);
        expect(r.trace![1].stepLength).toBe(1);
        for (let i = 0; i < n; i++) expect(r.x[i]).toBeCloseTo(p.xstar![i], 7);
        expect(r.evaluations.hessian).toBe(0);
      }),
      { seed: 42, numRuns: 30 },
    );
  });

  it('takes as many inner iterations as the Hessian has distinct eigenvalues', () => {
    const lambdas = [1, 1, 1, 3, 3, 7, 7, 7, 10, 10];
    const problem = {
      dimension: 10,
      value: (x: Float64Array) => lambdas.reduce((s, l, i) => s + 0.5 * l * (x[i] - 1) ** 2, 0),
      gradient: (x: Float64Array, out: Float64Array) =>
        lambdas.forEach((l, i) => void (out[i] = l * (x[i] - 1))),
      hessianVectorProduct: (_x: Float64Array, v: Float64Array, out: Float64Array) =>
        lambdas.forEach((l, i) => void (out[i] = l * v[i])),
    };
    const r = run(newtonCg({ forcing: 1e-12 }), problem, new Float64Array(10), { trace: true });
    expect(r.iterations).toBe(1);
    expect(innerIterations(r.trace!)).toEqual([4]);
    expect(r.evaluations.hvp).toBe(4);
  });

  it('shrinks the damping when the model is exact (ratio 1) and grows it when it is not', () => {
    expect(updateDamping(1, 1)).toBeCloseTo(2 / 3, 15);
    expect(updateDamping(1, 0.5)).toBe(1);
    expect(updateDamping(1, 0.1)).toBe(1.5);
    expect(updateDamping(1, Number.NaN)).toBe(1.5);
    expect(reductionRatio(-0.9, -1)).toBeCloseTo(0.9, 15);
    expect(reductionRatio(-1, 0)).toBe(-Infinity);
    const p = convexQuadratic(20, 10, 3);
    const r = run(newtonCg({ damping: 1, forcing: 1e-10 }), p, p.x0, { trace: true });
    expect(r.status).toBe('converged-gradient');
    const lambdas = r.trace!.slice(1).map((row) => row.info!.damping as number);
    for (let k = 1; k < lambdas.length; k++) expect(lambdas[k]).toBeLessThan(lambdas[k - 1]);
  });
});

describe('newtonCg forcing terms', () => {
  it('takes fewer outer iterations with a tighter forcing term', () => {
    const p = getProblem('engval1', { n: 200 });
    const count = (forcing: number | 'superlinear' | 'quadratic') => {
      const r = run(newtonCg({ forcing }), p, p.x0);
      expect(r.status).toBe('converged-gradient');
      return { outer: r.iterations, inner: r.extra!.innerIterations as number };
    };
    const loose = count(0.5);
    const superlinear = count('superlinear');
    const quadratic = count('quadratic');
    const tight = count(1e-10);
    expect(superlinear.outer).toBeLessThan(loose.outer);
    expect(quadratic.outer).toBeLessThanOrEqual(superlinear.outer);
    expect(tight.outer).toBeLessThan(quadratic.outer);
    // and pays for it in CG iterations per outer iteration
    expect(tight.inner / tight.outer).toBeGreaterThan(4 * (loose.inner / loose.outer));
  });

  it('converges with both Eisenstat–Walker choices, their η in (0, ηmax]', () => {
    for (const forcing of ['eisenstat-walker-1', 'eisenstat-walker-2'] as const) {
      const p = getProblem('chained-rosenbrock', { n: 50 });
      const r = run(newtonCg({ forcing }), p, p.x0, { trace: true, gradientTolerance: 1e-8 });
      expect(r.status).toBe('converged-gradient');
      const etas = r.trace!.slice(1).map((row) => row.info!.forcing as number);
      expect(etas[0]).toBe(0.5);
      for (const eta of etas) {
        expect(eta).toBeGreaterThan(0);
        expect(eta).toBeLessThanOrEqual(0.5);
      }
      // the forcing terms tighten as the iterates converge
      expect(etas[etas.length - 1]).toBeLessThan(0.1);
    }
  });
});

describe('newtonCg on large problems through HVPs alone', () => {
  it('fits a logistic regression with 10⁴ features without forming the Hessian', () => {
    const p = logisticRegression({ m: 200, n: 10_000, lambda: 1e-2, seed: 1 });
    const r = run(newtonCg(), p, p.x0, { trace: true });
    expect(r.status).toBe('converged-gradient');
    expect(r.gradientNorm).toBeLessThanOrEqual(1e-6);
    expect(r.evaluations.hessian).toBe(0);
    expect(r.evaluations.hvp).toBe(r.extra!.curvatureProducts);
    expect(r.evaluations.hvp).toBeGreaterThan(0);
    expect(r.iterations).toBeLessThan(30);
  });

  it('uses finite differences of gradients when the problem gives no HVP', () => {
    const p = getProblem('extended-rosenbrock', { n: 100 });
    const r = run(newtonCg(), { value: p.value, gradient: p.gradient }, p.x0);
    expect(r.status).toBe('converged-gradient');
    expect(r.evaluations.hvp).toBe(0);
    expect(r.evaluations.hessian).toBe(0);
    for (let i = 0; i < 100; i++) expect(r.x[i]).toBeCloseTo(1, 5);
  });
});

describe('newtonCg negative curvature', () => {
  // f = x² − y² + y⁴: a saddle at 0, minima at (0, ±1/√2)
  const saddle = {
    dimension: 2,
    value: (x: Float64Array) => x[0] ** 2 - x[1] ** 2 + x[1] ** 4,
    gradient: (x: Float64Array, out: Float64Array) => {
      out[0] = 2 * x[0];
      out[1] = -2 * x[1] + 4 * x[1] ** 3;
    },
    hessianVectorProduct: (x: Float64Array, v: Float64Array, out: Float64Array) => {
      out[0] = 2 * v[0];
      out[1] = (-2 + 12 * x[1] ** 2) * v[1];
    },
  };

  it('falls back to steepest descent on the first inner iteration and counts it', () => {
    const r = run(newtonCg(), saddle, [0, 0.1], { trace: true });
    expect(r.status).toBe('converged-gradient');
    expect(r.x[1]).toBeCloseTo(Math.SQRT1_2, 6);
    const first = r.trace![1].info!;
    expect(first.cg).toBe('steepest-descent');
    expect(first.steepestDescent).toBe(1);
    expect(r.extra!.steepestDescent).toBeGreaterThanOrEqual(1);
  });

  it('returns the last CG iterate on negative curvature later and counts it', () => {
    const r = run(newtonCg({ forcing: 1e-6 }), saddle, [1, 0.1], { trace: true });
    expect(r.status).toBe('converged-gradient');
    expect(Math.abs(r.x[1])).toBeCloseTo(Math.SQRT1_2, 6);
    expect(r.trace![1].info!.cg).toBe('negative-curvature');
    expect(r.trace![1].innerIterations).toBe(2);
    expect(r.extra!.negativeCurvature).toBeGreaterThanOrEqual(1);
    const last = r.trace![r.trace!.length - 1].info!;
    expect(last.negativeCurvature).toBe(r.extra!.negativeCurvature);
  });
});

describe('newtonCg preconditioners', () => {
  const p = getProblem('tridia', { n: 1000 });
  const totals = (preconditioner: Parameters<typeof newtonCg>[0]) => {
    const r = run(newtonCg({ ...preconditioner, maxInnerIterations: 1000 }), p, p.x0);
    expect(r.status).toBe('converged-gradient');
    return r;
  };

  it('a diagonal preconditioner cuts the CG iterations on a badly scaled problem', () => {
    const none = totals({});
    const probing = totals({ preconditioner: 'diagonal', probes: 3 });
    const hutchinson = totals({ preconditioner: 'hutchinson', probes: 4 });
    const dense = totals({ preconditioner: 'hessian-diagonal' });
    const noneInner = none.extra!.innerIterations as number;
    expect(probing.extra!.innerIterations).toBeLessThan(noneInner / 4);
    expect(hutchinson.extra!.innerIterations).toBeLessThan(noneInner / 2);
    expect(dense.extra!.innerIterations).toBe(probing.extra!.innerIterations);
    expect(probing.evaluations.hessian).toBe(0);
    expect(dense.evaluations.hessian).toBe(dense.iterations);
  });

  it('takes a user diagonal, fixed or computed', () => {
    const D = Float64Array.from({ length: 1000 }, (_, i) => 10 * (i + 1));
    const fixed = totals({ preconditioner: { diagonal: D } });
    const computed = totals({ preconditioner: { diagonal: () => D } });
    expect(computed.extra!.innerIterations).toBe(fixed.extra!.innerIterations);
  });

  it('an L-BFGS preconditioner from the outer steps converges with fewer CG iterations', () => {
    const q = getProblem('extended-rosenbrock', { n: 1000 });
    const none = run(newtonCg({ forcing: 'quadratic' }), q, q.x0);
    const lbfgs = run(newtonCg({ forcing: 'quadratic', preconditioner: 'lbfgs' }), q, q.x0);
    expect(lbfgs.status).toBe('converged-gradient');
    expect(lbfgs.extra!.innerIterations).toBeLessThan(none.extra!.innerIterations as number);
  });

  it('rejects hessian-diagonal without a dense provider', () => {
    const { problem, curvature } = sumOfSquaresProblem(rosenbrockResiduals(4));
    const r = run(
      newtonCg({ curvature, preconditioner: 'hessian-diagonal' }),
      problem,
      [-1.2, 1, -1.2, 1],
    );
    expect(r.status).toBe('evaluation-error');
    expect((r.cause as Error).message).toBe(
      "newtonCg: preconditioner 'hessian-diagonal' needs a curvature provider with a dense hessian, got 'gauss-newton'",
    );
  });
});

/** Extended Rosenbrock as residuals r_{2i} = 10(x_{2i+1} − x_{2i}²), r_{2i+1} = 1 − x_{2i}. */
function rosenbrockResiduals(n: number) {
  return {
    m: n,
    dimension: n,
    residuals: (x: Float64Array, out: Float64Array) => {
      for (let i = 0; i < n; i += 2) {
        out[i] = 10 * (x[i + 1] - x[i] ** 2);
        out[i + 1] = 1 - x[i];
      }
    },
    jvp: (x: Float64Array, v: Float64Array, out: Float64Array) => {
      for (let i = 0; i < n; i += 2) {
        out[i] = 10 * (v[i + 1] - 2 * x[i] * v[i]);
        out[i + 1] = -v[i];
      }
    },
    vjp: (x: Float64Array, u: Float64Array, out: Float64Array) => {
      for (let i = 0; i < n; i += 2) {
        out[i] = -20 * x[i] * u[i] - u[i + 1];
        out[i + 1] = 10 * u[i];
      }
    },
  };
}

describe('newtonCg, Martens-style', () => {
  it('solves a sum of squares with damped Gauss–Newton products and warm-started CG', () => {
    const n = 1000;
    const { problem, curvature } = sumOfSquaresProblem(rosenbrockResiduals(n));
    const x0 = Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? -1.2 : 1));
    const r = run(newtonCg({ curvature, damping: 1, warmStart: true }), problem, x0, {
      trace: true,
    });
    expect(r.status).toBe('converged-gradient');
    for (let i = 0; i < n; i++) expect(r.x[i]).toBeCloseTo(1, 6);
    expect(r.evaluations.hvp).toBe(0);
    expect(r.evaluations.hessian).toBe(0);
    const rows = r.trace!.slice(1);
    expect(rows.every((row) => typeof row.info!.damping === 'number')).toBe(true);
    expect(rows.some((row) => row.info!.warmStart === true)).toBe(true);
    // Gauss–Newton curvature is positive semidefinite: no negative curvature
    expect(r.extra!.negativeCurvature).toBe(0);
    // the damping falls as the model becomes trustworthy near the solution
    expect(r.extra!.damping as number).toBeLessThan(1);
  });
});

describe('newtonCg, the protocol', () => {
  it('reports the start first, innerIterations per iteration, and gives the same iterates sync and async', async () => {
    const p = getProblem('extended-rosenbrock', { n: 20 });
    const a = run(newtonCg(), p, p.x0, { trace: true });
    expect(a.trace![0].iteration).toBe(0);
    expect(a.trace![0].innerIterations).toBeUndefined();
    for (const row of a.trace!.slice(1)) expect(row.innerIterations).toBeGreaterThanOrEqual(1);
    const b = await runAsync(
      newtonCg(),
      { ...p, value: async (x: Float64Array) => p.value(x) },
      p.x0,
    );
    expect(Array.from(b.x)).toEqual(Array.from(a.x));
    expect(b.iterations).toBe(a.iterations);
  });

  it('calls a secant provider’s update once per accepted step', () => {
    let updates = 0;
    const exact = exactCurvature();
    const counting: CurvatureSource = {
      kind: 'counting',
      dense: false,
      create(context) {
        const inner = exact.create(context);
        return { kind: 'counting', hvp: inner.hvp, update: () => void updates++ };
      },
    };
    const p = getProblem('rosenbrock');
    const r = run(newtonCg({ curvature: counting }), p, p.x0);
    expect(r.status).toBe('converged-gradient');
    expect(updates).toBe(r.iterations);
  });

  it('runs with a Wolfe line search and with central-difference curvature', () => {
    const p = getProblem('rosenbrock');
    const r = run(
      newtonCg({
        lineSearch: moreThuente(),
        curvature: finiteDifferenceCurvature({ scheme: 'central' }),
      }),
      p,
      p.x0,
    );
    expect(r.status).toBe('converged-gradient');
    expect(normInf(r.gradient)).toBeLessThanOrEqual(1e-6);
    expect(r.x[0]).toBeCloseTo(1, 6);
  });

  it('ends with non-finite when a Hessian-vector product is not finite', () => {
    const p = getProblem('rosenbrock');
    const r = run(
      newtonCg(),
      {
        ...p,
        hessianVectorProduct: (_x: Float64Array, _v: Float64Array, out: Float64Array) => {
          out.fill(Number.NaN);
        },
      },
      p.x0,
    );
    expect(r.status).toBe('non-finite');
    expect(r.message).toBe('newtonCg: a Hessian-vector product was not finite');
    expect(r.iterations).toBe(0);
  });
});
