/**
 * @hessian/hessian-free — truncated Newton (Newton-CG) on Hessian-vector products:
 * the method {@link newtonCg}, its inner solver {@link truncatedCG}, forcing terms,
 * preconditioners and Gauss–Newton curvature for sums of squares.
 *
 * @packageDocumentation
 */
export {
  type EisenstatWalkerState,
  eisenstatWalker1,
  eisenstatWalker2,
  FORCING_NAMES,
  type ForcingName,
  quadraticForcing,
  superlinearForcing,
} from './forcing.js';
export {
  type GaussNewtonOptions,
  type GaussNewtonProvider,
  gaussNewtonCurvature,
  type ResidualProductCounts,
  type ResidualProducts,
  type SumOfSquaresSpec,
  sumOfSquaresProblem,
} from './gauss-newton.js';
export {
  type NewtonCgOptions,
  newtonCg,
  PRECONDITIONER_NAMES,
  type PreconditionerName,
  reductionRatio,
  type UserDiagonal,
  updateDamping,
} from './newton-cg.js';
export {
  DiagonalPreconditioner,
  denseHessianDiagonal,
  denseScratch,
  hutchinsonDiagonal,
  LbfgsPreconditioner,
  probingDiagonal,
  safeguardDiagonal,
} from './preconditioners.js';
export {
  type CGPreconditioner,
  createTruncatedCGWork,
  type TruncatedCGExit,
  type TruncatedCGOptions,
  type TruncatedCGResult,
  type TruncatedCGWork,
  truncatedCG,
} from './truncated-cg.js';
