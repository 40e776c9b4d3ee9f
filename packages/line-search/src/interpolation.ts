/**
 * Minimizers of the polynomial interpolants a line search steps to. Pure helpers:
 * each returns the interpolant's local minimizer, or NaN when it has none.
 *
 * @packageDocumentation
 */

/**
 * Minimizer of the quadratic q with q(a) = fa, q'(a) = da and q(b) = fb.
 *
 * **Requires** a ≠ b. Returns NaN unless q is strictly convex (fb − fa − da·(b − a) > 0).
 * Exact on quadratics.
 * **Reference** Nocedal & Wright (2006), eq. (3.57); Moré & Thuente (1994), §4 (α_q);
 * written as MINPACK-2 `dcstep` computes `stpq`.
 * @example quadraticMinimizer(0, 4, -4, 1, 1) // 2: q(t) = (t − 2)²
 */
export function quadraticMinimizer(
  a: number,
  fa: number,
  da: number,
  b: number,
  fb: number,
): number {
  if (!(fb - fa - da * (b - a) > 0)) return Number.NaN;
  return a + (da / ((fa - fb) / (b - a) + da) / 2) * (b - a);
}

/**
 * Zero of the secant (linear interpolant) of the slope through (a, da) and (b, db):
 * the minimizer of the quadratic with q'(a) = da and q'(b) = db when da < db·sign(b − a).
 *
 * **Requires** da ≠ db (else ±Infinity or NaN). Exact on quadratics.
 * **Reference** Moré & Thuente (1994), §4 (α_s); Hager & Zhang (2005), §4, `secant`.
 * @example secantMinimizer(0, -4, 1, -2) // 2: q'(t) = 2(t − 2)
 */
export function secantMinimizer(a: number, da: number, b: number, db: number): number {
  return a + (da / (da - db)) * (b - a);
}

/**
 * Local minimizer of the cubic c with c(a) = fa, c'(a) = da, c(b) = fb, c'(b) = db
 * (the Hermite interpolant): MINPACK's formula, scaled against overflow, with the quotient
 * taken in whichever of its two equal forms avoids cancellation.
 *
 * **Requires** a ≠ b. Returns NaN when the cubic has no local minimizer. Exact on cubics
 * (and on quadratics, where it is their minimizer).
 * **Reference** Nocedal & Wright (2006), eq. (3.59); Moré & Thuente (1994), §4 (α_c);
 * MINPACK-2 `dcstep`.
 * @example cubicMinimizer(0, 0, -3, 2, 2, 9) // 1: c(t) = t³ − 3t
 */
export function cubicMinimizer(
  a: number,
  fa: number,
  da: number,
  b: number,
  fb: number,
  db: number,
): number {
  const theta = (3 * (fa - fb)) / (b - a) + da + db;
  const s = Math.max(Math.abs(theta), Math.abs(da), Math.abs(db));
  const discriminant = (theta / s) ** 2 - (da / s) * (db / s);
  if (!(discriminant >= 0)) return Number.NaN;
  let gamma = s * Math.sqrt(discriminant);
  if (b < a) gamma = -gamma;
  // The root r of the derivative in t = a + r·(b − a) where it increases, in the one of its
  // two equal forms (Vieta) that has no cancellation: (s + gamma)/(da + db + 2θ) = da/(s − gamma).
  const sum = da + theta;
  const r = sum >= 0 === gamma >= 0 ? (sum + gamma) / (da + db + 2 * theta) : da / (sum - gamma);
  const t = a + r * (b - a);
  return Number.isFinite(t) ? t : Number.NaN;
}

/**
 * Local minimizer of the cubic c with c(0) = phi0, c'(0) = slope0, c(a) = fa and
 * c(b) = fb: the backtracking step from the last two trials, which needs no slopes
 * at the trials.
 *
 * **Requires** a, b ≠ 0 and a ≠ b. Returns NaN when the cubic has no local minimizer.
 * Exact on cubics.
 * **Reference** Nocedal & Wright (2006), eq. (3.58) and the formula below it (here in
 * a form without cancellation).
 * @example cubicMinimizerFromValues(0, -3, 2, 2, 3, 18) // 1: c(t) = t³ − 3t
 */
export function cubicMinimizerFromValues(
  phi0: number,
  slope0: number,
  a: number,
  fa: number,
  b: number,
  fb: number,
): number {
  // c(t) = phi0 + slope0·t + c2·t² + c3·t³
  const u = (fa - phi0 - slope0 * a) / (a * a);
  const v = (fb - phi0 - slope0 * b) / (b * b);
  const c3 = (u - v) / (a - b);
  const c2 = u - c3 * a;
  const discriminant = c2 * c2 - 3 * c3 * slope0;
  if (!(discriminant >= 0)) return Number.NaN;
  const root = Math.sqrt(discriminant);
  const t = c2 > 0 ? -slope0 / (c2 + root) : (root - c2) / (3 * c3);
  return Number.isFinite(t) ? t : Number.NaN;
}
