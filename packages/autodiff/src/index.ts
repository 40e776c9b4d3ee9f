/**
 * `@hessian/autodiff`: exact gradients, Hessian-vector products and Hessians from an
 * objective written once in plain TypeScript over traced values. Reverse mode for
 * gradients, forward-over-reverse for Hessian-vector products, dense Hessians by n
 * HVPs; {@link autodiffProblem} returns a core problem every method can use.
 *
 * @packageDocumentation
 */
export {
  abs,
  add,
  type ConstantMatrix,
  cos,
  div,
  dot,
  exp,
  log,
  log1p,
  matTVec,
  matVec,
  mean,
  mul,
  neg,
  type Operand,
  pow,
  sigmoid,
  sin,
  softplus,
  sqrt,
  square,
  sub,
  sum,
  tanh,
  Var,
} from './graph.js';
export { type AutodiffProblem, autodiffProblem } from './problem.js';
