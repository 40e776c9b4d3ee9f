/**
 * @hessian/trust-region: one trust-region driver (Nocedal & Wright Alg. 4.1) with
 * interchangeable subproblem solvers: Cauchy point, dogleg, Steihaug–Toint CG,
 * Moré–Sorensen (exact) and GLTR (Lanczos).
 *
 * @packageDocumentation
 */
export { boundaryIntersections } from './boundary.js';
export { cauchyPoint } from './cauchy.js';
export { type DoglegWork, doglegStep } from './dogleg.js';
export { type GltrOptions, type GltrWork, gltr } from './gltr.js';
export { type MoreSorensenOptions, type MoreSorensenWork, moreSorensen } from './more-sorensen.js';
export {
  GROW_ABOVE,
  GROW_FACTOR,
  reductionRatio,
  SHRINK_BELOW,
  SHRINK_FACTOR,
  updateRadius,
} from './ratio.js';
export { type SteihaugOptions, type SteihaugWork, steihaugCG } from './steihaug.js';
export {
  cauchyStep,
  type DenseSubproblem,
  type HvpOperator,
  type HvpSubproblem,
  matrixOperator,
  modelValue,
  type Subproblem,
  type SubproblemExit,
  type SubproblemResult,
  solveSubproblem,
} from './subproblem.js';
export {
  dogleg,
  type SubproblemName,
  type TrustExactOptions,
  type TrustKrylovOptions,
  type TrustNcgOptions,
  type TrustRegionMethodOptions,
  type TrustRegionOptions,
  trustExact,
  trustKrylov,
  trustNcg,
  trustRegion,
  trustRegionCauchy,
} from './trust-region.js';
