/**
 * Blocked Cholesky kernel on a flat row-major `Float64Array` (internal; the public
 * functions are in `linalg.ts`).
 *
 * Right-looking by panels of {@link CHOLESKY_PANEL} columns. Each panel's diagonal
 * block is factored recursively (halving its columns down to {@link CHOLESKY_LEAF});
 * `panelSolveUpdate` (`linalg-gemm.ts`) then solves the rows below it by 3×3 tiles and
 * runs the trailing update with the packed 3×3-tile kernel, which thus does
 * n³/3 − O(n²·panel) of the n³/3 flops and the solve of the panels at nearly its speed.
 * Every inner loop runs along a row.
 *
 * @packageDocumentation
 */
import { panelSolveUpdate, syrkLower } from './linalg-gemm.js';

/**
 * Columns per panel of the right-looking loop. Measured at n = 1000: 36–144 within the
 * noise; 48 keeps the packed panel (n × 48 numbers) well inside L2.
 */
export const CHOLESKY_PANEL = 48;
/** Panel width below which the recursion factors column by column. */
export const CHOLESKY_LEAF = 8;

/**
 * Unblocked left-looking factorization of columns [c0, c1) for rows [c0, n), given
 * that the contributions of columns < c0 are already subtracted.
 */
function factorLeaf(a: Float64Array, n: number, c0: number, c1: number, r1: number): boolean {
  for (let j = c0; j < c1; j++) {
    const rj = j * n;
    let d = a[rj + j];
    for (let k = c0; k < j; k++) {
      const v = a[rj + k];
      d -= v * v;
    }
    // NaN fails the first test, +Infinity the second.
    if (!(d > 0) || d === Number.POSITIVE_INFINITY) return false;
    const ljj = Math.sqrt(d);
    a[rj + j] = ljj;
    for (let i = j + 1; i < r1; i++) {
      const ri = i * n;
      let s = a[ri + j];
      for (let k = c0; k < j; k++) s -= a[ri + k] * a[rj + k];
      a[ri + j] = s / ljj;
    }
  }
  return true;
}

function factorPanel(a: Float64Array, n: number, c0: number, c1: number, r1: number): boolean {
  if (c1 - c0 <= CHOLESKY_LEAF) return factorLeaf(a, n, c0, c1, r1);
  const m = c0 + ((c1 - c0) >> 1);
  if (!factorPanel(a, n, c0, m, r1)) return false;
  syrkLower(a, n, c0, m, m, c1, r1);
  return factorPanel(a, n, m, c1, r1);
}

/**
 * In place: the n×n row-major `a` ← its lower Cholesky factor, reading and writing
 * only the lower triangle except for scratch entries just above the diagonal; the
 * caller zeroes the strict upper triangle. Returns false as soon as a pivot is not
 * positive and finite (then `a` holds a partial factorization).
 */
export function choleskyInPlaceKernel(a: Float64Array, n: number): boolean {
  for (let c0 = 0; c0 < n; c0 += CHOLESKY_PANEL) {
    const c1 = Math.min(c0 + CHOLESKY_PANEL, n);
    if (!factorPanel(a, n, c0, c1, c1)) return false;
    panelSolveUpdate(a, n, c0, c1);
  }
  return true;
}

/** In place: x ← L⁻¹x (forward substitution by rows, each a dot product in four partial sums). */
export function forwardSubstitution(l: Float64Array, n: number, x: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    // Four partial sums: the dot product is otherwise bound by the latency of one add.
    let s0 = x[i];
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let k = 0;
    for (const k4 = i - 3; k < k4; k += 4) {
      s0 -= l[ri + k] * x[k];
      s1 -= l[ri + k + 1] * x[k + 1];
      s2 -= l[ri + k + 2] * x[k + 2];
      s3 -= l[ri + k + 3] * x[k + 3];
    }
    for (; k < i; k++) s0 -= l[ri + k] * x[k];
    x[i] = (s0 + s1 + (s2 + s3)) / l[ri + i];
  }
}

/**
 * In place: x ← L⁻ᵀx (back substitution, column-oriented so each pass reads rows of L;
 * two rows per pass, which halves the updates of x).
 */
export function backSubstitutionTransposed(l: Float64Array, n: number, x: Float64Array): void {
  let i = n - 1;
  for (; i >= 1; i -= 2) {
    const ri = i * n;
    const rh = ri - n;
    const xi = x[i] / l[ri + i];
    const xh = (x[i - 1] - l[ri + i - 1] * xi) / l[rh + i - 1];
    x[i] = xi;
    x[i - 1] = xh;
    if (xi !== 0 || xh !== 0)
      for (let k = 0; k < i - 1; k++) x[k] -= l[ri + k] * xi + l[rh + k] * xh;
  }
  if (i === 0) x[0] /= l[0];
}
