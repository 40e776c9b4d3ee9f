/**
 * Dense quasi-Newton updates on a row-major n×n `DenseMatrix`, in place, O(n²) each.
 * Each computes the upper triangle and mirrors it, so a symmetric matrix stays
 * exactly symmetric.
 *
 * @packageDocumentation
 */
import type { DenseMatrix, Vector } from '@hessian/core';

/** A ← c·I. @example setScaledIdentity(H, sy / yy) // (6.20) */
export function setScaledIdentity(A: DenseMatrix, c: number): DenseMatrix {
  const n = A.rows;
  const a = A.data;
  a.fill(0);
  for (let i = 0; i < n; i++) a[i * n + i] = c;
  return A;
}

/** out ← A·v and returns vᵀout (A symmetric: the quadratic form vᵀAv). @example const sBs = symmetricProduct(B, s, Bs); */
export function symmetricProduct(A: DenseMatrix, v: Vector, out: Vector): number {
  const n = A.rows;
  const a = A.data;
  let q = 0;
  for (let i = 0; i < n; i++) {
    const off = i * n;
    let t = 0;
    for (let j = 0; j < n; j++) t += a[off + j] * v[j];
    out[i] = t;
    q += v[i] * t;
  }
  return q;
}

/** d ← −A·g and returns gᵀd (the quasi-Newton direction and its slope, in one pass over A). @example const slope = negProductDot(H, g, d); */
export function negProductDot(A: DenseMatrix, g: Vector, d: Vector): number {
  const n = A.rows;
  const a = A.data;
  let q = 0;
  for (let i = 0; i < n; i++) {
    const off = i * n;
    let t = 0;
    for (let j = 0; j < n; j++) t += a[off + j] * g[j];
    d[i] = -t;
    q -= g[i] * t;
  }
  return q;
}

/**
 * The BFGS update of the inverse Hessian approximation, in place:
 * H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, ρ = 1/sᵀy, expanded as
 * H − ρ (s (Hy)ᵀ + (Hy) sᵀ) + (ρ² yᵀHy + ρ) s sᵀ. `work` (length n) receives H y.
 * After it H y = s (the secant equation).
 *
 * **Requires** sᵀy > 0 and H symmetric (then H stays symmetric positive definite).
 * **Reference** Nocedal & Wright (2nd ed.), (6.17).
 * @example bfgsInverseUpdate(H, s, y, dot(s, y), work)
 */
export function bfgsInverseUpdate(
  H: DenseMatrix,
  s: Vector,
  y: Vector,
  sy: number,
  work: Vector,
): DenseMatrix {
  const n = H.rows;
  const h = H.data;
  const rho = 1 / sy;
  const yHy = symmetricProduct(H, y, work);
  const c = rho * rho * yHy + rho;
  for (let i = 0; i < n; i++) {
    const off = i * n;
    const si = s[i];
    const hi = work[i];
    const a = c * si - rho * hi;
    const b = -rho * si;
    for (let j = i; j < n; j++) h[j * n + i] = h[off + j] += a * s[j] + b * work[j];
  }
  return H;
}

/**
 * The BFGS update of the Hessian approximation, in place:
 * B ← B − (Bs)(Bs)ᵀ / sᵀBs + y yᵀ / sᵀy. `Bs` must hold B·s and `sBs` = sᵀBs.
 * After it B s = y.
 *
 * **Requires** sᵀy > 0, sᵀBs > 0 (then B stays symmetric positive definite).
 * **Reference** Nocedal & Wright (2nd ed.), (6.19).
 * @example const sBs = symmetricProduct(B, s, Bs); bfgsDirectUpdate(B, y, dot(s, y), Bs, sBs);
 */
export function bfgsDirectUpdate(
  B: DenseMatrix,
  y: Vector,
  sy: number,
  Bs: Vector,
  sBs: number,
): DenseMatrix {
  const n = B.rows;
  const b = B.data;
  const p = 1 / sBs;
  const q = 1 / sy;
  for (let i = 0; i < n; i++) {
    const off = i * n;
    const bi = p * Bs[i];
    const yi = q * y[i];
    for (let j = i; j < n; j++) b[j * n + i] = b[off + j] += yi * y[j] - bi * Bs[j];
  }
  return B;
}

/**
 * The symmetric rank-one update, in place: B ← B + v vᵀ / vᵀs with v = y − B s
 * (pass v, and sv = sᵀv). After it B s = y.
 *
 * **Requires** |sᵀv| not small (see {@link sr1UpdateIsSafe}).
 * **Reference** Nocedal & Wright (2nd ed.), §6.2, (6.24).
 * @example symmetricProduct(B, s, v); for (let i = 0; i < n; i++) v[i] = y[i] - v[i]; sr1Update(B, v, dot(s, v));
 */
export function sr1Update(B: DenseMatrix, v: Vector, sv: number): DenseMatrix {
  const n = B.rows;
  const b = B.data;
  const c = 1 / sv;
  for (let i = 0; i < n; i++) {
    const off = i * n;
    const vi = c * v[i];
    for (let j = i; j < n; j++) b[j * n + i] = b[off + j] += vi * v[j];
  }
  return B;
}
