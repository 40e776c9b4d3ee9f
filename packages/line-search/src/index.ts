/**
 * @hessian/line-search — line searches on phi(alpha) = f(x + alpha·d): backtracking
 * (Armijo), Moré–Thuente (strong Wolfe), Hager–Zhang (approximate Wolfe) and the fixed
 * step, as programs of the evaluation protocol and on plain 1-D functions; initial-step
 * rules and interpolation helpers.
 *
 * @packageDocumentation
 */
export {
  type BacktrackingInterpolation,
  type BacktrackingOptions,
  backtracking,
  backtrackingStep,
} from './backtracking.js';
export { fixedStep } from './fixed-step.js';
export {
  type HagerZhangConditions,
  type HagerZhangOptions,
  hagerZhang,
  hagerZhangConditions,
} from './hager-zhang.js';
export {
  type HagerZhangInitialState,
  type HagerZhangInitialStepOptions,
  hagerZhangInitialStep,
  previousAlpha,
  type QuadraticInitialStepOptions,
  quadraticInitialStep,
  unitStep,
} from './initial-step.js';
export {
  cubicMinimizer,
  cubicMinimizerFromValues,
  quadraticMinimizer,
  secantMinimizer,
} from './interpolation.js';
export { type MoreThuenteOptions, moreThuente } from './more-thuente.js';
export { moreThuenteStep, type UncertaintyInterval } from './more-thuente-step.js';
export { type ScalarFunction, scalarSearch } from './scalar-search.js';
export {
  createLineSearchWork,
  type LineSearch,
  type LineSearchResult,
  type LineSearchStatus,
  type LineSearchWork,
} from './types.js';
