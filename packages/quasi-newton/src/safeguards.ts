/**
 * The small pure rules shared by every quasi-Newton update: when to skip it, how to
 * damp it, how to scale the first approximation.
 *
 * @packageDocumentation
 */

/**
 * True when the pair (s, y) has enough curvature for a BFGS update:
 * sᵀy > epsilon·‖s‖‖y‖. A pair failing it is skipped (the update would lose positive
 * definiteness, or be dominated by rounding).
 *
 * **Reference** Nocedal & Wright, *Numerical Optimization* (2nd ed., 2006), §6.1 (6.7)
 * (the curvature condition), and the skipping rule of §18.3.
 * @param sy sᵀy
 * @param ss sᵀs
 * @param yy yᵀy
 * @param epsilon the relative threshold (1e-8 in the methods here)
 * @example curvatureConditionHolds(1, 1, 1, 1e-8) // true
 */
export function curvatureConditionHolds(
  sy: number,
  ss: number,
  yy: number,
  epsilon: number,
): boolean {
  return sy > epsilon * Math.sqrt(ss) * Math.sqrt(yy) && Number.isFinite(sy);
}

/**
 * Powell's damping factor theta: the BFGS update then uses r = theta·y + (1 − theta)·B s,
 * which satisfies sᵀr ≥ 0.2·sᵀB s > 0 whatever the sign of sᵀy.
 *
 * theta = 1 when sᵀy ≥ 0.2·sᵀBs, else 0.8·sᵀBs / (sᵀBs − sᵀy).
 *
 * **Requires** sBs > 0 (B positive definite).
 * **Reference** Nocedal & Wright (2nd ed.), Procedure 18.2, (18.14)–(18.15).
 * @example powellTheta(-1, 1) // 0.4
 */
export function powellTheta(sy: number, sBs: number): number {
  if (sy >= 0.2 * sBs) return 1;
  return (0.8 * sBs) / (sBs - sy);
}

/**
 * The first-step scaling of the inverse Hessian, H₀ = gamma·I with gamma = sᵀy / yᵀy
 * (its inverse yᵀy / sᵀy scales the direct approximation B₀).
 *
 * **Reference** Nocedal & Wright (2nd ed.), (6.20) and (7.20).
 * @example inverseScaling(2, 4) // 0.5
 */
export function inverseScaling(sy: number, yy: number): number {
  return sy / yy;
}

/**
 * True when the SR1 update with v = y − B s is safe: |sᵀv| ≥ r·‖s‖‖v‖ and v ≠ 0.
 * (When v = 0 the secant equation already holds and there is nothing to update.)
 *
 * **Reference** Nocedal & Wright (2nd ed.), §6.2, (6.26).
 * @param sv sᵀ(y − B s)
 * @param ss sᵀs
 * @param vv ‖y − B s‖²
 * @param r the threshold (1e-8 by default in {@link sr1Curvature})
 * @example sr1UpdateIsSafe(1, 1, 1, 1e-8) // true
 */
export function sr1UpdateIsSafe(sv: number, ss: number, vv: number, r: number): boolean {
  return vv > 0 && Math.abs(sv) >= r * Math.sqrt(ss) * Math.sqrt(vv) && Number.isFinite(sv);
}
