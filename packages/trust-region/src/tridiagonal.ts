/**
 * A symmetric tridiagonal matrix with O(m) Cholesky factors of T + λI: the Lanczos
 * matrix of `gltr`. Internal to the package.
 *
 * @packageDocumentation
 */
import type { ShiftedSystem } from './secular.js';

/**
 * T with diagonal `diag[0..m-1]` and off-diagonal `off[0..m-2]` (off[i] = T[i][i+1]),
 * capacity fixed at construction; `setSize(m)` after writing the entries.
 */
export class TridiagonalSystem implements ShiftedSystem {
  size = 0;
  gershgorinLower = 0;
  gershgorinUpper = 0;
  minDiagonal = 0;
  frobeniusNorm = 0;
  infNorm = 0;
  readonly diag: Float64Array;
  readonly off: Float64Array;
  /** L's diagonal and subdiagonal. */
  private readonly ld: Float64Array;
  private readonly le: Float64Array;

  constructor(capacity: number) {
    this.diag = new Float64Array(capacity);
    this.off = new Float64Array(capacity);
    this.ld = new Float64Array(capacity);
    this.le = new Float64Array(capacity);
  }

  /** Uses the leading m×m part of (diag, off) and computes its bounds. O(m). */
  setSize(m: number): void {
    this.size = m;
    const d = this.diag;
    const e = this.off;
    let glo = Number.POSITIVE_INFINITY;
    let ghi = Number.NEGATIVE_INFINITY;
    let dmin = Number.POSITIVE_INFINITY;
    let fro = 0;
    let inf = 0;
    for (let i = 0; i < m; i++) {
      const r = (i > 0 ? Math.abs(e[i - 1]) : 0) + (i < m - 1 ? Math.abs(e[i]) : 0);
      glo = Math.min(glo, d[i] - r);
      ghi = Math.max(ghi, d[i] + r);
      dmin = Math.min(dmin, d[i]);
      inf = Math.max(inf, Math.abs(d[i]) + r);
      fro += d[i] * d[i] + (i < m - 1 ? 2 * e[i] * e[i] : 0);
    }
    this.gershgorinLower = glo;
    this.gershgorinUpper = ghi;
    this.minDiagonal = dmin;
    this.frobeniusNorm = Math.sqrt(fro);
    this.infNorm = inf;
  }

  factor(lambda: number): boolean {
    const m = this.size;
    const { diag, off, ld, le } = this;
    let prev = 0;
    for (let i = 0; i < m; i++) {
      const piv = diag[i] + lambda - prev * prev;
      if (!(piv > 0)) return false;
      const l = Math.sqrt(piv);
      ld[i] = l;
      prev = i < m - 1 ? off[i] / l : 0;
      le[i] = prev;
    }
    return true;
  }

  solve(b: Float64Array, out: Float64Array): void {
    const m = this.size;
    const { ld, le } = this;
    let y = 0;
    for (let i = 0; i < m; i++) {
      y = (b[i] - (i > 0 ? le[i - 1] * y : 0)) / ld[i];
      out[i] = y;
    }
    for (let i = m - 1; i >= 0; i--) {
      out[i] = (out[i] - (i < m - 1 ? le[i] * out[i + 1] : 0)) / ld[i];
    }
  }

  lowerSolve(b: Float64Array, out: Float64Array): void {
    const m = this.size;
    const { ld, le } = this;
    let y = 0;
    for (let i = 0; i < m; i++) {
      y = (b[i] - (i > 0 ? le[i - 1] * y : 0)) / ld[i];
      out[i] = y;
    }
  }

  factorNormSquared(z: Float64Array): number {
    const m = this.size;
    const { ld, le } = this;
    let s = 0;
    for (let i = 0; i < m; i++) {
      const c = ld[i] * z[i] + (i < m - 1 ? le[i] * z[i + 1] : 0);
      s += c * c;
    }
    return s;
  }

  estimateSmallest(z: Float64Array): void {
    // LINPACK on the bidiagonal L: only p_{k+1} is touched at step k.
    const m = this.size;
    const { ld, le } = this;
    let pk = 0;
    for (let k = 0; k < m; k++) {
      const wp = (1 - pk) / ld[k];
      const wm = (-1 - pk) / ld[k];
      const lk = k < m - 1 ? le[k] : 0;
      const sp = Math.abs(wp) + Math.abs(lk * wp);
      const sm = Math.abs(wm) + Math.abs(lk * wm);
      const wk = sp >= sm ? wp : wm;
      z[k] = wk;
      pk = lk * wk;
    }
    for (let i = m - 1; i >= 0; i--) z[i] = (z[i] - (i < m - 1 ? le[i] * z[i + 1] : 0)) / ld[i];
    let nz = 0;
    for (let i = 0; i < m; i++) nz += z[i] * z[i];
    nz = Math.sqrt(nz);
    for (let i = 0; i < m; i++) z[i] /= nz;
  }
}
