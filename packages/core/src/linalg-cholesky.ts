/**
 * Blocked Cholesky kernel on a flat row-major `Float64Array` (internal; the public
 * functions are in `linalg.ts`).
 *
 * Right-looking by panels of {@link CHOLESKY_PANEL} columns; each panel is factored
 * recursively (halving its columns down to {@link CHOLESKY_LEAF}), and every update —
 * inside the panel and of the trailing matrix — is the packed 3×3-tile kernel of
 * `linalg-gemm.ts`, which does n³/3 − O(n²·leaf) of the n³/3 flops. Every inner loop
 * runs along a row.
 *
 * @packageDocumentation
 */
import { syrkLower } from './linalg-gemm.js';

/**
 * Columns per panel of the right-looking loop. Measured at n = 1000: 32–384 within the
 * noise; 48 keeps the packed panel (n × 48 numbers) well inside L2.
 */
export const CHOLESKY_PANEL = 48;
/** Panel width below which the recursion factors column by column. */
export const CHOLESKY_LEAF = 8;

/**
 * Unblocked left-looking factorization of columns [c0, c1) for rows [c0, n), given
 * that the contributions of columns < c0 are already subtracted.
 */
function factorLeaf(a: Float64Array, n: number, c0: number, c1: number): boolean {
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
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = a[ri + j];
      for (let k = c0; k < j; k++) s -= a[ri + k] * a[rj + k];
      a[ri + j] = s / ljj;
    }
  }
  return true;
}

function factorPanel(a: Float64Array, n: number, c0: number, c1: number): boolean {
  if (c1 - c0 <= CHOLESKY_LEAF) return factorLeaf(a, n, c0, c1);
  const m = c0 + ((c1 - c0) >> 1);
  if (!factorPanel(a, n, c0, m)) return false;
  syrkLower(a, n, c0, m, m, c1);
  return factorPanel(a, n, m, c1);
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
    if (!factorPanel(a, n, c0, c1)) return false;
    if (c1 < n) syrkLower(a, n, c0, c1, c1, n);
  }
  return true;
}

/** In place: x ← L⁻¹x (forward substitution by rows). */
export function forwardSubstitution(l: Float64Array, n: number, x: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = x[i];
    for (let k = 0; k < i; k++) s -= l[ri + k] * x[k];
    x[i] = s / l[ri + i];
  }
}

/** In place: x ← L⁻ᵀx (back substitution, column-oriented so each pass reads a row of L). */
export function backSubstitutionTransposed(l: Float64Array, n: number, x: Float64Array): void {
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    const xi = x[i] / l[ri + i];
    x[i] = xi;
    if (xi !== 0) for (let k = 0; k < i; k++) x[k] -= l[ri + k] * xi;
  }
}
