/**
 * Dense linear algebra adapter: the only module that imports `ml-matrix` or
 * `ndarray-linear-solve`. Methods call these functions and nothing else.
 *
 * - {@link cholesky}, {@link choleskySolve}, {@link triangularSolve}: a blocked,
 *   recursive Cholesky on the flat row-major storage (about 5 GFLOP/s at n = 1000,
 *   eight times ml-matrix's), see `linalg-cholesky.ts`.
 * - {@link luFactor}, {@link luFactorSolve}, {@link luSolve}: blocked LU with partial
 *   pivoting (indefinite and permutation matrices included), see `linalg-lu.ts`.
 * - {@link symmetricEigen}: ml-matrix's symmetric eigen-decomposition, for analysis
 *   only (seconds at n = 1000).
 * - {@link choleskyMlMatrix}, {@link luSolveNdarray}: the libraries' own solvers,
 *   kept as the references the kernels are tested and benchmarked against.
 *
 * Figures and the command that measures them: `docs/linear-algebra.md`.
 *
 * @packageDocumentation
 */
import { CholeskyDecomposition, EigenvalueDecomposition, Matrix } from 'ml-matrix';
import ndarray from 'ndarray';
import linearSolve from 'ndarray-linear-solve';
import {
  backSubstitutionTransposed,
  choleskyInPlaceKernel,
  forwardSubstitution,
} from './linalg-cholesky.js';
import { luInPlaceKernel, luSolveInPlace } from './linalg-lu.js';
import { DenseMatrix } from './matrix.js';
import { allFinite, describe, type Vector } from './vector.js';

// ---------------------------------------------------------------------------------
// Argument checks: O(1), so they cost nothing next to the O(n³) work they guard.

function checkSquare(fn: string, name: string, M: unknown): number {
  const m = M as DenseMatrix;
  if (
    typeof m !== 'object' ||
    m === null ||
    !(m.data instanceof Float64Array) ||
    typeof m.rows !== 'number' ||
    m.data.length !== m.rows * m.cols
  )
    throw new TypeError(`${fn}: ${name} must be a DenseMatrix, got ${describe(M)}`);
  if (m.rows !== m.cols)
    throw new RangeError(`${fn}: ${name} must be square, got ${m.rows}×${m.cols}`);
  return m.rows;
}

function checkShape(fn: string, name: string, M: unknown, n: number, like: string): void {
  const m = checkSquare(fn, name, M);
  if (m !== n) throw new RangeError(`${fn}: ${name} must be ${n}×${n} like ${like}, got ${m}×${m}`);
}

function checkVector(fn: string, name: string, v: unknown, n: number): void {
  if (!(v instanceof Float64Array))
    throw new TypeError(`${fn}: ${name} must be a Float64Array, got ${describe(v)}`);
  if (v.length !== n)
    throw new RangeError(`${fn}: ${name} must have length ${n}, got length ${v.length}`);
}

function checkPivots(fn: string, pivots: unknown, n: number): void {
  if (!(pivots instanceof Int32Array))
    throw new TypeError(`${fn}: pivots must be an Int32Array, got ${describe(pivots)}`);
  if (pivots.length !== n)
    throw new RangeError(`${fn}: pivots must have length ${n}, got length ${pivots.length}`);
}

// ---------------------------------------------------------------------------------
// Cholesky

/**
 * L ← the lower Cholesky factor of the symmetric matrix A (A = L Lᵀ), reading only
 * A's lower triangle. Returns false, instead of throwing, when A is not positive
 * definite: a pivot is ≤ 0, or an entry read is NaN or infinite (then L holds a
 * partial factorization). `L` may be `A` (in place). On success the strict upper
 * triangle of L is zeroed.
 *
 * Blocked right-looking by panels of 48 columns, each factored recursively; every
 * update runs the packed 3×3-tile kernel on rows of the flat array. Allocation-free
 * once a packing buffer of n × 48 numbers exists (kept between calls, grown as needed).
 *
 * **Requires** A and L square of the same size.
 * **Reference** Golub & Van Loan, *Matrix Computations* (4th ed.), §4.2.9 (block
 * Cholesky) and §4.2.10 (recursive block Cholesky); LAPACK's dpotrf.
 * @throws TypeError/RangeError when A or L is not a square DenseMatrix of the same size
 * @example
 * const L = DenseMatrix.zeros(2);
 * cholesky(DenseMatrix.from([[4, 2], [2, 5]]), L); // true, L = [[2, 0], [1, 2]]
 */
export function cholesky(A: DenseMatrix, L: DenseMatrix): boolean {
  const n = checkSquare('cholesky', 'A', A);
  const l = L.data;
  if (L === A) {
    if (!choleskyInPlaceKernel(l, n)) return false;
    for (let i = 0; i < n; i++) l.fill(0, i * n + i + 1, (i + 1) * n);
    return true;
  }
  checkShape('cholesky', 'L', L, n, 'A');
  // Only the lower triangle is read: copy it and zero the upper one in the same pass
  // over L; the kernel then writes above the diagonal only within two columns of it.
  const a = A.data;
  for (let i = 0; i < n; i++) {
    const r = i * n;
    for (let j = r; j <= r + i; j++) l[j] = a[j];
    l.fill(0, r + i + 1, r + n);
  }
  if (!choleskyInPlaceKernel(l, n)) return false;
  for (let i = 0; i < n - 1; i++) {
    const d = i * n + i;
    l[d + 1] = 0;
    if (i < n - 2) l[d + 2] = 0;
  }
  return true;
}

/**
 * out ← A⁻¹b given the Cholesky factor L of A (A = L Lᵀ): forward substitution
 * L y = b, then back substitution Lᵀ x = y. `out` may be `b`. Reads only L's lower
 * triangle. Allocation-free.
 *
 * **Requires** L from {@link cholesky} (nonzero diagonal); b and out of length n.
 * **Reference** Golub & Van Loan (4th ed.), Algorithms 3.1.1 and 3.1.4.
 * @throws TypeError/RangeError for a wrong shape
 * @example
 * cholesky(A, L);
 * choleskySolve(L, g, d); // d = A⁻¹g
 */
export function choleskySolve(L: DenseMatrix, b: Vector, out: Vector): Vector {
  const n = checkSquare('choleskySolve', 'L', L);
  checkVector('choleskySolve', 'b', b, n);
  checkVector('choleskySolve', 'out', out, n);
  if (out !== b) out.set(b);
  forwardSubstitution(L.data, n, out);
  backSubstitutionTransposed(L.data, n, out);
  return out;
}

/**
 * out ← L⁻¹b, or L⁻ᵀb when `transpose`, for L lower triangular (only its lower
 * triangle is read). `out` may be `b`. Allocation-free. The trust-region exact
 * subproblem needs the half solve ‖L⁻¹p‖.
 *
 * **Requires** L with a nonzero diagonal; b and out of length n.
 * **Reference** Golub & Van Loan (4th ed.), Algorithm 3.1.1 (row-oriented forward
 * substitution) and Algorithm 3.1.4 (column-oriented back substitution, for Lᵀ).
 * @throws TypeError/RangeError for a wrong shape
 * @example
 * triangularSolve(L, p, q); // q = L⁻¹p
 * triangularSolve(L, q, q, true); // q = L⁻ᵀL⁻¹p = A⁻¹p
 */
export function triangularSolve(L: DenseMatrix, b: Vector, out: Vector, transpose = false): Vector {
  const n = checkSquare('triangularSolve', 'L', L);
  checkVector('triangularSolve', 'b', b, n);
  checkVector('triangularSolve', 'out', out, n);
  if (out !== b) out.set(b);
  if (transpose) backSubstitutionTransposed(L.data, n, out);
  else forwardSubstitution(L.data, n, out);
  return out;
}

// ---------------------------------------------------------------------------------
// LU

/**
 * LU ← the LU factors of A with partial pivoting, P·A = L·U: U on and above the
 * diagonal of LU, the unit lower L below it, and `pivots[j]` the row interchanged
 * with row j at step j (LAPACK's ipiv, 0-based). `LU` may be `A` (in place). Returns
 * false when A is singular (a pivot is exactly zero, as LAPACK's dgetrf info > 0) or
 * holds a NaN or infinite entry. A nearly singular A factors, and its solutions are
 * correspondingly large: test them when that matters.
 *
 * Blocked right-looking by panels of 48 columns with recursive panels; updates run
 * the packed 3×3-tile kernel on rows of the flat array. Allocation-free once a
 * packing buffer exists (kept between calls, grown as needed).
 *
 * **Requires** A and LU square of the same size, `pivots` an Int32Array of length n.
 * **Reference** Golub & Van Loan, *Matrix Computations* (4th ed.), Algorithm 3.4.1
 * (Gaussian elimination with partial pivoting), blocked as LAPACK's dgetrf with
 * recursive panels (Toledo, SIAM J. Matrix Anal. Appl. 18(4), 1997).
 * @throws TypeError/RangeError for a wrong shape or pivots array
 * @example
 * const LU = DenseMatrix.zeros(n);
 * const pivots = new Int32Array(n);
 * if (luFactor(H, LU, pivots)) luFactorSolve(LU, pivots, g, d); // d = H⁻¹g
 */
export function luFactor(A: DenseMatrix, LU: DenseMatrix, pivots: Int32Array): boolean {
  const n = checkSquare('luFactor', 'A', A);
  if (LU !== A) checkShape('luFactor', 'LU', LU, n, 'A');
  checkPivots('luFactor', pivots, n);
  if (!allFinite(A.data)) return false;
  if (LU !== A) LU.data.set(A.data);
  return luInPlaceKernel(LU.data, n, pivots);
}

/**
 * out ← A⁻¹b from the factors of {@link luFactor}: the row interchanges, forward
 * substitution with the unit L, back substitution with U. `out` may be `b`.
 * Allocation-free.
 *
 * **Requires** LU and pivots from a successful {@link luFactor}; b and out of length n.
 * **Reference** Golub & Van Loan (4th ed.), §3.4.3 and Algorithms 3.1.1–3.1.2.
 * @throws TypeError/RangeError for a wrong shape
 * @example if (luFactor(A, LU, pivots)) luFactorSolve(LU, pivots, b, x);
 */
export function luFactorSolve(LU: DenseMatrix, pivots: Int32Array, b: Vector, out: Vector): Vector {
  const n = checkSquare('luFactorSolve', 'LU', LU);
  checkPivots('luFactorSolve', pivots, n);
  checkVector('luFactorSolve', 'b', b, n);
  checkVector('luFactorSolve', 'out', out, n);
  if (out !== b) out.set(b);
  luSolveInPlace(LU.data, n, pivots, out);
  return out;
}

interface LuWorkspace {
  readonly lu: DenseMatrix;
  readonly pivots: Int32Array;
}
/** One workspace per matrix object: a method that reuses its Hessian matrix allocates once. */
const luWorkspaces = new WeakMap<DenseMatrix, LuWorkspace>();

/**
 * out ← A⁻¹b for a general square A by LU with partial pivoting ({@link luFactor} then
 * {@link luFactorSolve}). Returns false when A is singular (an exactly zero pivot) or
 * not finite; `out` is then unspecified. A is not modified. `out` may be `b`. Handles
 * indefinite and permutation matrices (e.g. [[0, 1], [1, 0]]).
 *
 * The factors go into a workspace attached to the matrix object A (a `WeakMap`), so
 * repeated solves with the same A object allocate nothing after the first.
 *
 * **Requires** A square; b and out of length n.
 * **Reference** Golub & Van Loan, *Matrix Computations* (4th ed.), Algorithm 3.4.1 and §3.4.3.
 * @throws TypeError/RangeError for a wrong shape
 * @example
 * const x = new Float64Array(2);
 * luSolve(DenseMatrix.from([[0, 1], [1, 0]]), Float64Array.of(2, 3), x); // true, x = [3, 2]
 */
export function luSolve(A: DenseMatrix, b: Vector, out: Vector): boolean {
  const n = checkSquare('luSolve', 'A', A);
  checkVector('luSolve', 'b', b, n);
  checkVector('luSolve', 'out', out, n);
  let ws = luWorkspaces.get(A);
  if (ws === undefined || ws.lu.rows !== n) {
    ws = { lu: new DenseMatrix(n, n), pivots: new Int32Array(n) };
    luWorkspaces.set(A, ws);
  }
  if (!allFinite(A.data)) return false;
  ws.lu.data.set(A.data);
  if (!luInPlaceKernel(ws.lu.data, n, ws.pivots)) return false;
  if (out !== b) out.set(b);
  luSolveInPlace(ws.lu.data, n, ws.pivots, out);
  return true;
}

// ---------------------------------------------------------------------------------
// Eigen-decomposition (ml-matrix)

/** Eigen-decomposition of a symmetric matrix: values ascending, vectors as columns. */
export interface SymmetricEigen {
  values: Float64Array;
  vectors: DenseMatrix;
}

/**
 * The eigenvalues (ascending) and orthonormal eigenvectors (the columns of `vectors`,
 * in the same order) of the symmetric matrix A, whose lower triangle is read. By
 * ml-matrix's EigenvalueDecomposition (Householder tridiagonalization, then the
 * implicit QL algorithm). O(n³) with a large constant (about 9 s at n = 1000): for
 * analysis only, never a method's hot path — a method that needs to know whether H is
 * positive definite tries {@link cholesky}.
 *
 * **Requires** A square with finite entries.
 * **Reference** Golub & Van Loan, *Matrix Computations* (4th ed.), Algorithm 8.3.1
 * and §8.3 (the symmetric QR algorithm); JAMA's tred2/tql2.
 * @throws TypeError/RangeError when A is not a square DenseMatrix
 * @example
 * symmetricEigen(DenseMatrix.from([[2, 1], [1, 2]])).values; // Float64Array [1, 3]
 */
export function symmetricEigen(A: DenseMatrix): SymmetricEigen {
  const n = checkSquare('symmetricEigen', 'A', A);
  const a = A.data;
  const sym = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      const v = a[i * n + j];
      sym[i * n + j] = v;
      sym[j * n + i] = v;
    }
  const e = new EigenvalueDecomposition(Matrix.from1DArray(n, n, sym), { assumeSymmetric: true });
  const raw = e.realEigenvalues;
  const order = raw.map((_, i) => i).sort((i, j) => raw[i] - raw[j]);
  const values = new Float64Array(n);
  const vectors = new DenseMatrix(n, n);
  const V = e.eigenvectorMatrix;
  const v = vectors.data;
  for (let dst = 0; dst < n; dst++) {
    const src = order[dst];
    values[dst] = raw[src];
    for (let i = 0; i < n; i++) v[i * n + dst] = V.get(i, src);
  }
  return { values, vectors };
}

// ---------------------------------------------------------------------------------
// The libraries' own solvers: references for tests and benchmarks

/**
 * Reference Cholesky by ml-matrix's CholeskyDecomposition (about 0.6 GFLOP/s at
 * n = 1000): same contract as {@link cholesky} (lower triangle of A read, false when not
 * positive definite, `L` may be `A`). For tests and benchmarks; methods use {@link cholesky}.
 *
 * **Requires** A and L square of the same size.
 * **Reference** ml-matrix 6.15 `CholeskyDecomposition` (JAMA's column Cholesky).
 * @example choleskyMlMatrix(A, L) // the same L as cholesky(A, L), to rounding
 */
export function choleskyMlMatrix(A: DenseMatrix, L: DenseMatrix): boolean {
  const n = checkSquare('choleskyMlMatrix', 'A', A);
  if (L !== A) checkShape('choleskyMlMatrix', 'L', L, n, 'A');
  const a = A.data;
  const sym = new Matrix(n, n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      sym.set(i, j, a[i * n + j]);
      sym.set(j, i, a[i * n + j]);
    }
  let c: CholeskyDecomposition;
  try {
    c = new CholeskyDecomposition(sym);
  } catch {
    return false;
  }
  if (!c.isPositiveDefinite()) return false;
  const F = c.lowerTriangularMatrix;
  const l = L.data;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) l[i * n + j] = j <= i ? F.get(i, j) : 0;
  return allFinite(l);
}

/**
 * Reference solve by `ndarray-linear-solve` 3.0.0 (Crout LU **without pivoting**,
 * about 0.5 GFLOP/s): out ← A⁻¹b, false on a zero pivot. It fails on matrices that
 * need pivoting, such as [[0, 1], [1, 0]], and is inaccurate when a pivot is small:
 * use it only where no pivoting is needed (e.g. diagonally dominant A). The package
 * reads its matrix as (column, row), so the row-major A is handed over as its
 * transposed view — given A's own view it would silently solve Aᵀx = b. A is not
 * modified; `out` may be `b`. For tests and benchmarks; methods use {@link luSolve}.
 *
 * **Requires** A square; b and out of length n.
 * **Reference** ndarray-linear-solve 3.0.0 (ndarray-crout-decomposition, ndarray-lu-solve).
 * @example luSolveNdarray(DenseMatrix.from([[4, 1], [2, 3]]), Float64Array.of(1, 2), x) // true
 */
export function luSolveNdarray(A: DenseMatrix, b: Vector, out: Vector): boolean {
  const n = checkSquare('luSolveNdarray', 'A', A);
  checkVector('luSolveNdarray', 'b', b, n);
  checkVector('luSolveNdarray', 'out', out, n);
  const columnRow = ndarray(A.data, [n, n]).transpose(1, 0);
  const rhs = ndarray(out === b ? b.slice() : b, [n]);
  const ok = linearSolve(ndarray(out, [n]), columnRow, rhs);
  return ok !== false && allFinite(out);
}
