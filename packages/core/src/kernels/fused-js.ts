/**
 * Fused vector kernels in plain TypeScript, the reference for their WebAssembly SIMD
 * twins (see {@link VectorKernels}). Each pass over memory does as
 * much as it can (an axpy with the next dot product, the secant pair with all its
 * inner products), and every reduction keeps four partial sums (lanes i mod 4) so
 * that plain JS loops are not bound by the latency of one add chain.
 *
 * Every reduction here sums in the same order as {@link dot} (four lanes, combined
 * as (l0 + l1) + (l2 + l3)), so a value computed inside a fused pass equals, bit for
 * bit, the same inner product computed later by {@link dot}. The L-BFGS warm start
 * relies on this.
 *
 * @packageDocumentation
 */
import type { Vector } from '../vector.js';

/**
 * xᵀy, summed in four lanes.
 *
 * @example dot(Float64Array.of(1, 2), Float64Array.of(3, 4)) // 11
 */
export function dot(x: Vector, y: Vector): number {
  const n = x.length;
  if (y.length < n) throw new RangeError('dot: vectors of unequal length');
  let l0 = 0;
  let l1 = 0;
  let l2 = 0;
  let l3 = 0;
  let i = 0;
  for (; i < n - 3; i += 4) {
    l0 += x[i] * y[i];
    l1 += x[i + 1] * y[i + 1];
    l2 += x[i + 2] * y[i + 2];
    l3 += x[i + 3] * y[i + 3];
  }
  for (; i < n; i++) l0 += x[i] * y[i];
  return l0 + l1 + (l2 + l3);
}

/**
 * out ← y + a·x, then returns zᵀout, in one pass. `out` may alias `y`.
 *
 * @example const u = axpyDot(-alpha, yk, q, q, sPrev) // q ← q − alpha·yk; u = sPrevᵀq
 */
export function axpyDot(a: number, x: Vector, y: Vector, out: Vector, z: Vector): number {
  const n = out.length;
  if (x.length < n || y.length < n || z.length < n)
    throw new RangeError('axpyDot: vectors of unequal length');
  let l0 = 0;
  let l1 = 0;
  let l2 = 0;
  let l3 = 0;
  let i = 0;
  for (; i < n - 3; i += 4) {
    const v0 = y[i] + a * x[i];
    out[i] = v0;
    l0 += z[i] * v0;
    const v1 = y[i + 1] + a * x[i + 1];
    out[i + 1] = v1;
    l1 += z[i + 1] * v1;
    const v2 = y[i + 2] + a * x[i + 2];
    out[i + 2] = v2;
    l2 += z[i + 2] * v2;
    const v3 = y[i + 3] + a * x[i + 3];
    out[i + 3] = v3;
    l3 += z[i + 3] * v3;
  }
  for (; i < n; i++) {
    const v = y[i] + a * x[i];
    out[i] = v;
    l0 += z[i] * v;
  }
  return l0 + l1 + (l2 + l3);
}

/**
 * out ← −(y + a·x), then returns zᵀout, in one pass: the last step of the two-loop
 * recursion, which writes the direction d = −H g and its slope gᵀd. `out` may alias `y`.
 */
export function negAxpyDot(a: number, x: Vector, y: Vector, out: Vector, z: Vector): number {
  const n = out.length;
  if (x.length < n || y.length < n || z.length < n)
    throw new RangeError('negAxpyDot: vectors of unequal length');
  let l0 = 0;
  let l1 = 0;
  let l2 = 0;
  let l3 = 0;
  let i = 0;
  for (; i < n - 3; i += 4) {
    const v0 = -(y[i] + a * x[i]);
    out[i] = v0;
    l0 += z[i] * v0;
    const v1 = -(y[i + 1] + a * x[i + 1]);
    out[i + 1] = v1;
    l1 += z[i + 1] * v1;
    const v2 = -(y[i + 2] + a * x[i + 2]);
    out[i + 2] = v2;
    l2 += z[i + 2] * v2;
    const v3 = -(y[i + 3] + a * x[i + 3]);
    out[i + 3] = v3;
    l3 += z[i + 3] * v3;
  }
  for (; i < n; i++) {
    const v = -(y[i] + a * x[i]);
    out[i] = v;
    l0 += z[i] * v;
  }
  return l0 + l1 + (l2 + l3);
}

/**
 * out ← c·(y + a·x), then returns xᵀout, in one pass: the turn of the L-BFGS two-loop
 * recursion (the last update of the first loop, the scaling by γ, and the first dot
 * of the second loop, all on the oldest pair). `out` may alias `y` or `x` (each xᵢ is
 * read before outᵢ is written, and that value enters the sum).
 */
export function scaledAxpyDot(a: number, x: Vector, y: Vector, c: number, out: Vector): number {
  const n = out.length;
  if (x.length < n || y.length < n)
    throw new RangeError('scaledAxpyDot: vectors of unequal length');
  let l0 = 0;
  let l1 = 0;
  let l2 = 0;
  let l3 = 0;
  let i = 0;
  for (; i < n - 3; i += 4) {
    const x0 = x[i];
    const v0 = c * (y[i] + a * x0);
    out[i] = v0;
    l0 += x0 * v0;
    const x1 = x[i + 1];
    const v1 = c * (y[i + 1] + a * x1);
    out[i + 1] = v1;
    l1 += x1 * v1;
    const x2 = x[i + 2];
    const v2 = c * (y[i + 2] + a * x2);
    out[i + 2] = v2;
    l2 += x2 * v2;
    const x3 = x[i + 3];
    const v3 = c * (y[i + 3] + a * x3);
    out[i + 3] = v3;
    l3 += x3 * v3;
  }
  for (; i < n; i++) {
    const xi = x[i];
    const v = c * (y[i] + a * xi);
    out[i] = v;
    l0 += xi * v;
  }
  return l0 + l1 + (l2 + l3);
}

/**
 * out ← c·v, then returns zᵀout, in one pass. `out` may alias `v`.
 */
export function scaleDot(c: number, v: Vector, out: Vector, z: Vector): number {
  const n = out.length;
  if (v.length < n || z.length < n) throw new RangeError('scaleDot: vectors of unequal length');
  let l0 = 0;
  let l1 = 0;
  let l2 = 0;
  let l3 = 0;
  let i = 0;
  for (; i < n - 3; i += 4) {
    const v0 = c * v[i];
    out[i] = v0;
    l0 += z[i] * v0;
    const v1 = c * v[i + 1];
    out[i + 1] = v1;
    l1 += z[i + 1] * v1;
    const v2 = c * v[i + 2];
    out[i + 2] = v2;
    l2 += z[i + 2] * v2;
    const v3 = c * v[i + 3];
    out[i + 3] = v3;
    l3 += z[i + 3] * v3;
  }
  for (; i < n; i++) {
    const w = c * v[i];
    out[i] = w;
    l0 += z[i] * w;
  }
  return l0 + l1 + (l2 + l3);
}

/**
 * The inner products of a secant pair, as {@link secantPair} writes them.
 * Index with the constants {@link SY}, {@link YY}, {@link SS}, {@link SG_NEW}, {@link SG_OLD}.
 */
export type PairProducts = Float64Array;
/** sᵀy */
export const SY = 0;
/** yᵀy */
export const YY = 1;
/** sᵀs */
export const SS = 2;
/** sᵀ∇f(x⁺): the first inner product of the next two-loop recursion. */
export const SG_NEW = 3;
/** sᵀ∇f(x): with B s = −alpha ∇f(x), gives sᵀB s for Powell damping. */
export const SG_OLD = 4;

/**
 * s ← x⁺ − x and y ← g⁺ − g, with sᵀy, yᵀy, sᵀs, sᵀg⁺ and sᵀg written to `out`
 * (see {@link SY} …), in one pass over the four vectors.
 */
export function secantPair(
  xNew: Vector,
  xOld: Vector,
  gNew: Vector,
  gOld: Vector,
  s: Vector,
  y: Vector,
  out: PairProducts,
): PairProducts {
  const n = s.length;
  if (xNew.length < n || xOld.length < n || gNew.length < n || gOld.length < n || y.length < n)
    throw new RangeError('secantPair: vectors of unequal length');
  let sy0 = 0;
  let sy1 = 0;
  let sy2 = 0;
  let sy3 = 0;
  let yy0 = 0;
  let yy1 = 0;
  let yy2 = 0;
  let yy3 = 0;
  let sg0 = 0;
  let sg1 = 0;
  let sg2 = 0;
  let sg3 = 0;
  let ss = 0;
  let so = 0;
  let i = 0;
  for (; i < n - 3; i += 4) {
    const a0 = xNew[i] - xOld[i];
    const a1 = xNew[i + 1] - xOld[i + 1];
    const a2 = xNew[i + 2] - xOld[i + 2];
    const a3 = xNew[i + 3] - xOld[i + 3];
    const h0 = gNew[i];
    const h1 = gNew[i + 1];
    const h2 = gNew[i + 2];
    const h3 = gNew[i + 3];
    const o0 = gOld[i];
    const o1 = gOld[i + 1];
    const o2 = gOld[i + 2];
    const o3 = gOld[i + 3];
    const b0 = h0 - o0;
    const b1 = h1 - o1;
    const b2 = h2 - o2;
    const b3 = h3 - o3;
    s[i] = a0;
    s[i + 1] = a1;
    s[i + 2] = a2;
    s[i + 3] = a3;
    y[i] = b0;
    y[i + 1] = b1;
    y[i + 2] = b2;
    y[i + 3] = b3;
    sy0 += a0 * b0;
    sy1 += a1 * b1;
    sy2 += a2 * b2;
    sy3 += a3 * b3;
    yy0 += b0 * b0;
    yy1 += b1 * b1;
    yy2 += b2 * b2;
    yy3 += b3 * b3;
    sg0 += a0 * h0;
    sg1 += a1 * h1;
    sg2 += a2 * h2;
    sg3 += a3 * h3;
    ss += a0 * a0 + a1 * a1 + (a2 * a2 + a3 * a3);
    so += a0 * o0 + a1 * o1 + (a2 * o2 + a3 * o3);
  }
  for (; i < n; i++) {
    const a = xNew[i] - xOld[i];
    const h = gNew[i];
    const o = gOld[i];
    const b = h - o;
    s[i] = a;
    y[i] = b;
    sy0 += a * b;
    yy0 += b * b;
    sg0 += a * h;
    ss += a * a;
    so += a * o;
  }
  out[SY] = sy0 + sy1 + (sy2 + sy3);
  out[YY] = yy0 + yy1 + (yy2 + yy3);
  out[SS] = ss;
  out[SG_NEW] = sg0 + sg1 + (sg2 + sg3);
  out[SG_OLD] = so;
  return out;
}

/*
 * In-place forms of the two-loop kernels: q is both read and written, so each pass
 * touches three arrays, not four (fewer live registers in V8's code for the loop,
 * which otherwise spills). The same operations in the same order as the general
 * kernels: results are bit-identical.
 */

/** q ← q + a·x, then returns zᵀq, in one pass ({@link axpyDot} with out = y = q). */
export function axpyDotInPlace(a: number, x: Vector, q: Vector, z: Vector): number {
  const n = q.length;
  if (x.length < n || z.length < n)
    throw new RangeError('axpyDotInPlace: vectors of unequal length');
  let l0 = 0;
  let l1 = 0;
  let l2 = 0;
  let l3 = 0;
  let i = 0;
  for (; i < n - 3; i += 4) {
    const v0 = q[i] + a * x[i];
    q[i] = v0;
    l0 += z[i] * v0;
    const v1 = q[i + 1] + a * x[i + 1];
    q[i + 1] = v1;
    l1 += z[i + 1] * v1;
    const v2 = q[i + 2] + a * x[i + 2];
    q[i + 2] = v2;
    l2 += z[i + 2] * v2;
    const v3 = q[i + 3] + a * x[i + 3];
    q[i + 3] = v3;
    l3 += z[i + 3] * v3;
  }
  for (; i < n; i++) {
    const v = q[i] + a * x[i];
    q[i] = v;
    l0 += z[i] * v;
  }
  return l0 + l1 + (l2 + l3);
}

/** q ← −(q + a·x), then returns zᵀq, in one pass ({@link negAxpyDot} with out = y = q). */
export function negAxpyDotInPlace(a: number, x: Vector, q: Vector, z: Vector): number {
  const n = q.length;
  if (x.length < n || z.length < n)
    throw new RangeError('negAxpyDotInPlace: vectors of unequal length');
  let l0 = 0;
  let l1 = 0;
  let l2 = 0;
  let l3 = 0;
  let i = 0;
  for (; i < n - 3; i += 4) {
    const v0 = -(q[i] + a * x[i]);
    q[i] = v0;
    l0 += z[i] * v0;
    const v1 = -(q[i + 1] + a * x[i + 1]);
    q[i + 1] = v1;
    l1 += z[i + 1] * v1;
    const v2 = -(q[i + 2] + a * x[i + 2]);
    q[i + 2] = v2;
    l2 += z[i + 2] * v2;
    const v3 = -(q[i + 3] + a * x[i + 3]);
    q[i + 3] = v3;
    l3 += z[i + 3] * v3;
  }
  for (; i < n; i++) {
    const v = -(q[i] + a * x[i]);
    q[i] = v;
    l0 += z[i] * v;
  }
  return l0 + l1 + (l2 + l3);
}

/** q ← c·(q + a·x), then returns xᵀq, in one pass ({@link scaledAxpyDot} with out = y = q). */
export function scaledAxpyDotInPlace(a: number, x: Vector, q: Vector, c: number): number {
  const n = q.length;
  if (x.length < n) throw new RangeError('scaledAxpyDotInPlace: vectors of unequal length');
  let l0 = 0;
  let l1 = 0;
  let l2 = 0;
  let l3 = 0;
  let i = 0;
  for (; i < n - 3; i += 4) {
    const x0 = x[i];
    const v0 = c * (q[i] + a * x0);
    q[i] = v0;
    l0 += x0 * v0;
    const x1 = x[i + 1];
    const v1 = c * (q[i + 1] + a * x1);
    q[i + 1] = v1;
    l1 += x1 * v1;
    const x2 = x[i + 2];
    const v2 = c * (q[i + 2] + a * x2);
    q[i + 2] = v2;
    l2 += x2 * v2;
    const x3 = x[i + 3];
    const v3 = c * (q[i + 3] + a * x3);
    q[i + 3] = v3;
    l3 += x3 * v3;
  }
  for (; i < n; i++) {
    const xi = x[i];
    const v = c * (q[i] + a * xi);
    q[i] = v;
    l0 += xi * v;
  }
  return l0 + l1 + (l2 + l3);
}

/**
 * max |xᵢ| in four lanes; NaN when any xᵢ is NaN (so the result is finite exactly
 * when every xᵢ is): ‖x‖∞ and the finiteness check of a vector in one pass.
 */
export function maxAbs(x: Vector): number {
  const n = x.length;
  let m0 = 0;
  let m1 = 0;
  let m2 = 0;
  let m3 = 0;
  let i = 0;
  for (; i < n - 3; i += 4) {
    m0 = Math.max(m0, Math.abs(x[i]));
    m1 = Math.max(m1, Math.abs(x[i + 1]));
    m2 = Math.max(m2, Math.abs(x[i + 2]));
    m3 = Math.max(m3, Math.abs(x[i + 3]));
  }
  for (; i < n; i++) m0 = Math.max(m0, Math.abs(x[i]));
  return Math.max(Math.max(m0, m1), Math.max(m2, m3));
}

/** out ← x + t·d, element for element as core's `pointAlong`, unrolled by four. */
export function pointAlong(x: Vector, t: number, d: Vector, out: Vector): void {
  const n = out.length;
  if (x.length < n || d.length < n) throw new RangeError('pointAlong: vectors of unequal length');
  let i = 0;
  for (; i < n - 3; i += 4) {
    out[i] = x[i] + t * d[i];
    out[i + 1] = x[i + 1] + t * d[i + 1];
    out[i + 2] = x[i + 2] + t * d[i + 2];
    out[i + 3] = x[i + 3] + t * d[i + 3];
  }
  for (; i < n; i++) out[i] = x[i] + t * d[i];
}
