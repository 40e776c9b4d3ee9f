/**
 * Fused vector kernels of Newton-CG. They are plain functions, not generator code:
 * V8 optimizes a loop in a generator only after the generator has been called many
 * times (there is no on-stack replacement into generators), so a method's program
 * that runs once would execute its loops unoptimized. Every loop over n lives here.
 *
 * Internal: not exported from the package.
 *
 * @packageDocumentation
 */
import type { Vector } from '@hessian/core';

/** r ← g; returns ‖g‖². */
export function copyWithNorm(g: Vector, r: Vector): number {
  const n = g.length;
  const m = n - (n & 1);
  let s0 = 0;
  let s1 = 0;
  let i = 0;
  for (; i < m; i += 2) {
    const a = g[i];
    const b = g[i + 1];
    r[i] = a;
    r[i + 1] = b;
    s0 += a * a;
    s1 += b * b;
  }
  if (i < n) {
    const a = g[i];
    r[i] = a;
    s0 += a * a;
  }
  return s0 + s1;
}

/**
 * r ← q + λd + g (q = Hd); out ← [‖r‖², dᵀ(H + λI)d, gᵀd].
 */
export function warmResidual(
  d: Vector,
  q: Vector,
  g: Vector,
  r: Vector,
  lambda: number,
  out: Float64Array,
): void {
  let rr = 0;
  let dAd = 0;
  let gd = 0;
  for (let i = 0; i < d.length; i++) {
    const di = d[i];
    const Ad = q[i] + lambda * di;
    const ri = Ad + g[i];
    r[i] = ri;
    rr += ri * ri;
    dAd += di * Ad;
    gd += g[i] * di;
  }
  out[0] = rr;
  out[1] = dAd;
  out[2] = gd;
}

/** p ← −z. */
export function negateInto(z: Vector, p: Vector): void {
  for (let i = 0; i < z.length; i++) p[i] = -z[i];
}

/** pᵀ(q + λp) = pᵀq + λpᵀp. */
export function dampedCurvature(p: Vector, q: Vector, lambda: number): number {
  const n = p.length;
  const m = n - (n & 1);
  let pq0 = 0;
  let pq1 = 0;
  let pp0 = 0;
  let pp1 = 0;
  let i = 0;
  for (; i < m; i += 2) {
    const a = p[i];
    const b = p[i + 1];
    pq0 += a * q[i];
    pq1 += b * q[i + 1];
    pp0 += a * a;
    pp1 += b * b;
  }
  if (i < n) {
    const a = p[i];
    pq0 += a * q[i];
    pp0 += a * a;
  }
  return pq0 + pq1 + lambda * (pp0 + pp1);
}

/** pᵀq (the undamped {@link dampedCurvature}). */
export function curvature(p: Vector, q: Vector): number {
  const n = p.length;
  const m = n - (n & 1);
  let s0 = 0;
  let s1 = 0;
  let i = 0;
  for (; i < m; i += 2) {
    s0 += p[i] * q[i];
    s1 += p[i + 1] * q[i + 1];
  }
  if (i < n) s0 += p[i] * q[i];
  return s0 + s1;
}

/** r ← r + αq; returns ‖r‖². */
export function residualStep(r: Vector, q: Vector, alpha: number): number {
  const n = r.length;
  const m = n - (n & 1);
  let s0 = 0;
  let s1 = 0;
  let i = 0;
  for (; i < m; i += 2) {
    const ra = r[i] + alpha * q[i];
    const rb = r[i + 1] + alpha * q[i + 1];
    r[i] = ra;
    r[i + 1] = rb;
    s0 += ra * ra;
    s1 += rb * rb;
  }
  if (i < n) {
    const ra = r[i] + alpha * q[i];
    r[i] = ra;
    s0 += ra * ra;
  }
  return s0 + s1;
}

/** r ← r + α(q + λp); returns ‖r‖². */
export function dampedResidualStep(
  r: Vector,
  p: Vector,
  q: Vector,
  alpha: number,
  lambda: number,
): number {
  const n = r.length;
  const m = n - (n & 1);
  let s0 = 0;
  let s1 = 0;
  let i = 0;
  for (; i < m; i += 2) {
    const ra = r[i] + alpha * (q[i] + lambda * p[i]);
    const rb = r[i + 1] + alpha * (q[i + 1] + lambda * p[i + 1]);
    r[i] = ra;
    r[i + 1] = rb;
    s0 += ra * ra;
    s1 += rb * rb;
  }
  if (i < n) {
    const ra = r[i] + alpha * (q[i] + lambda * p[i]);
    r[i] = ra;
    s0 += ra * ra;
  }
  return s0 + s1;
}

/** d ← d + αp, then p ← βp − z: the deferred CG step fused with the new direction. */
export function stepAndConjugate(
  d: Vector,
  p: Vector,
  z: Vector,
  alpha: number,
  beta: number,
): void {
  const n = d.length;
  const m = n - (n & 1);
  let i = 0;
  for (; i < m; i += 2) {
    const a = p[i];
    const b = p[i + 1];
    d[i] += alpha * a;
    d[i + 1] += alpha * b;
    p[i] = beta * a - z[i];
    p[i + 1] = beta * b - z[i + 1];
  }
  if (i < n) {
    const a = p[i];
    d[i] += alpha * a;
    p[i] = beta * a - z[i];
  }
}

/** d ← d + αp. */
export function addScaled(d: Vector, p: Vector, alpha: number): void {
  for (let i = 0; i < d.length; i++) d[i] += alpha * p[i];
}

/** d ← cp, r ← g + c(q + λp); returns ‖r‖². */
export function scaledDirection(
  d: Vector,
  r: Vector,
  p: Vector,
  q: Vector,
  g: Vector,
  c: number,
  lambda: number,
): number {
  let rr = 0;
  for (let i = 0; i < d.length; i++) {
    const pi = p[i];
    d[i] = c * pi;
    const ri = g[i] + c * (q[i] + lambda * pi);
    r[i] = ri;
    rr += ri * ri;
  }
  return rr;
}

/** out ← [gᵀd, dᵀr, dᵀd]. */
export function directionSummary(g: Vector, d: Vector, r: Vector, out: Float64Array): void {
  let gd = 0;
  let dr = 0;
  let dd = 0;
  for (let i = 0; i < d.length; i++) {
    const di = d[i];
    gd += g[i] * di;
    dr += di * r[i];
    dd += di * di;
  }
  out[0] = gd;
  out[1] = dr;
  out[2] = dd;
}

/** x ← a·x. */
export function scaleInPlace(x: Vector, a: number): void {
  for (let i = 0; i < x.length; i++) x[i] *= a;
}

/** s ← αd, y ← g⁺ − g, g ← g⁺; returns ‖g⁺‖². */
export function acceptStep(
  s: Vector,
  y: Vector,
  g: Vector,
  gNew: Vector,
  d: Vector,
  alpha: number,
): number {
  let gg = 0;
  for (let i = 0; i < g.length; i++) {
    s[i] = alpha * d[i];
    const gi = gNew[i];
    y[i] = gi - g[i];
    g[i] = gi;
    gg += gi * gi;
  }
  return gg;
}

/** ‖(1 − α)g + α(r − λd)‖₂ = ‖g + αHd‖₂ when r = (H + λI)d + g. */
export function linearResidualNorm(
  g: Vector,
  r: Vector,
  d: Vector,
  alpha: number,
  lambda: number,
): number {
  let sum = 0;
  for (let i = 0; i < g.length; i++) {
    const v = (1 - alpha) * g[i] + alpha * (r[i] - lambda * d[i]);
    sum += v * v;
  }
  return Math.sqrt(sum);
}

/** v ← indicator of {i ≡ c (mod k)}. */
export function probeVector(v: Vector, c: number, k: number): void {
  v.fill(0);
  for (let i = c; i < v.length; i += k) v[i] = 1;
}

/** out_i ← hv_i for i ≡ c (mod k). */
export function gatherColor(out: Vector, hv: Vector, c: number, k: number): void {
  for (let i = c; i < out.length; i += k) out[i] = hv[i];
}

/** v ← Rademacher ±1 entries from mulberry32 state `seed`; returns the next state. */
export function rademacher(v: Vector, seed: number): number {
  let s = seed >>> 0;
  for (let i = 0; i < v.length; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    v[i] = ((t ^ (t >>> 14)) >>> 0) & 1 ? 1 : -1;
  }
  return s;
}

/** out ← out + v ⊙ hv. */
export function accumulateProducts(out: Vector, v: Vector, hv: Vector): void {
  for (let i = 0; i < out.length; i++) out[i] += v[i] * hv[i];
}
