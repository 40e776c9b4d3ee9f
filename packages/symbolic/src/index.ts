export { toJavaScript } from './compile.js';
export {
  ALLOWED_CONSTANTS,
  ALLOWED_FUNCTIONS,
  checkVariables,
  ExpressionError,
  parseExpression,
} from './parse.js';
export { problemFromExpression, type SymbolicProblem } from './problem.js';
export { type SymbolicEntry, symbolicGradient, symbolicHessian } from './symbolic.js';
