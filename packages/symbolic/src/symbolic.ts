/**
 * Symbolic gradients and Hessians with mathjs: text, LaTeX and trees.
 *
 * @packageDocumentation
 */
import { derivative, type MathNode, simplify } from 'mathjs';
import { checkVariables, parseExpression } from './parse.js';

/** One derivative, in the three forms a user wants. */
export interface SymbolicEntry {
  /** The simplified mathjs tree. */
  node: MathNode;
  /** Plain text, e.g. `2 * x + 3 * y`. */
  text: string;
  /** LaTeX, e.g. `2\cdot x+3\cdot y`. */
  latex: string;
}

function entry(node: MathNode): SymbolicEntry {
  return { node, text: node.toString(), latex: node.toTex() };
}

function differentiate(node: MathNode, variable: string): MathNode {
  return simplify(derivative(node, variable, { simplify: false }));
}

/**
 * The gradient of an expression: one simplified partial derivative per variable.
 *
 * **Requires** an expression over `variables`, numbers, `pi`, `e`, + − * / ^ and the
 * elementary functions of {@link ALLOWED_FUNCTIONS}.
 * @throws ExpressionError for a parse error (with its position) or a construct not allowed.
 * @example symbolicGradient('x^2 + 3*x*y + y^2', ['x', 'y']).map((e) => e.text) // ['2 * x + 3 * y', '3 * x + 2 * y']
 */
export function symbolicGradient(
  expression: string,
  variables: readonly string[],
): SymbolicEntry[] {
  const vars = checkVariables(variables);
  const f = parseExpression(expression, vars);
  return vars.map((v) => entry(differentiate(f, v)));
}

/**
 * The Hessian of an expression: the symmetric matrix of simplified second
 * derivatives ∂²f/∂x_i∂x_j (each pair differentiated once and mirrored).
 *
 * **Reference** the seed's SymPy `hessian`; mathjs `derivative` and `simplify`.
 * @example symbolicHessian('x^2 + 3*x*y + y^2', ['x', 'y']).map((r) => r.map((e) => e.text)) // [['2', '3'], ['3', '2']]
 */
export function symbolicHessian(
  expression: string,
  variables: readonly string[],
): SymbolicEntry[][] {
  const vars = checkVariables(variables);
  const f = parseExpression(expression, vars);
  return hessianNodes(f, vars).map((row) => row.map(entry));
}

/** Gradient trees of a checked tree. */
export function gradientNodes(f: MathNode, vars: readonly string[]): MathNode[] {
  return vars.map((v) => differentiate(f, v));
}

/** Hessian trees of a checked tree (upper triangle computed, mirrored). */
export function hessianNodes(
  f: MathNode,
  vars: readonly string[],
  gradient: MathNode[] = gradientNodes(f, vars),
): MathNode[][] {
  const n = vars.length;
  const H: MathNode[][] = Array.from({ length: n }, () => new Array<MathNode>(n));
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      const d = differentiate(gradient[i], vars[j]);
      H[i][j] = d;
      H[j][i] = d;
    }
  return H;
}
