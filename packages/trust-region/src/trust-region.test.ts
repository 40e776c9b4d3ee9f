import {
  type CurvatureSource,
  DenseMatrix,
  exactCurvature,
  finiteDifferenceCurvature,
  matVec,
  run,
  runAsync,
  start,
} from '@hessian/core';
import { getProblem } from '@hessian/problems';
import { describe, expect, it } from 'vitest';
import { gltr } from './gltr.js';
import { moreSorensen } from './more-sorensen.js';
import { updateRadius } from './ratio.js';
import { steihaugCG } from './steihaug.js';
import type { HvpSubproblem } from './subproblem.js';
import {
  dogleg,
  trustExact,
  trustKrylov,
  trustNcg,
  trustRegion,
  trustRegionCauchy,
} from './trust-region.js';

/**
 * A dense SR1 approximation as a curvature source, written here so that this package
 * needs no quasi-Newton import: B₀ = I, B ← B + (y − Bs)(y − Bs)ᵀ/((y − Bs)ᵀs), skipped
 * when the denominator is tiny (Nocedal & Wright (6.24), (6.26)). Counts its updates.
 */
function sr1(): CurvatureSource & { updates: number } {
  const source = {
    kind: 'sr1',
    dense: true,
    updates: 0,
    create(context: { dimension: number }) {
      const n = context.dimension;
      const B = DenseMatrix.identity(n);
      const r = new Float64Array(n);
      return {
        kind: 'sr1',
        // biome-ignore lint/correctness/useYield: the approximation asks for nothing
        *hessian(_x: Float64Array, out: DenseMatrix) {
          out.data.set(B.data);
          return 0;
        },
        // biome-ignore lint/correctness/useYield: the approximation asks for nothing
        *hvp(_x: Float64Array, v: Float64Array, out: Float64Array) {
          matVec(B, v, out);
          return 0;
        },
        update(s: Float64Array, y: Float64Array) {
          source.updates++;
          matVec(B, s, r);
          let den = 0;
          let rr = 0;
          let ss = 0;
          for (let i = 0; i < n; i++) {
            r[i] = y[i] - r[i];
            den += r[i] * s[i];
            rr += r[i] * r[i];
            ss += s[i] * s[i];
          }
          if (Math.abs(den) < 1e-8 * Math.sqrt(rr * ss)) return;
          for (let i = 0; i < n; i++)
            for (let j = 0; j < n; j++) B.data[i * n + j] += (r[i] * r[j]) / den;
        },
      };
    },
  };
  return source;
}

describe('option validation', () => {
  it('names the factory and the option, with the exact text', () => {
    expect(() => trustRegion({ eta: 0.5 })).toThrow(
      new RangeError('trustRegion: eta must be in [0, 0.25), got 0.5'),
    );
    expect(() => trustRegion({ eta: Number.NaN })).toThrow(
      new RangeError('trustRegion: eta must be in [0, 0.25), got NaN'),
    );
    expect(() => trustNcg({ eta: -0.1 })).toThrow(
      new RangeError('trustNcg: eta must be in [0, 0.25), got -0.1'),
    );
    expect(() => trustRegion({ radius0: 0 })).toThrow(
      new RangeError('trustRegion: radius0 must be a finite number > 0, got 0'),
    );
    expect(() => trustExact({ maxRadius: 0.5 })).toThrow(
      new RangeError('trustExact: maxRadius must be a finite number >= radius0 (1), got 0.5'),
    );
    expect(() => dogleg({ radius0: 2, minRadius: 2 })).toThrow(
      new RangeError('dogleg: minRadius must be in [0, radius0) = [0, 2), got 2'),
    );
    expect(() => trustKrylov({ eta: '0.1' as unknown as number })).toThrow(
      new RangeError('trustKrylov: eta must be in [0, 0.25), got a string'),
    );
    expect(() => trustRegion({ subproblem: {} as never })).toThrow(
      new TypeError(
        "trustRegion: subproblem must be a subproblem solver { name, needs: 'dense' | 'hvp', allocate, solve } or one of 'exact', 'ncg', 'krylov', 'dogleg', 'cauchy', got an object",
      ),
    );
    expect(() => trustRegion({ subproblem: 'steihaug' as never })).toThrow(
      new TypeError(
        "trustRegion: subproblem must be a subproblem solver { name, needs: 'dense' | 'hvp', allocate, solve } or one of 'exact', 'ncg', 'krylov', 'dogleg', 'cauchy', got 'steihaug'",
      ),
    );
    expect(() => trustRegion({ curvature: 3 as never })).toThrow(
      new TypeError(
        'trustRegion: curvature must be a CurvatureSource { kind, dense, create }, got 3',
      ),
    );
    expect(() => trustExact({ subproblem: steihaugCG() } as never)).toThrow(
      new TypeError('trustExact: subproblem is fixed by this method; use trustRegion()'),
    );
    expect(() => trustRegionCauchy(null as never)).toThrow(
      new TypeError('trustRegionCauchy: options must be an object, got null'),
    );
  });

  it('validates the subproblem solvers’ options', () => {
    expect(() => steihaugCG({ maxIterations: 0 })).toThrow(
      new RangeError('steihaugCG: maxIterations must be an integer >= 1, got 0'),
    );
    expect(() => steihaugCG({ tolerance: 1 })).toThrow(
      new RangeError('steihaugCG: tolerance must be in (0, 1), got 1'),
    );
    expect(() => moreSorensen({ kEasy: 0 })).toThrow(
      new RangeError('moreSorensen: kEasy must be in (0, 1), got 0'),
    );
    expect(() => trustExact({ inner: { kHard: 2 } })).toThrow(
      new RangeError('moreSorensen: kHard must be in (0, 1), got 2'),
    );
    expect(() => gltr({ maxRestarts: -1 })).toThrow(
      new RangeError('gltr: maxRestarts must be an integer >= 0, got -1'),
    );
    expect(() => gltr({ maxIterations: 1.5 })).toThrow(
      new RangeError('gltr: maxIterations must be an integer >= 1, got 1.5'),
    );
  });
});

describe('names', () => {
  it('follow SciPy for the built-in solvers', () => {
    expect(trustExact().name).toBe('trust-exact');
    expect(trustNcg().name).toBe('trust-ncg');
    expect(trustKrylov().name).toBe('trust-krylov');
    expect(dogleg().name).toBe('dogleg');
    expect(trustRegionCauchy().name).toBe('trust-region-cauchy');
    expect(trustRegion().name).toBe('trust-ncg');
    expect(trustRegion({ subproblem: gltr() }).name).toBe('trust-krylov');
    expect(trustRegion({ subproblem: 'exact' }).name).toBe('trust-exact');
    expect(trustRegion({ subproblem: 'cauchy' }).name).toBe('trust-region-cauchy');
  });
});

describe('the driver (Nocedal & Wright Alg. 4.1)', () => {
  it('reports the start first, then every iteration with radius, inner iterations and info', () => {
    const p = getProblem('rosenbrock');
    const r = run(trustExact(), p, p.x0, { trace: true, gradientTolerance: 1e-10 });
    expect(r.status).toBe('converged-gradient');
    expect(r.x[0]).toBeCloseTo(1, 9);
    expect(r.x[1]).toBeCloseTo(1, 9);
    const t = r.trace!;
    expect(t[0]).toMatchObject({ iteration: 0, radius: 1 });
    expect(t[0].info).toBeUndefined();
    let rejected = 0;
    for (let i = 1; i < t.length; i++) {
      const { rho, accepted, exit } = t[i].info as { rho: number; accepted: boolean; exit: string };
      expect(accepted).toBe(rho > 0.15);
      expect([
        'interior',
        'boundary',
        'negative-curvature',
        'cauchy-fallback',
        'hard-case',
      ]).toContain(exit);
      expect(t[i].innerIterations).toBeGreaterThanOrEqual(1);
      if (!accepted) {
        rejected++;
        expect(t[i].value).toBe(t[i - 1].value);
        expect(t[i].stepNorm).toBeUndefined();
        expect(t[i].radius).toBe(t[i - 1].radius! / 4);
      } else {
        expect(t[i].value).toBeLessThan(t[i - 1].value);
        const grown = updateRadius(t[i - 1].radius!, rho, true);
        const kept = updateRadius(t[i - 1].radius!, rho, false);
        expect([grown, kept]).toContain(t[i].radius);
      }
    }
    expect(rejected).toBeGreaterThan(0);
  });

  it('is deterministic and the same in run, runAsync and ask/tell', async () => {
    const p = getProblem('extended-rosenbrock', { n: 8 });
    const a = run(trustKrylov(), p, p.x0);
    const b = await runAsync(trustKrylov(), p, p.x0);
    const opt = start(trustKrylov(), p.x0, { capabilities: { gradient: true, hvp: true } });
    for (let q = opt.ask(); q; q = opt.ask()) {
      if (q.op === 'value') opt.tell(p.value(q.x));
      else if (q.op === 'gradient') opt.tell(p.valueAndGradient(q.x, q.out));
      else if (q.op === 'hvp') {
        p.hessianVectorProduct(q.x, q.v, q.out);
        opt.tell(0);
      } else throw new Error(`unexpected ${q.op}`);
    }
    const c = opt.result();
    expect(a.status).toBe('converged-gradient');
    expect(Array.from(b.x)).toEqual(Array.from(a.x));
    expect(Array.from(c.x)).toEqual(Array.from(a.x));
    expect(c.evaluations).toEqual(a.evaluations);
  });

  it('never mutates x0', () => {
    const p = getProblem('beale');
    const x0 = Float64Array.from(p.x0);
    run(dogleg(), p, x0);
    expect(Array.from(x0)).toEqual(Array.from(p.x0));
  });

  it('treats a non-finite f at the trial point as a rejected step and shrinks the radius', () => {
    // f = (x − 3)², not defined beyond x = 2: the first (Newton) step to x = 3 is rejected.
    const problem = {
      dimension: 1,
      value: (x: Float64Array) => (x[0] > 2 ? Number.NaN : (x[0] - 3) ** 2),
      gradient: (x: Float64Array, out: Float64Array) => {
        out[0] = 2 * (x[0] - 3);
      },
      hessian: (_x: Float64Array, out: DenseMatrix) => {
        out.data[0] = 2;
      },
    };
    const r = run(trustExact({ radius0: 4 }), problem, [0], { trace: true, maxIterations: 30 });
    const first = r.trace![1];
    expect(first.info).toMatchObject({ accepted: false, rho: Number.NEGATIVE_INFINITY });
    expect(first.radius).toBe(1);
    expect(r.trace![2].info).toMatchObject({ accepted: true });
    expect(r.x[0]).toBeGreaterThan(1.99);
    expect(r.x[0]).toBeLessThanOrEqual(2);
  });

  it("ends with 'radius-too-small' when no step is ever accepted", () => {
    // The gradient has the wrong sign: every model step goes uphill.
    const problem = {
      dimension: 2,
      value: (x: Float64Array) => x[0] ** 2 + x[1] ** 2,
      gradient: (x: Float64Array, out: Float64Array) => {
        out[0] = -2 * x[0];
        out[1] = -2 * x[1];
      },
      hessian: (_x: Float64Array, out: DenseMatrix) => {
        out.data.set([2, 0, 0, 2]);
      },
    };
    const r = run(trustExact({ minRadius: 1e-6 }), problem, [1, 1], { trace: true });
    expect(r.status).toBe('radius-too-small');
    expect(r.message).toMatch(/^trust-region: the radius .* fell below minRadius·max\(1, ‖x‖\)/);
    expect(Array.from(r.x)).toEqual([1, 1]);
    // Δ = 4^-k < 1e-6·√2 first at k = 10.
    expect(r.iterations).toBe(10);
    expect(r.trace!.every((row) => row.iteration === 0 || row.info?.accepted === false)).toBe(true);
  });

  it("ends with 'no-predicted-decrease' when the solver's step predicts none", () => {
    const lazy: HvpSubproblem<null> = {
      name: 'lazy',
      needs: 'hvp',
      allocate: () => null,
      *solve(hvp, g, _radius, out) {
        yield* hvp(g, out);
        out.fill(0);
        return {
          predicted: 0,
          stepNorm: 0,
          onBoundary: false,
          exit: 'interior',
          innerIterations: 0,
        };
      },
    };
    const p = getProblem('rosenbrock');
    const method = trustRegion({ subproblem: lazy });
    expect(method.name).toBe('trust-region-lazy');
    const r = run(method, p, p.x0);
    expect(r.status).toBe('no-predicted-decrease');
    expect(r.message).toBe(
      'trust-region: the lazy step predicts no decrease of the model (m(0) − m(p) = 0).',
    );
    expect(r.iterations).toBe(0);
  });

  it('dogleg leaves a point of negative curvature by Cauchy steps, and says so', () => {
    // Himmelblau at (0, 0): ∇²f = diag(−42, −26), no dogleg path.
    const p = getProblem('himmelblau');
    const r = run(dogleg(), p, [0, 0], { trace: true });
    expect(r.trace![1].info).toMatchObject({ exit: 'cauchy-fallback', accepted: true });
    expect(r.status).toBe('converged-gradient');
    expect(r.value).toBeLessThan(1e-12);
  });

  it('accepts a quasi-Newton provider passed in and updates it on rejected steps too', () => {
    const p = getProblem('rosenbrock');
    for (const make of [trustExact, dogleg, trustNcg, trustKrylov]) {
      const source = sr1();
      const r = run(make({ curvature: source }), p, p.x0, { trace: true, maxIterations: 500 });
      expect(r.status, make.name).toBe('converged-gradient');
      expect(r.x[0]).toBeCloseTo(1, 5);
      expect(r.evaluations.hessian + r.evaluations.hvp).toBe(0);
      // One update per iteration: ∇f at every trial point, accepted or not.
      expect(source.updates).toBe(r.iterations);
      expect(r.trace!.some((row) => row.info?.accepted === false)).toBe(true);
      // Every trial point costs one gradient: x0 and one per iteration.
      expect(r.evaluations.gradient).toBe(r.iterations + 1);
    }
  });

  it('without a secant provider, asks only f at a trial point and ∇f once it is accepted', () => {
    const p = getProblem('rosenbrock');
    const r = run(trustNcg(), p, p.x0, { trace: true });
    const accepted = r.trace!.filter((row) => row.info?.accepted === true).length;
    expect(r.evaluations.value).toBe(r.iterations);
    expect(r.evaluations.gradient).toBe(accepted + 1);
  });

  it('builds the dense model from n products when the provider has no Hessian', () => {
    const p = getProblem('wood');
    const hvpOnly = {
      dimension: 4,
      value: p.value,
      gradient: p.gradient,
      hessianVectorProduct: p.hessianVectorProduct,
    };
    const a = run(trustExact(), hvpOnly, p.x0);
    const b = run(trustExact(), p, p.x0);
    expect(a.status).toBe('converged-gradient');
    expect(a.evaluations.hessian).toBe(0);
    expect(a.evaluations.hvp).toBe(4 * b.evaluations.hessian);
    expect(a.iterations).toBe(b.iterations);
  });

  it('runs on finite-difference curvature, and on value-only problems', () => {
    const p = getProblem('beale');
    const fd = run(trustExact({ curvature: finiteDifferenceCurvature() }), p, p.x0);
    expect(fd.status).toBe('converged-gradient');
    expect(fd.evaluations.hessian).toBe(0);
    const values = run(
      trustExact({ curvature: finiteDifferenceCurvature({ scheme: 'central' }) }),
      { value: p.value },
      p.x0,
      {
        gradientTolerance: 1e-5,
      },
    );
    expect(values.status).toBe('converged-gradient');
    expect(values.x[0]).toBeCloseTo(3, 4);
    const exact = run(trustKrylov({ curvature: exactCurvature() }), p, p.x0);
    expect(exact.status).toBe('converged-gradient');
  });

  it('GLTR takes fewer outer iterations than Steihaug CG on a nonconvex problem', () => {
    const p = getProblem('chained-rosenbrock', { n: 50 });
    const ncg = run(trustNcg(), p, p.x0);
    const krylov = run(trustKrylov({ inner: { tolerance: 1e-6 } }), p, p.x0);
    expect(ncg.status).toBe('converged-gradient');
    expect(krylov.status).toBe('converged-gradient');
    expect(krylov.iterations).toBeLessThan(ncg.iterations);
  });
});

describe('trust region: f not finite around x', () => {
  it('ends with non-finite, not radius-too-small, when every trial point is NaN', () => {
    const x0 = Float64Array.of(1, 2);
    const sphere = {
      value: (x: Float64Array) => (x[0] === 1 && x[1] === 2 ? x[0] ** 2 + x[1] ** 2 : Number.NaN),
      gradient: (x: Float64Array, out: Float64Array) => {
        out[0] = 2 * x[0];
        out[1] = 2 * x[1];
      },
      hessian: (_x: Float64Array, out: DenseMatrix) => {
        out.data.set([2, 0, 0, 2]);
      },
    };
    for (const method of [trustExact(), trustNcg(), dogleg()]) {
      const r = run(method, sphere, x0, { trace: true });
      expect(r.status).toBe('non-finite');
      expect(r.message).toMatch(/^trust-region: f or ∇f is not finite at the trial points near x/);
      expect(Array.from(r.x)).toEqual([1, 2]);
      expect(r.trace!.slice(1).every((row) => row.info?.accepted === false)).toBe(true);
    }
  });
});
