/**
 * Powell damping of the quasi-Newton secant pairs (Nocedal & Wright, Procedure 18.2):
 * the blends r = theta·y + (1 − theta)·B s, and the step that applies them to a pair.
 *
 * @packageDocumentation
 */
import { jsKernels, SG_OLD, SY, type Vector, YY } from '@hessian/core';
import { powellTheta } from './safeguards.js';

/**
 * y ← theta·y + (1 − theta)·w in place (Powell's damped secant vector r, with w = B s).
 */
export function blendInto(theta: number, y: Vector, w: Vector): Vector {
  const c = 1 - theta;
  for (let i = 0; i < y.length; i++) y[i] = theta * y[i] + c * w[i];
  return y;
}

/**
 * y ← theta·y − (1 − theta)·alpha·g in place: Powell's damped r when B s = −alpha·g
 * (true of a quasi-Newton step s = alpha·d with d = −H g, H = B⁻¹).
 */
export function blendWithGradient(theta: number, y: Vector, alpha: number, g: Vector): Vector {
  const c = -(1 - theta) * alpha;
  for (let i = 0; i < y.length; i++) y[i] = theta * y[i] + c * g[i];
  return y;
}

/**
 * Powell damping of a quasi-Newton secant pair, after core's `secantPair` filled `prod`
 * (which must hold sᵀg at SG_OLD): when sᵀy < 0.2·sᵀBs, with B s = −alpha·g (true of a
 * step s = alpha·d along d = −H g, H = B⁻¹), replaces y by theta·y + (1 − theta)·B s and
 * writes the new sᵀy and yᵀy into `prod`. Returns whether it damped.
 *
 * **Reference** Nocedal & Wright (2nd ed.), Procedure 18.2.
 */
export function powellDampPair(
  prod: Float64Array,
  s: Vector,
  y: Vector,
  alpha: number,
  g: Vector,
): boolean {
  const sy = prod[SY];
  const sBs = -alpha * prod[SG_OLD];
  if (!(sBs > 0 && sy < 0.2 * sBs)) return false;
  blendWithGradient(powellTheta(sy, sBs), y, alpha, g);
  prod[SY] = jsKernels.dot(s, y);
  prod[YY] = jsKernels.dot(y, y);
  return true;
}
