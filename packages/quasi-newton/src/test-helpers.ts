/**
 * Test helpers (not exported from the package): random secant pairs, quadratics, an
 * exact line search for quadratics, a failing line search, and the checkpoint-and-resume check.
 *
 * @packageDocumentation
 */
import {
  type Checkpoint,
  DenseMatrix,
  dot,
  type Method,
  mulberry32,
  pointAlong,
  quadraticForm,
  type Result,
  type RunOptions,
  run,
} from '@hessian/core';
import { type LineSearch, moreThuente } from '@hessian/line-search';
import { recordRun } from '@hessian/problems/suite';
import fc from 'fast-check';
import { expect } from 'vitest';

/** A random symmetric positive definite matrix Q diag(λ) Qᵀ with λ in [1, condition]. */
export function randomSpd(n: number, condition: number, seed: number): DenseMatrix {
  const rand = mulberry32(seed);
  // Q from Householder reflections of random vectors
  const Q = DenseMatrix.identity(n);
  for (let r = 0; r < 3; r++) {
    const v = Float64Array.from({ length: n }, () => rand() - 0.5);
    const vv = dot(v, v);
    // Q ← Q (I − 2 v vᵀ / vᵀv)
    const Qv = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let t = 0;
      for (let k = 0; k < n; k++) t += Q.data[i * n + k] * v[k];
      Qv[i] = t;
    }
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) Q.data[i * n + j] -= (2 * Qv[i] * v[j]) / vv;
  }
  const A = new DenseMatrix(n, n);
  for (let k = 0; k < n; k++) {
    const lambda = n === 1 ? 1 : condition ** (k / (n - 1));
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        A.data[i * n + j] += lambda * Q.data[i * n + k] * Q.data[j * n + k];
  }
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const v = 0.5 * (A.data[i * n + j] + A.data[j * n + i]);
      A.data[i * n + j] = v;
      A.data[j * n + i] = v;
    }
  return A;
}

/** f(x) = ½ xᵀAx − bᵀx with its gradient Ax − b. */
export function quadraticProblem(A: DenseMatrix, b: Float64Array) {
  const n = A.rows;
  return {
    dimension: n,
    value: (x: Float64Array) => 0.5 * quadraticForm(A, x) - dot(b, x),
    gradient: (x: Float64Array, out: Float64Array) => {
      for (let i = 0; i < n; i++) {
        let t = -b[i];
        for (let j = 0; j < n; j++) t += A.data[i * n + j] * x[j];
        out[i] = t;
      }
    },
  };
}

/** The exact line search for f = ½xᵀAx − bᵀx: alpha = −gᵀd / dᵀAd. */
export function exactQuadraticSearch(A: DenseMatrix): LineSearch {
  return {
    name: 'exact-quadratic',
    usesSlope: true,
    *search(x, d, _phi0, slope0, _alpha0, work) {
      const alpha = -slope0 / quadraticForm(A, d);
      pointAlong(x, alpha, d, work.x);
      const value = yield { op: 'gradient', x: work.x, out: work.g };
      return { alpha, value, slope: dot(work.g, d), evaluations: 1, status: 'converged' };
    },
  };
}

/** The Rosenbrock function in 2-D, minimizer (1, 1). */
export const rosenbrock2 = {
  dimension: 2,
  value: (x: Float64Array) => 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2,
  gradient: (x: Float64Array, g: Float64Array) => {
    g[0] = -400 * x[0] * (x[1] - x[0] ** 2) - 2 * (1 - x[0]);
    g[1] = 200 * (x[1] - x[0] ** 2);
  },
};

/** Extended Rosenbrock in n (even) dimensions, minimizer (1, …, 1). */
export function extendedRosenbrock(n: number) {
  return {
    dimension: n,
    value: (x: Float64Array) => {
      let f = 0;
      for (let i = 0; i < n; i += 2) f += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2;
      return f;
    },
    gradient: (x: Float64Array, g: Float64Array) => {
      for (let i = 0; i < n; i += 2) {
        const t = x[i + 1] - x[i] ** 2;
        g[i] = -400 * x[i] * t - 2 * (1 - x[i]);
        g[i + 1] = 200 * t;
      }
    },
  };
}

/**
 * Secant pairs (s, y = A s) of a random SPD A of size n, so sᵀy > 0: k pairs, n in 1–8.
 */
export const secantPairs = (maxPairs: number) =>
  fc.integer({ min: 1, max: 8 }).chain((n) =>
    fc.record({
      n: fc.constant(n),
      seed: fc.integer({ min: 1, max: 1_000_000 }),
      condition: fc.double({ min: 1, max: 1e3, noNaN: true }),
      steps: fc.array(
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
        { minLength: 1, maxLength: maxPairs },
      ),
    }),
  );

/** The pairs of a {@link secantPairs} sample: y = A s, dropping near-zero steps. */
export function pairsOf(sample: {
  n: number;
  seed: number;
  condition: number;
  steps: number[][];
}): { s: Float64Array; y: Float64Array }[] {
  const A = randomSpd(sample.n, sample.condition, sample.seed);
  return sample.steps
    .map((st) => Float64Array.from(st))
    .filter((s) => dot(s, s) > 1e-6)
    .map((s) => {
      const y = new Float64Array(sample.n);
      for (let i = 0; i < sample.n; i++) {
        let t = 0;
        for (let j = 0; j < sample.n; j++) t += A.data[i * sample.n + j] * s[j];
        y[i] = t;
      }
      return { s, y };
    });
}

/** max |a_i − b_i| / max(1, max |b_i|). */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let e = 0;
  let m = 1;
  for (let i = 0; i < b.length; i++) {
    e = Math.max(e, Math.abs(a[i] - b[i]));
    m = Math.max(m, Math.abs(b[i]));
  }
  return e / m;
}

/** moreThuente(), except that the calls listed fail (alpha 0, status max-evaluations). */
export function failingOn(calls: number[]): LineSearch & { calls: number } {
  const inner = moreThuente();
  const ls = {
    name: 'failing',
    usesSlope: true,
    calls: 0,
    *search(...args: Parameters<LineSearch['search']>) {
      ls.calls++;
      if (calls.includes(ls.calls)) {
        const [x, , phi0, slope0, , work] = args;
        work.x.set(x);
        return {
          alpha: 0,
          value: phi0,
          slope: slope0,
          evaluations: 0,
          status: 'max-evaluations' as const,
        };
      }
      return yield* inner.search(...args);
    },
  };
  return ls;
}

/** What a result must keep across a resume: everything but the clock and the trace; `extra` as JSON. */
function essentials(r: Result) {
  return {
    x: Array.from(r.x),
    value: r.value,
    gradient: Array.from(r.gradient),
    status: r.status,
    message: r.message,
    iterations: r.iterations,
    evaluations: r.evaluations,
    extra: JSON.stringify(r.extra),
  };
}

/**
 * Runs `make()` uninterrupted, then for each k the same run stopped after iteration k,
 * its checkpoint sent through JSON, and resumed with `make(k)`: the iterates of both parts
 * together, the trace rows (evaluation counts included) and the result must be the
 * uninterrupted run's, bit for bit. `ks` defaults to every iteration. Returns the
 * checkpoints (after their JSON round trip) and the uninterrupted result.
 */
export function expectResumesBitForBit(
  make: (resumedAt?: number) => Method,
  problem: Parameters<typeof run>[1],
  x0: ArrayLike<number>,
  options: RunOptions,
  ks?: readonly number[],
): { full: Result; checkpoints: Checkpoint[] } {
  const full = recordRun(make(), problem, x0, options);
  const n = full.result.iterations;
  expect(n).toBeGreaterThan(1);
  const rows = (r: Result) => (r.trace ?? []).map(({ elapsedMs: _t, ...row }) => row);
  const checkpoints: Checkpoint[] = [];
  for (const k of ks ?? [...Array(n + 1).keys()]) {
    const part = recordRun(make(), problem, x0, options, k);
    expect(part.result.status).toBe('stopped-by-observer');
    const saved = JSON.parse(JSON.stringify(part.checkpoint)) as Checkpoint;
    expect(saved.iteration).toBe(k);
    checkpoints.push(saved);
    const rest = recordRun(make(k), problem, undefined, { ...options, resume: saved });
    expect([...part.xs, ...rest.xs.slice(1)]).toEqual(full.xs);
    expect(rows(rest.result).slice(1)).toEqual(rows(full.result).slice(k + 1));
    expect(rest.result.trace![0].evaluations).toEqual(full.result.trace![k].evaluations);
    expect(essentials(rest.result)).toEqual(essentials(full.result));
  }
  return { full: full.result, checkpoints };
}

/** Runs `method` and keeps a copy of every iterate x_k and gradient g_k (k = 0: the start). */
export function iterates(
  method: Method,
  problem: Parameters<typeof run>[1],
  x0: ArrayLike<number>,
  opts: RunOptions = {},
) {
  const xs: Float64Array[] = [];
  const gs: Float64Array[] = [];
  const r = run(method, problem, x0, {
    ...opts,
    onIteration: (it) => {
      xs.push(Float64Array.from(it.x));
      gs.push(Float64Array.from(it.gradient));
    },
  });
  return { r, xs, gs };
}
