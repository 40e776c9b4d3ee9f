/**
 * `problemFromExpression`: a core problem with exact gradient, Hessian and HVP,
 * compiled once to plain JavaScript over `Float64Array`.
 *
 * @packageDocumentation
 */
import type { DenseMatrix, ProblemSpec, Vector } from '@hessian/core';
import type { MathNode } from 'mathjs';
import { toJavaScript } from './compile.js';
import { checkVariables, parseExpression } from './parse.js';
import { gradientNodes, hessianNodes } from './symbolic.js';

/** A problem made from an expression, with the compiled source kept for inspection. */
export interface SymbolicProblem extends ProblemSpec {
  readonly dimension: number;
  readonly variables: readonly string[];
  readonly expression: string;
  value(x: Vector): number;
  gradient(x: Vector, out: Vector): void;
  valueAndGradient(x: Vector, out: Vector): number;
  hessian(x: Vector, out: DenseMatrix): void;
  hessianVectorProduct(x: Vector, v: Vector, out: Vector): void;
  /** The generated JavaScript of each function. */
  readonly source: Readonly<Record<'value' | 'gradient' | 'hessian' | 'hvp', string>>;
}

function isZero(node: MathNode): boolean {
  return node.type === 'ConstantNode' && (node as unknown as { value: unknown }).value === 0;
}

function compile<F>(params: string[], body: string): F {
  // The body is generated from a checked tree only; see parse.ts.
  return new Function(...params, `'use strict';\nlet t;\n${body}`) as F;
}

/**
 * Makes a problem from an expression over named variables (x[i] is `variables[i]`).
 * The derivatives are taken symbolically once, simplified, and compiled to
 * JavaScript functions (not a tree walked at every call).
 *
 * **Requires** an expression of the allowed grammar ({@link parseExpression}); an
 * environment that permits `new Function` (not a page with a strict CSP).
 * @throws ExpressionError for parse errors (with position), unknown variables,
 *   disallowed constructs; TypeError for a bad variable list.
 * @example
 * const p = problemFromExpression('(1 - x)^2 + 100*(y - x^2)^2', ['x', 'y']);
 * p.value(new Float64Array([1, 1])) // 0
 */
export function problemFromExpression(
  expression: string,
  variables: readonly string[],
): SymbolicProblem {
  const vars = checkVariables(variables);
  const f = parseExpression(expression, vars);
  const n = vars.length;
  const index = new Map(vars.map((v, i) => [v, i]));
  const g = gradientNodes(f, vars);
  const H = hessianNodes(f, vars, g);
  const js = (node: MathNode) => toJavaScript(node, index);
  const locals = `const ${vars.map((_, i) => `v${i} = x[${i}]`).join(', ')};`;

  const valueSrc = `${locals}\nreturn ${js(f)};`;
  const gradLines = g.map((d, i) => `out[${i}] = ${js(d)};`).join('\n');
  const gradientSrc = `${locals}\n${gradLines}`;
  const vagSrc = `${locals}\n${gradLines}\nreturn ${js(f)};`;
  const hessLines: string[] = [];
  const hvpDecl: string[] = [];
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      const e = js(H[i][j]);
      hessLines.push(
        i === j ? `d[${i * n + j}] = ${e};` : `d[${i * n + j}] = d[${j * n + i}] = ${e};`,
      );
      if (!isZero(H[i][j])) hvpDecl.push(`const h${i}_${j} = ${e};`);
    }
  const hessianSrc = `${locals}\nconst d = out.data;\n${hessLines.join('\n')}`;
  const hvpRows: string[] = [];
  for (let i = 0; i < n; i++) {
    const terms: string[] = [];
    for (let j = 0; j < n; j++) {
      const [a, b] = i <= j ? [i, j] : [j, i];
      if (!isZero(H[a][b])) terms.push(`h${a}_${b} * v[${j}]`);
    }
    hvpRows.push(`out[${i}] = ${terms.length ? terms.join(' + ') : '0'};`);
  }
  const hvpSrc = `${locals}\n${hvpDecl.join('\n')}\n${hvpRows.join('\n')}`;

  const value = compile<(x: Vector) => number>(['x'], valueSrc);
  const gradient = compile<(x: Vector, out: Vector) => void>(['x', 'out'], gradientSrc);
  const valueAndGradient = compile<(x: Vector, out: Vector) => number>(['x', 'out'], vagSrc);
  const hessian = compile<(x: Vector, out: DenseMatrix) => void>(['x', 'out'], hessianSrc);
  const hessianVectorProduct = compile<(x: Vector, v: Vector, out: Vector) => void>(
    ['x', 'v', 'out'],
    hvpSrc,
  );
  return {
    dimension: n,
    variables: vars,
    expression,
    value,
    gradient,
    valueAndGradient,
    hessian,
    hessianVectorProduct,
    source: { value: valueSrc, gradient: gradientSrc, hessian: hessianSrc, hvp: hvpSrc },
  };
}
