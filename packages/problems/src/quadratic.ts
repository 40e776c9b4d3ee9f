/**
 * A convex quadratic with a chosen condition number: the problem on which Newton's
 * method takes one step and gradient methods show their dependence on conditioning.
 *
 * @packageDocumentation
 */
import type { DenseMatrix, Vector } from '@hessian/core';
import { mulberry32, standardNormal } from './random.js';
import {
  band,
  checkDimension,
  DENSE,
  denseMatVec,
  makeProblem,
  type TestProblem,
} from './types.js';

/** How the eigenvectors of the quadratic's Hessian are chosen. */
export type QuadraticBasis = 'orthogonal' | 'diagonal';

/**
 * f(x) = ½(x − x*)ᵀA(x − x*) with A = QΛQᵀ symmetric positive definite.
 *
 * The eigenvalues are log-spaced, λᵢ = condition^(i/(n−1)), i = 0..n−1, so
 * λ_min = 1, λ_max = condition and cond₂(A) = condition. With `basis: 'orthogonal'`
 * (the default), Q is a seeded random orthogonal matrix, the product of n Householder
 * reflections I − 2uuᵀ/uᵀu with standard normal u (dense Hessian; O(n³) to build, n²
 * storage); with `'diagonal'`, Q = I and A = Λ (band 0). The minimizer x* has seeded
 * entries uniform in [−1, 1); x0 = 0, f* = 0.
 *
 * **Options** `n` (default 10), `condition` ≥ 1 (default 100), `seed` an integer
 * (default 1), `basis` (default `'orthogonal'`).
 * **Reference** a standard construction, e.g. Nocedal & Wright, *Numerical
 * Optimization* (2006), §3.3 (the rate of steepest descent depends on cond(A)).
 * @throws RangeError naming the bad option
 * @example const p = convexQuadratic(20, 1e4, 7); // cond(∇²f) = 1e4
 */
export function convexQuadratic(
  n = 10,
  condition = 100,
  seed = 1,
  basis: QuadraticBasis = 'orthogonal',
): TestProblem {
  checkDimension('quadratic', n, 1);
  if (typeof condition !== 'number' || !(condition >= 1) || condition === Infinity)
    throw new RangeError(`quadratic: condition must be a finite number >= 1, got ${condition}`);
  if (!Number.isInteger(seed))
    throw new RangeError(`quadratic: seed must be an integer, got ${String(seed)}`);
  if (basis !== 'orthogonal' && basis !== 'diagonal')
    throw new RangeError(
      `quadratic: basis must be 'orthogonal' or 'diagonal', got ${String(basis)}`,
    );
  const rand = mulberry32(seed);
  const lambda = new Float64Array(n);
  for (let i = 0; i < n; i++) lambda[i] = n === 1 ? 1 : condition ** (i / (n - 1));
  const xstar = new Float64Array(n);
  for (let i = 0; i < n; i++) xstar[i] = 2 * rand() - 1;
  const work = new Float64Array(n);
  const shift = (x: Vector): Float64Array => {
    for (let i = 0; i < n; i++) work[i] = x[i] - xstar[i];
    return work;
  };
  const common = {
    name: 'quadratic',
    dimension: n,
    x0: new Float64Array(n),
    fstar: 0,
    xstar,
    source: `convex quadratic, n = ${n}, condition ${condition}, seed ${seed}, ${basis} basis`,
    scalable: false,
  };

  if (basis === 'diagonal') {
    return makeProblem({
      ...common,
      hessianStructure: band(0),
      value: (x) => {
        let f = 0;
        for (let i = 0; i < n; i++) f += lambda[i] * (x[i] - xstar[i]) ** 2;
        return f / 2;
      },
      valueAndGradient: (x, out) => {
        let f = 0;
        for (let i = 0; i < n; i++) {
          const d = x[i] - xstar[i];
          out[i] = lambda[i] * d;
          f += out[i] * d;
        }
        return f / 2;
      },
      hessian: (_x, out: DenseMatrix) => {
        out.data.fill(0);
        for (let i = 0; i < n; i++) out.data[i * n + i] = lambda[i];
      },
      hessianVectorProduct: (_x, v, out) => {
        for (let i = 0; i < n; i++) out[i] = lambda[i] * v[i];
      },
    });
  }

  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) A[i * n + i] = lambda[i];
  const u = new Float64Array(n);
  const w = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < n; i++) u[i] = standardNormal(rand);
    reflect(A, n, u, w);
  }
  symmetrizeInPlace(A, n);

  return makeProblem({
    ...common,
    hessianStructure: DENSE,
    value: (x) => {
      const d = shift(x);
      let f = 0;
      for (let i = 0; i < n; i++) {
        let s = 0;
        const off = i * n;
        for (let j = 0; j < n; j++) s += A[off + j] * d[j];
        f += d[i] * s;
      }
      return f / 2;
    },
    valueAndGradient: (x, out) => {
      const d = shift(x);
      denseMatVec(A, n, d, out);
      let f = 0;
      for (let i = 0; i < n; i++) f += d[i] * out[i];
      return f / 2;
    },
    hessian: (_x, out: DenseMatrix) => {
      out.data.set(A);
    },
    hessianVectorProduct: (_x, v, out) => denseMatVec(A, n, v, out),
  });
}

/** A ← PAP with P = I − 2uuᵀ/c, c = uᵀu, in O(n²): A − (2/c)(uwᵀ + wuᵀ) + (4α/c²)uuᵀ, w = Au, α = uᵀw. */
function reflect(A: Float64Array, n: number, u: Float64Array, w: Float64Array): void {
  let c = 0;
  for (let i = 0; i < n; i++) c += u[i] * u[i];
  if (c === 0) return;
  denseMatVec(A, n, u, w);
  let alpha = 0;
  for (let i = 0; i < n; i++) alpha += u[i] * w[i];
  const a = 2 / c;
  const b = (4 * alpha) / (c * c);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) A[i * n + j] += -a * (u[i] * w[j] + w[i] * u[j]) + b * u[i] * u[j];
}

function symmetrizeInPlace(A: Float64Array, n: number): void {
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const v = 0.5 * (A[i * n + j] + A[j * n + i]);
      A[i * n + j] = v;
      A[j * n + i] = v;
    }
}
