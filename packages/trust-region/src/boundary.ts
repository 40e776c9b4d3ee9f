/**
 * The one shared boundary helper: where the line z + t·d meets the sphere ‖·‖ = Δ.
 *
 * @packageDocumentation
 */

/**
 * The two real roots t₁ ≤ 0 ≤ t₂ of ‖z + t·d‖₂ = Δ, for a point z inside the ball
 * (‖z‖ ≤ Δ) and a direction d ≠ 0, from the inner products zz = ‖z‖², zd = zᵀd,
 * dd = ‖d‖². Writes [t₁, t₂] into `out` and returns it; t₂ is the positive root
 * (the step to the boundary along d).
 *
 * Cancellation-free: with a = dd, b' = zd, c = ‖z‖² − Δ² computed as (‖z‖ − Δ)(‖z‖ + Δ),
 * the root whose numerator adds two numbers of one sign is −(b' + sign(b')√(b'² − ac))/a,
 * and the other comes from the product of the roots c/a, as SciPy's
 * `get_boundaries_intersections` and Numerical Recipes §5.6. A z that rounding put
 * slightly outside the ball is treated as on the sphere (c = 0).
 *
 * **Requires** dd > 0, radius > 0.
 * **Reference** Nocedal & Wright, *Numerical Optimization* (2006), §4.1 and Alg. 7.2;
 * Press et al., *Numerical Recipes* (3rd ed.), §5.6 (5.6.4).
 * @example boundaryIntersections(0, 0, 4, 1, out) // [-0.5, 0.5]: ‖t·d‖ = 1 with ‖d‖ = 2
 */
export function boundaryIntersections(
  zz: number,
  zd: number,
  dd: number,
  radius: number,
  out: Float64Array = new Float64Array(2),
): Float64Array {
  const zn = Math.sqrt(zz);
  const c = Math.min((zn - radius) * (zn + radius), 0);
  const sq = Math.sqrt(zd * zd - dd * c);
  const aux = zd >= 0 ? zd + sq : zd - sq;
  if (aux === 0) {
    out[0] = 0;
    out[1] = 0;
    return out;
  }
  const ta = -aux / dd;
  const tb = -c / aux;
  out[0] = Math.min(ta, tb);
  out[1] = Math.max(ta, tb);
  return out;
}
