/**
 * L2-regularized logistic regression on seeded synthetic data: the machine-learning
 * problem of Hessian-free Newton methods, whose Hessian-vector product costs two
 * passes over the data and never forms the n×n Hessian.
 *
 * @packageDocumentation
 */
import type { DenseMatrix, Vector } from '@hessian/core';
import { mulberry32, standardNormal } from './random.js';
import { checkDimension, DENSE, makeProblem, type TestProblem } from './types.js';

/** Options of {@link logisticRegression}. */
export interface LogisticRegressionOptions {
  /** Samples (default 200). */
  m?: number;
  /** Features, the dimension (default 20). */
  n?: number;
  /** L2 weight λ ≥ 0 (default 1e-3). */
  lambda?: number;
  /** Seed of the data (default 1). */
  seed?: number;
}

/** A logistic-regression test problem together with its data. */
export interface LogisticRegressionProblem extends TestProblem {
  /** Samples. */
  readonly m: number;
  readonly lambda: number;
  /** The m×n design matrix X, row-major (row i is sample i). */
  readonly features: Float64Array;
  /** The labels yᵢ ∈ {−1, +1}. */
  readonly labels: Float64Array;
}

/** log(1 + eᵗ) without overflow or cancellation.
 * @example softplus(1000) // 1000, where Math.log(1 + Math.exp(1000)) is Infinity
 */
export function softplus(t: number): number {
  return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}

/** The logistic function 1/(1 + e⁻ᵗ) without overflow.
 * @example sigmoid(-1000) // 0, without overflow
 */
export function sigmoid(t: number): number {
  if (t >= 0) return 1 / (1 + Math.exp(-t));
  const e = Math.exp(t);
  return e / (1 + e);
}

/**
 * f(w) = (1/m) Σᵢ log(1 + exp(−yᵢ xᵢᵀw)) + (λ/2)‖w‖².
 *
 * Data: Xᵢⱼ standard normal; a true weight vector w̃ with entries N(0, 4/n), so that
 * the margins xᵢᵀw̃ are about N(0, 4); labels yᵢ = +1 with probability σ(xᵢᵀw̃),
 * else −1. All from {@link mulberry32}(seed). x0 = 0; f* unknown (strictly convex
 * when λ > 0, so the minimizer is unique).
 *
 * ∇f = (1/m)Xᵀa + λw with aᵢ = −yᵢσ(−yᵢzᵢ), z = Xw. The Hessian-vector product is
 * Xᵀ(D(Xv))/m + λv with D = diag(σ(zᵢ)(1 − σ(zᵢ))), in O(mn) time and O(m) work
 * storage, never forming XᵀDX; the dense `hessian` costs O(mn²).
 *
 * **Options** see {@link LogisticRegressionOptions}.
 * **Reference** Nocedal & Wright, *Numerical Optimization* (2006), §7.1 (Hessian-free
 * Newton); C.-J. Lin, R. C. Weng and S. S. Keerthi, "Trust region Newton method for
 * large-scale logistic regression", JMLR 9 (2008) 627–650.
 * @throws RangeError naming the bad option
 * @example const p = logisticRegression({ m: 1000, n: 50, lambda: 1e-4, seed: 3 });
 */
export function logisticRegression(
  options: LogisticRegressionOptions = {},
): LogisticRegressionProblem {
  const { m = 200, n = 20, lambda = 1e-3, seed = 1 } = options;
  if (typeof m !== 'number' || !Number.isInteger(m) || m < 1)
    throw new RangeError(`logistic-regression: m must be an integer >= 1, got ${String(m)}`);
  checkDimension('logistic-regression', n, 1);
  if (typeof lambda !== 'number' || !(lambda >= 0) || lambda === Infinity)
    throw new RangeError(
      `logistic-regression: lambda must be a finite number >= 0, got ${String(lambda)}`,
    );
  if (!Number.isInteger(seed))
    throw new RangeError(`logistic-regression: seed must be an integer, got ${String(seed)}`);

  const rand = mulberry32(seed);
  const X = new Float64Array(m * n);
  for (let k = 0; k < m * n; k++) X[k] = standardNormal(rand);
  const wTrue = new Float64Array(n);
  const scale = 2 / Math.sqrt(n);
  for (let j = 0; j < n; j++) wTrue[j] = scale * standardNormal(rand);
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let z = 0;
    for (let j = 0; j < n; j++) z += X[i * n + j] * wTrue[j];
    y[i] = rand() < sigmoid(z) ? 1 : -1;
  }

  const z = new Float64Array(m);
  const t = new Float64Array(m);
  const invM = 1 / m;
  /** z ← Xw. */
  const margins = (w: Vector): void => {
    for (let i = 0; i < m; i++) {
      let s = 0;
      const off = i * n;
      for (let j = 0; j < n; j++) s += X[off + j] * w[j];
      z[i] = s;
    }
  };
  const regularizer = (w: Vector): number => {
    let s = 0;
    for (let j = 0; j < n; j++) s += w[j] * w[j];
    return 0.5 * lambda * s;
  };
  /** out ← (1/m)Xᵀt + λw. */
  const transposeTimes = (w: Vector, out: Vector): void => {
    for (let j = 0; j < n; j++) out[j] = lambda * w[j];
    for (let i = 0; i < m; i++) {
      const ti = t[i] * invM;
      if (ti === 0) continue;
      const off = i * n;
      for (let j = 0; j < n; j++) out[j] += ti * X[off + j];
    }
  };

  const problem = makeProblem({
    name: 'logistic-regression',
    dimension: n,
    x0: new Float64Array(n),
    source: `L2-regularized logistic regression, synthetic data m = ${m}, n = ${n}, lambda = ${lambda}, seed ${seed}`,
    scalable: true,
    hessianStructure: DENSE,
    value: (w) => {
      margins(w);
      let f = 0;
      for (let i = 0; i < m; i++) f += softplus(-y[i] * z[i]);
      return f * invM + regularizer(w);
    },
    valueAndGradient: (w, out) => {
      margins(w);
      let f = 0;
      for (let i = 0; i < m; i++) {
        const yz = y[i] * z[i];
        f += softplus(-yz);
        t[i] = -y[i] * sigmoid(-yz);
      }
      transposeTimes(w, out);
      return f * invM + regularizer(w);
    },
    hessian: (w, out: DenseMatrix) => {
      margins(w);
      const h = out.data;
      h.fill(0);
      for (let i = 0; i < m; i++) {
        const s = sigmoid(z[i]);
        const d = s * (1 - s) * invM;
        if (d === 0) continue;
        const off = i * n;
        for (let j = 0; j < n; j++) {
          const dj = d * X[off + j];
          for (let k = j; k < n; k++) h[j * n + k] += dj * X[off + k];
        }
      }
      for (let j = 0; j < n; j++) {
        h[j * n + j] += lambda;
        for (let k = j + 1; k < n; k++) h[k * n + j] = h[j * n + k];
      }
    },
    hessianVectorProduct: (w, v, out) => {
      margins(w);
      for (let i = 0; i < m; i++) {
        let s = 0;
        const off = i * n;
        for (let j = 0; j < n; j++) s += X[off + j] * v[j];
        const sg = sigmoid(z[i]);
        t[i] = sg * (1 - sg) * s;
      }
      transposeTimes(v, out);
    },
  });
  return Object.freeze({ ...problem, m, lambda, features: X, labels: y });
}
