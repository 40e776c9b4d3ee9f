/**
 * The vector kernels of the quasi-Newton methods: core's fused kernels (see
 * `VectorKernels` in @hessian/core) and the Powell-damping blends.
 *
 * @packageDocumentation
 */
import {
  jsKernels,
  SG_OLD as SG_OLD_INDEX,
  SY as SY_INDEX,
  type Vector,
  YY as YY_INDEX,
} from '@hessian/core';
import { powellTheta } from './safeguards.js';

export { SG_NEW, SG_OLD, SS, SY, YY } from '@hessian/core';

/** xᵀy in four lanes (core's fused `dot`). */
export const dot = jsKernels.dot;
/** out ← c·v, then zᵀout (core's fused `scaleDot`). */
export const scaleDot = jsKernels.scaleDot;

/**
 * s ← x⁺ − x and y ← g⁺ − g with sᵀy, yᵀy, sᵀs, sᵀg⁺ and sᵀg (core's fused `secantPair`).
 */
export function secantPair(
  xNew: Vector,
  xOld: Vector,
  gNew: Vector,
  gOld: Vector,
  s: Vector,
  y: Vector,
  out: Float64Array,
): Float64Array {
  return jsKernels.secantPair(xNew, xOld, gNew, gOld, s, y, out, true);
}

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
 * Powell damping of a quasi-Newton secant pair, after {@link secantPair} filled `prod`
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
  const sy = prod[SY_INDEX];
  const sBs = -alpha * prod[SG_OLD_INDEX];
  if (!(sBs > 0 && sy < 0.2 * sBs)) return false;
  blendWithGradient(powellTheta(sy, sBs), y, alpha, g);
  prod[SY_INDEX] = dot(s, y);
  prod[YY_INDEX] = dot(y, y);
  return true;
}
