/**
 * The pure helpers of the trust-region driver: the reduction ratio and the radius update.
 *
 * @packageDocumentation
 */

/** ρ below this shrinks the radius (Nocedal & Wright Alg. 4.1). */
export const SHRINK_BELOW = 0.25;
/** ρ above this, with the step on the boundary, grows the radius. */
export const GROW_ABOVE = 0.75;
/** The radius is multiplied by this when ρ < {@link SHRINK_BELOW}. */
export const SHRINK_FACTOR = 0.25;
/** The radius is multiplied by this (up to maxRadius) when ρ > {@link GROW_ABOVE} on the boundary. */
export const GROW_FACTOR = 2;

/**
 * The reduction ratio ρ = (f(x) − f(x + p)) / (m(0) − m(p)): actual over predicted reduction.
 *
 * **Requires** `predicted` = m(0) − m(p) > 0 (else NaN: the ratio means nothing).
 * A non-finite trial value gives −∞, so that the step is rejected and the radius shrinks.
 * **Reference** Nocedal & Wright, *Numerical Optimization* (2006), (4.4).
 * @example reductionRatio(10, 8, 4) // 0.5
 */
export function reductionRatio(value: number, trialValue: number, predicted: number): number {
  if (!Number.isFinite(trialValue)) return Number.NEGATIVE_INFINITY;
  if (!(predicted > 0)) return Number.NaN;
  return (value - trialValue) / predicted;
}

/**
 * The next trust-region radius from the reduction ratio ρ: ×{@link SHRINK_FACTOR} when
 * ρ < 1/4 (or ρ is NaN or −∞), ×{@link GROW_FACTOR} up to `maxRadius` when ρ > 3/4 and
 * the step reached the boundary, unchanged otherwise.
 *
 * **Options** `maxRadius` (1000).
 * **Reference** Nocedal & Wright, *Numerical Optimization* (2006), Algorithm 4.1.
 * @example updateRadius(1, 0.9, true, 1000) // 2
 */
export function updateRadius(
  radius: number,
  rho: number,
  onBoundary: boolean,
  maxRadius = 1000,
): number {
  if (!(rho >= SHRINK_BELOW)) return SHRINK_FACTOR * radius;
  if (rho > GROW_ABOVE && onBoundary) return Math.min(GROW_FACTOR * radius, maxRadius);
  return radius;
}
