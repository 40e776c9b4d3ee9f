/**
 * `@hessian/damped-newton`: line-search Newton with Hessian modification, a method
 * that always descends.
 *
 * @packageDocumentation
 */
export { dampedNewton } from './damped-newton.js';
export {
  choleskyWithShift,
  createModificationWork,
  type EigenMode,
  eigenModify,
  ldlSolve,
  levenbergUpdate,
  MODIFICATIONS,
  type Modification,
  type ModificationSettings,
  type ModificationWork,
  modifiedCholesky,
  modifiedNewtonStep,
  predictedReduction,
  shiftedCholesky,
  unitStepInRounding,
} from './modification.js';
export {
  type DampedNewtonOptions,
  type ResolvedDampedNewtonOptions,
  resolveDampedNewtonOptions,
} from './options.js';
