/**
 * Blocked LU with partial pivoting on a flat row-major `Float64Array` (internal; the
 * public functions are in `linalg.ts`).
 *
 * Right-looking by panels of {@link LU_PANEL} columns (LAPACK's dgetrf); each panel
 * is factored recursively (Toledo's recursive LU) down to {@link LU_LEAF} columns;
 * the block row of U is a recursive unit-lower triangular solve, and every Schur
 * complement update is the packed 3×3-tile kernel of `linalg-gemm.ts`. Row
 * interchanges swap whole rows, which are contiguous in row-major storage.
 *
 * @packageDocumentation
 */
import { gemmUpdate } from './linalg-gemm.js';

/** Columns per panel of the right-looking loop. */
export const LU_PANEL = 48;
/** Panel width below which the recursion eliminates column by column. */
export const LU_LEAF = 8;
/** Rows below which the triangular solve for U's block row runs by row operations. */
const TRSM_LEAF = 16;

function swapRows(a: Float64Array, n: number, i: number, p: number): void {
  const ri = i * n;
  const rp = p * n;
  for (let k = 0; k < n; k++) {
    const t = a[ri + k];
    a[ri + k] = a[rp + k];
    a[rp + k] = t;
  }
}

/**
 * Eliminates columns [c0, c1) for rows [c0, n) with partial pivoting (GVL Algorithm
 * 3.4.1 restricted to the panel), swapping whole rows. False on a zero or non-finite pivot.
 */
function factorLeaf(
  a: Float64Array,
  n: number,
  pivots: Int32Array,
  c0: number,
  c1: number,
): boolean {
  for (let j = c0; j < c1; j++) {
    let p = j;
    let max = Math.abs(a[j * n + j]);
    for (let i = j + 1; i < n; i++) {
      const v = Math.abs(a[i * n + j]);
      if (v > max) {
        max = v;
        p = i;
      }
    }
    pivots[j] = p;
    if (!(max > 0) || max === Number.POSITIVE_INFINITY) return false;
    if (p !== j) swapRows(a, n, j, p);
    const rj = j * n;
    const pivot = a[rj + j];
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      const l = a[ri + j] / pivot;
      a[ri + j] = l;
      if (l !== 0) for (let k = j + 1; k < c1; k++) a[ri + k] -= l * a[rj + k];
    }
  }
  return true;
}

/**
 * B ← L⁻¹B for L the unit lower triangle of rows/columns [r0, r1) and B the rows
 * [r0, r1), columns [s0, s1) of `a`: row operations at the leaves, the packed kernel between.
 */
function unitLowerSolve(
  a: Float64Array,
  n: number,
  r0: number,
  r1: number,
  s0: number,
  s1: number,
): void {
  if (r1 - r0 <= TRSM_LEAF) {
    for (let i = r0 + 1; i < r1; i++) {
      const ri = i * n;
      for (let k = r0; k < i; k++) {
        const l = a[ri + k];
        if (l === 0) continue;
        const rk = k * n;
        for (let j = s0; j < s1; j++) a[ri + j] -= l * a[rk + j];
      }
    }
    return;
  }
  const m = r0 + ((r1 - r0) >> 1);
  unitLowerSolve(a, n, r0, m, s0, s1);
  gemmUpdate(a, n, m, r1, s0, s1, r0, m);
  unitLowerSolve(a, n, m, r1, s0, s1);
}

/** Factors the panel of columns [c0, c1), rows [c0, n), recursively. */
function factorPanel(
  a: Float64Array,
  n: number,
  pivots: Int32Array,
  c0: number,
  c1: number,
): boolean {
  if (c1 - c0 <= LU_LEAF) return factorLeaf(a, n, pivots, c0, c1);
  const m = c0 + ((c1 - c0) >> 1);
  if (!factorPanel(a, n, pivots, c0, m)) return false;
  unitLowerSolve(a, n, c0, m, m, c1);
  gemmUpdate(a, n, m, n, m, c1, c0, m);
  return factorPanel(a, n, pivots, m, c1);
}

/**
 * In place: P·A = L·U with L unit lower (below the diagonal of `a`) and U upper (on
 * and above it); `pivots[j]` is the row swapped with row j at step j (LAPACK's ipiv,
 * 0-based). Returns false at the first zero or non-finite pivot.
 */
export function luInPlaceKernel(a: Float64Array, n: number, pivots: Int32Array): boolean {
  for (let c0 = 0; c0 < n; c0 += LU_PANEL) {
    const c1 = Math.min(c0 + LU_PANEL, n);
    if (!factorPanel(a, n, pivots, c0, c1)) return false;
    if (c1 < n) {
      unitLowerSolve(a, n, c0, c1, c1, n);
      gemmUpdate(a, n, c1, n, c1, n, c0, c1);
    }
  }
  return true;
}

/** In place: x ← A⁻¹x from the factors of {@link luInPlaceKernel}. */
export function luSolveInPlace(
  lu: Float64Array,
  n: number,
  pivots: Int32Array,
  x: Float64Array,
): void {
  for (let j = 0; j < n; j++) {
    const p = pivots[j];
    if (p !== j) {
      const t = x[j];
      x[j] = x[p];
      x[p] = t;
    }
  }
  for (let i = 1; i < n; i++) {
    const ri = i * n;
    let s = x[i];
    for (let k = 0; k < i; k++) s -= lu[ri + k] * x[k];
    x[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    let s = x[i];
    for (let k = i + 1; k < n; k++) s -= lu[ri + k] * x[k];
    x[i] = s / lu[ri + i];
  }
}
