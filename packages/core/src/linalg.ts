/**
 * Dense linear algebra adapter: the only module that imports `ml-matrix` or
 * `ndarray-linear-solve`. Methods call these functions and nothing else, so a
 * faster kernel can replace one behind the same signature.
 *
 * (First cut: straightforward kernels; the blocked Cholesky, pivoted LU and their
 * benchmarks replace these behind the same signatures.)
 *
 * @packageDocumentation
 */
import { EigenvalueDecomposition, LuDecomposition, Matrix } from 'ml-matrix';
import { DenseMatrix } from './matrix.js';
import type { Vector } from './vector.js';

/**
 * L ← the lower Cholesky factor of the symmetric matrix A (A = L Lᵀ), reading only
 * A's lower triangle. Returns false, instead of throwing, when A is not
 * (numerically) positive definite. `L` may be `A` (in place). The strict upper
 * triangle of L is zeroed.
 *
 * **Reference** Golub & Van Loan, *Matrix Computations* (4th ed.), Algorithm 4.2.1.
 */
export function cholesky(A: DenseMatrix, L: DenseMatrix): boolean {
  const n = A.rows;
  const a = A.data;
  const l = L.data;
  if (L !== A) l.set(a);
  for (let j = 0; j < n; j++) {
    let d = l[j * n + j];
    for (let k = 0; k < j; k++) d -= l[j * n + k] * l[j * n + k];
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = l[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = s / ljj;
    }
  }
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) l[i * n + j] = 0;
  return true;
}

/** out ← A⁻¹ b given the Cholesky factor L of A (forward then back substitution). `out` may be `b`. */
export function choleskySolve(L: DenseMatrix, b: Vector, out: Vector): Vector {
  const n = L.rows;
  const l = L.data;
  if (out !== b) out.set(b);
  for (let i = 0; i < n; i++) {
    let s = out[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * out[k];
    out[i] = s / l[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = out[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * out[k];
    out[i] = s / l[i * n + i];
  }
  return out;
}

/**
 * out ← A⁻¹ b for a general square A by LU with partial pivoting. Returns false when
 * A is singular to working precision. A is not modified.
 */
export function luSolve(A: DenseMatrix, b: Vector, out: Vector): boolean {
  const n = A.rows;
  const m = Matrix.from1DArray(n, n, A.data);
  const lu = new LuDecomposition(m);
  if (lu.isSingular()) return false;
  const x = lu.solve(Matrix.columnVector(Array.from(b)));
  for (let i = 0; i < n; i++) out[i] = x.get(i, 0);
  return true;
}

/** Eigen-decomposition of a symmetric matrix: values ascending, vectors as columns. */
export interface SymmetricEigen {
  values: Float64Array;
  vectors: DenseMatrix;
}

/**
 * The eigenvalues (ascending) and orthonormal eigenvectors (columns) of the symmetric
 * matrix A. O(n³) and slow for large n (about 4.8 s at n = 1000): for analysis only,
 * never a method's hot path.
 */
export function symmetricEigen(A: DenseMatrix): SymmetricEigen {
  const n = A.rows;
  const m = Matrix.from1DArray(n, n, A.data);
  const e = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  const raw = e.realEigenvalues;
  const order = raw.map((_, i) => i).sort((i, j) => raw[i] - raw[j]);
  const values = new Float64Array(n);
  const vectors = new DenseMatrix(n, n);
  const V = e.eigenvectorMatrix;
  order.forEach((src, dst) => {
    values[dst] = raw[src];
    for (let i = 0; i < n; i++) vectors.data[i * n + dst] = V.get(i, src);
  });
  return { values, vectors };
}
