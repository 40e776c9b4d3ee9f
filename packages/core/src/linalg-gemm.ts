/**
 * The one compute kernel behind the dense factorizations: the update C ← C − X·Yᵀ on
 * a block of a flat row-major `Float64Array`, where X's rows and Y's rows are packed
 * in groups of three, interleaved by k, so that a 3×3 tile of C is accumulated in
 * nine registers while the inner loop reads six consecutive numbers per step.
 *
 * Internal to `@hessian/core` (not exported from the package): `linalg.ts` is the
 * public adapter. Measured on V8 (Node 20): 3×3 tiles beat 2×2, 2×4, 3×4, 4×3 and
 * 4×4 (those spill accumulators: x64 has 16 vector registers), packing beats reading
 * the rows in place by a few percent, and `(i + c) | 0` index arithmetic removes an
 * overflow check per load. Panels of 48 columns keep the packed rows (n × 48
 * numbers) well inside L2.
 *
 * @packageDocumentation
 */

let pack = new Float64Array(0);

/** The grow-only packing buffer: allocates only when a larger problem arrives. */
function scratch(length: number): Float64Array {
  if (pack.length < length) pack = new Float64Array(length);
  return pack;
}

/**
 * P[offset…] ← rows [r0, r0 + rows) of `a` (row stride `lda`), columns [c0, c0 + K),
 * packed in groups of three rows: P[offset + 3K·g + 3k + r] = a[(r0 + 3g + r)·lda + c0 + k].
 * The last group is padded with zeros.
 */
export function packRows(
  a: Float64Array,
  lda: number,
  r0: number,
  rows: number,
  c0: number,
  K: number,
  P: Float64Array,
  offset = 0,
): void {
  const groups = Math.ceil(rows / 3);
  for (let g = 0; g < groups; g++) {
    const base = offset + 3 * K * g;
    for (let r = 0; r < 3; r++) {
      const row = 3 * g + r;
      let p = base + r;
      if (row < rows) {
        const src = (r0 + row) * lda + c0;
        for (let k = 0; k < K; k++, p += 3) P[p] = a[src + k];
      } else for (let k = 0; k < K; k++, p += 3) P[p] = 0;
    }
  }
}

/**
 * P[offset…] ← the columns [c0, c0 + cols) of rows [k0, k0 + K) of `a`, packed in groups
 * of three columns: P[offset + 3K·h + 3k + s] = a[(k0 + k)·lda + c0 + 3h + s]; zero-padded.
 */
export function packColumns(
  a: Float64Array,
  lda: number,
  k0: number,
  K: number,
  c0: number,
  cols: number,
  P: Float64Array,
  offset = 0,
): void {
  const full = Math.floor(cols / 3);
  const rest = cols - 3 * full;
  const stride = 3 * K;
  for (let k = 0; k < K; k++) {
    const src = (k0 + k) * lda + c0;
    let p = offset + 3 * k;
    for (let h = 0; h < full; h++, p += stride) {
      const s = src + 3 * h;
      P[p] = a[s];
      P[p + 1] = a[s + 1];
      P[p + 2] = a[s + 2];
    }
    if (rest > 0) {
      const s = src + 3 * full;
      P[p] = a[s];
      P[p + 1] = rest > 1 ? a[s + 1] : 0;
      P[p + 2] = 0;
    }
  }
}

/**
 * C ← C − X·Yᵀ for C the `rows`×`cols` block of `a` at offset `c` (row stride `lda`),
 * X packed at P[0…] and Y at P[y0…] by {@link packRows}/{@link packColumns} with inner
 * dimension K. One array for both (rather than two) saves V8 a second set of checks per
 * step: 4 % at n = 1000. With `lower`, only tiles on or below the diagonal are computed
 * (C square, y0 = 0 allowed): diagonal tiles also update the three-by-three tile's
 * upper corner, which callers treat as scratch.
 */
export function packedUpdate(
  P: Float64Array,
  y0: number,
  K: number,
  a: Float64Array,
  c: number,
  lda: number,
  rows: number,
  cols: number,
  lower: boolean,
): void {
  const GI = Math.ceil(rows / 3);
  const GJ = Math.ceil(cols / 3);
  const step = 3 * K;
  for (let gj = 0; gj < GJ; gj++) {
    const nr = Math.min(3, cols - 3 * gj);
    const q0 = y0 + step * gj;
    for (let gi = lower ? gj : 0; gi < GI; gi++) {
      let p = step * gi;
      let q = q0;
      const end = p + step;
      let c00 = 0;
      let c01 = 0;
      let c02 = 0;
      let c10 = 0;
      let c11 = 0;
      let c12 = 0;
      let c20 = 0;
      let c21 = 0;
      let c22 = 0;
      for (; p < end; p = (p + 3) | 0, q = (q + 3) | 0) {
        const u0 = P[q];
        const u1 = P[(q + 1) | 0];
        const u2 = P[(q + 2) | 0];
        let x = P[p];
        c00 += x * u0;
        c01 += x * u1;
        c02 += x * u2;
        x = P[(p + 1) | 0];
        c10 += x * u0;
        c11 += x * u1;
        c12 += x * u2;
        x = P[(p + 2) | 0];
        c20 += x * u0;
        c21 += x * u1;
        c22 += x * u2;
      }
      const mr = Math.min(3, rows - 3 * gi);
      let o = c + 3 * gi * lda + 3 * gj;
      if (mr === 3 && nr === 3) {
        a[o] -= c00;
        a[o + 1] -= c01;
        a[o + 2] -= c02;
        o += lda;
        a[o] -= c10;
        a[o + 1] -= c11;
        a[o + 2] -= c12;
        o += lda;
        a[o] -= c20;
        a[o + 1] -= c21;
        a[o + 2] -= c22;
      } else {
        a[o] -= c00;
        if (nr > 1) a[o + 1] -= c01;
        if (nr > 2) a[o + 2] -= c02;
        if (mr > 1) {
          o += lda;
          a[o] -= c10;
          if (nr > 1) a[o + 1] -= c11;
          if (nr > 2) a[o + 2] -= c12;
        }
        if (mr > 2) {
          o += lda;
          a[o] -= c20;
          if (nr > 1) a[o + 1] -= c21;
          if (nr > 2) a[o + 2] -= c22;
        }
      }
    }
  }
}

/**
 * Symmetric rank-K update of a lower trapezoid, for right-looking Cholesky:
 * a[i][j] −= Σ_{k∈[k0,k1)} a[i][k]·a[j][k] for j ∈ [j0, j1), i ∈ [j, r1) (r1 = n by default).
 * Entries just above the diagonal (within three columns) may be overwritten.
 */
export function syrkLower(
  a: Float64Array,
  n: number,
  k0: number,
  k1: number,
  j0: number,
  j1: number,
  r1 = n,
): void {
  const K = k1 - k0;
  const rows = r1 - j0;
  if (K <= 0 || rows <= 0 || j1 <= j0) return;
  const P = scratch(3 * K * Math.ceil(rows / 3));
  packRows(a, n, j0, rows, k0, K, P);
  packedUpdate(P, 0, K, a, j0 * n + j0, n, rows, j1 - j0, true);
}

/**
 * General update of a block, for LU: a[i][j] −= Σ_{k∈[k0,k1)} a[i][k]·a[k][j] for
 * i ∈ [i0, i1), j ∈ [j0, j1). The blocks read must not overlap the block written.
 */
export function gemmUpdate(
  a: Float64Array,
  n: number,
  i0: number,
  i1: number,
  j0: number,
  j1: number,
  k0: number,
  k1: number,
): void {
  const K = k1 - k0;
  const rows = i1 - i0;
  const cols = j1 - j0;
  if (K <= 0 || rows <= 0 || cols <= 0) return;
  const y0 = 3 * K * Math.ceil(rows / 3);
  const P = scratch(y0 + 3 * K * Math.ceil(cols / 3));
  packRows(a, n, i0, rows, k0, K, P);
  packColumns(a, n, k0, K, j0, cols, P, y0);
  packedUpdate(P, y0, K, a, i0 * n + j0, n, rows, cols, false);
}

/**
 * The off-diagonal part of a Cholesky panel and the trailing update, for right-looking
 * Cholesky, given the diagonal block L11 = rows and columns [c0, c1) already factored:
 * L21 ← A21·L11⁻ᵀ (rows [c1, n), columns [c0, c1)), then the lower triangle of
 * A22 ← A22 − L21·L21ᵀ (rows and columns [c1, n)). L21 is solved by 3×3 tiles, three
 * rows at a time: each tile's dot products with the columns already solved run the
 * kernel's inner loop on the packed rows, then a 3×3 triangular solve reads A21 from
 * `a` and writes the tile both to `a` and, packed as {@link packRows} lays it out, to the
 * buffer the trailing update then reads: the solve runs at the kernel's speed and L21 is
 * packed without a pass of its own. Entries just above the diagonal of A22 (within two
 * columns) may be overwritten.
 */
export function panelSolveUpdate(a: Float64Array, n: number, c0: number, c1: number): void {
  const K = c1 - c0;
  const rows = n - c1;
  if (K <= 0 || rows <= 0) return;
  const step = 3 * K;
  const GI = Math.ceil(rows / 3);
  const GH = Math.ceil(K / 3);
  const q0 = step * GI;
  const t0 = q0 + step * GH;
  const P = scratch(t0 + 6 * GH);
  packRows(a, n, c0, K, c0, K, P, q0);
  // Per group of three columns: 1/l00, l10, 1/l11, l20, l21, 1/l22 of its diagonal tile.
  for (let h = 0; h < GH; h++) {
    const j = c0 + 3 * h;
    const nr = Math.min(3, c1 - j);
    const r = j * n + j;
    const t = t0 + 6 * h;
    P[t] = 1 / a[r];
    P[t + 1] = nr > 1 ? a[r + n] : 0;
    P[t + 2] = nr > 1 ? 1 / a[r + n + 1] : 0;
    P[t + 3] = nr > 2 ? a[r + 2 * n] : 0;
    P[t + 4] = nr > 2 ? a[r + 2 * n + 1] : 0;
    P[t + 5] = nr > 2 ? 1 / a[r + 2 * n + 2] : 0;
  }
  for (let gi = 0; gi < GI; gi++) {
    const mr = Math.min(3, rows - 3 * gi);
    const base = step * gi;
    const o0 = (c1 + 3 * gi) * n + c0;
    for (let h = 0; h < GH; h++) {
      let p = base;
      let q = q0 + step * h;
      const end = base + 9 * h;
      let c00 = 0;
      let c01 = 0;
      let c02 = 0;
      let c10 = 0;
      let c11 = 0;
      let c12 = 0;
      let c20 = 0;
      let c21 = 0;
      let c22 = 0;
      for (; p < end; p = (p + 3) | 0, q = (q + 3) | 0) {
        const u0 = P[q];
        const u1 = P[(q + 1) | 0];
        const u2 = P[(q + 2) | 0];
        let x = P[p];
        c00 += x * u0;
        c01 += x * u1;
        c02 += x * u2;
        x = P[(p + 1) | 0];
        c10 += x * u0;
        c11 += x * u1;
        c12 += x * u2;
        x = P[(p + 2) | 0];
        c20 += x * u0;
        c21 += x * u1;
        c22 += x * u2;
      }
      // p is now the tile: P[p + 3s + r] = row 3gi + r, column c0 + 3h + s.
      const t = t0 + 6 * h;
      const d0 = P[t];
      const l10 = P[t + 1];
      const d1 = P[t + 2];
      const l20 = P[t + 3];
      const l21 = P[t + 4];
      const d2 = P[t + 5];
      const o = o0 + 3 * h;
      if (mr === 3 && 3 * h + 3 <= K) {
        const x00 = (a[o] - c00) * d0;
        const x01 = (a[o + 1] - c01 - x00 * l10) * d1;
        const x02 = (a[o + 2] - c02 - x00 * l20 - x01 * l21) * d2;
        const x10 = (a[o + n] - c10) * d0;
        const x11 = (a[o + n + 1] - c11 - x10 * l10) * d1;
        const x12 = (a[o + n + 2] - c12 - x10 * l20 - x11 * l21) * d2;
        const x20 = (a[o + 2 * n] - c20) * d0;
        const x21 = (a[o + 2 * n + 1] - c21 - x20 * l10) * d1;
        const x22 = (a[o + 2 * n + 2] - c22 - x20 * l20 - x21 * l21) * d2;
        a[o] = x00;
        a[o + 1] = x01;
        a[o + 2] = x02;
        a[o + n] = x10;
        a[o + n + 1] = x11;
        a[o + n + 2] = x12;
        a[o + 2 * n] = x20;
        a[o + 2 * n + 1] = x21;
        a[o + 2 * n + 2] = x22;
        P[p] = x00;
        P[p + 1] = x10;
        P[p + 2] = x20;
        P[p + 3] = x01;
        P[p + 4] = x11;
        P[p + 5] = x21;
        P[p + 6] = x02;
        P[p + 7] = x12;
        P[p + 8] = x22;
      } else {
        const nr = Math.min(3, K - 3 * h);
        edgeTile(a, o, n, P, p, mr, d0, l10, d1, l20, l21, d2, c00, c10, c20, 0);
        if (nr > 1) edgeTile(a, o, n, P, p, mr, d0, l10, d1, l20, l21, d2, c01, c11, c21, 1);
        if (nr > 2) edgeTile(a, o, n, P, p, mr, d0, l10, d1, l20, l21, d2, c02, c12, c22, 2);
      }
    }
  }
  packedUpdate(P, 0, K, a, c1 * n + c1, n, rows, rows, true);
}

/**
 * Column s of a 3×3 tile of {@link panelSolveUpdate} at the edges (`mr` rows):
 * x[r][s] = (a[r][s] − c_r − Σ_{t<s} x[r][t]·l[s][t]) / l[s][s] for r < mr,
 * the earlier columns read back from P; P's padding rows r ≥ mr are zeroed.
 */
function edgeTile(
  a: Float64Array,
  o: number,
  n: number,
  P: Float64Array,
  p: number,
  mr: number,
  d0: number,
  l10: number,
  d1: number,
  l20: number,
  l21: number,
  d2: number,
  c0: number,
  c1: number,
  c2: number,
  s: number,
): void {
  for (let r = 0; r < 3; r++) {
    if (r >= mr) {
      P[p + 3 * s + r] = 0;
      continue;
    }
    const at = o + r * n + s;
    let v = a[at] - (r === 0 ? c0 : r === 1 ? c1 : c2);
    if (s === 0) v *= d0;
    else if (s === 1) v = (v - P[p + r] * l10) * d1;
    else v = (v - P[p + r] * l20 - P[p + 3 + r] * l21) * d2;
    a[at] = v;
    P[p + 3 * s + r] = v;
  }
}
