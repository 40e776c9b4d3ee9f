/**
 * @hessian/quasi-newton: BFGS, L-BFGS and SR1, as methods (`bfgs`, `lbfgs`) and as
 * curvature providers (`bfgsCurvature`, `sr1Curvature`, `lbfgsCurvature`) for the
 * trust-region and damped-Newton methods.
 *
 * @packageDocumentation
 */
export { type BfgsOptions, bfgs } from './bfgs.js';
export {
  type BfgsCurvatureOptions,
  bfgsCurvature,
  type LbfgsCurvatureOptions,
  lbfgsCurvature,
  type Sr1CurvatureOptions,
  sr1Curvature,
} from './curvature.js';
export {
  bfgsDirectUpdate,
  bfgsInverseUpdate,
  sr1Update,
} from './dense.js';
export { type LbfgsOptions, lbfgs, parseLbfgsMemory } from './lbfgs.js';
export type { LbfgsInverseHessian, LbfgsMemoryJSON } from './memory.js';
export {
  curvatureConditionHolds,
  inverseScaling,
  powellTheta,
  sr1UpdateIsSafe,
} from './safeguards.js';
