/**
 * `@hessian/newton`: exact Newton's method, x⁺ = x − ∇²f(x)⁻¹∇f(x).
 *
 * @packageDocumentation
 */
export {
  type ClassifyPointOptions,
  type CriticalPoint,
  classifyPoint,
  criticalPointOf,
} from './classify.js';
export { newton } from './newton.js';
export { type NewtonOptions, resolveNewtonOptions } from './options.js';
export { createNewtonWork, type NewtonSolver, type NewtonWork, newtonStep } from './step.js';
