/**
 * The vector kernels of the quasi-Newton methods: core's fused kernels (see
 * `VectorKernels` in @hessian/core) and the Powell-damping blends.
 *
 * @packageDocumentation
 */
import { jsKernels, type Vector } from '@hessian/core';

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
