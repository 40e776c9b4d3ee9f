/**
 * Parsing and checking: an expression is data, never code. Only the declared
 * variables, numbers, the constants `pi` and `e`, the arithmetic operators and a
 * whitelist of elementary functions may appear; anything else is rejected before
 * any derivative is taken or any JavaScript is generated.
 *
 * @packageDocumentation
 */
import { type MathNode, parse } from 'mathjs';

/** Elementary functions allowed in an expression, with their arity and JavaScript form. */
export const ALLOWED_FUNCTIONS: Readonly<Record<string, { arity: number; js: string }>> = {
  sin: { arity: 1, js: 'Math.sin' },
  cos: { arity: 1, js: 'Math.cos' },
  tan: { arity: 1, js: 'Math.tan' },
  asin: { arity: 1, js: 'Math.asin' },
  acos: { arity: 1, js: 'Math.acos' },
  atan: { arity: 1, js: 'Math.atan' },
  sinh: { arity: 1, js: 'Math.sinh' },
  cosh: { arity: 1, js: 'Math.cosh' },
  tanh: { arity: 1, js: 'Math.tanh' },
  exp: { arity: 1, js: 'Math.exp' },
  log: { arity: 1, js: 'Math.log' },
  sqrt: { arity: 1, js: 'Math.sqrt' },
  abs: { arity: 1, js: 'Math.abs' },
  sec: { arity: 1, js: '1/Math.cos' },
  csc: { arity: 1, js: '1/Math.sin' },
  cot: { arity: 1, js: '1/Math.tan' },
};

/** Named constants allowed in an expression. */
export const ALLOWED_CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E };

const OPERATORS = new Set([
  'add',
  'subtract',
  'multiply',
  'divide',
  'pow',
  'unaryMinus',
  'unaryPlus',
]);

/** A parse error or a rejected construct, with its position when known. */
export class ExpressionError extends SyntaxError {
  /** 0-based character index in the expression, when known. */
  readonly position: number | undefined;
  constructor(message: string, position?: number) {
    super(message);
    this.name = 'ExpressionError';
    this.position = position;
  }
}

/** Checks a variable list: non-empty, unique identifiers, not a function or constant name. */
export function checkVariables(variables: unknown): readonly string[] {
  if (!Array.isArray(variables) || variables.length === 0)
    throw new TypeError('variables must be a non-empty array of names');
  const seen = new Set<string>();
  for (const v of variables) {
    if (typeof v !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(v))
      throw new TypeError(`variables must be identifiers, got ${JSON.stringify(v)}`);
    if (Object.hasOwn(ALLOWED_FUNCTIONS, v) || Object.hasOwn(ALLOWED_CONSTANTS, v))
      throw new TypeError(`variables: '${v}' is a reserved function or constant name`);
    if (seen.has(v)) throw new TypeError(`variables: '${v}' appears twice`);
    seen.add(v);
  }
  return variables as string[];
}

/** Throws unless every node of the tree is allowed. */
export function checkTree(node: MathNode, variables: readonly string[]): void {
  const vars = new Set(variables);
  const visit = (n: MathNode): void => {
    switch (n.type) {
      case 'ConstantNode': {
        const v = (n as unknown as { value: unknown }).value;
        if (typeof v !== 'number' || !Number.isFinite(v))
          throw new ExpressionError(
            `only finite numbers are allowed as constants, got ${String(v)}`,
          );
        return;
      }
      case 'SymbolNode': {
        const name = (n as unknown as { name: string }).name;
        if (!vars.has(name) && !Object.hasOwn(ALLOWED_CONSTANTS, name))
          throw new ExpressionError(
            `unknown variable '${name}': declared variables are ${variables.join(', ')}`,
          );
        return;
      }
      case 'ParenthesisNode':
        visit((n as unknown as { content: MathNode }).content);
        return;
      case 'OperatorNode': {
        const op = n as unknown as { fn: string; args: MathNode[] };
        if (!OPERATORS.has(op.fn)) throw new ExpressionError(`operator '${op.fn}' is not allowed`);
        op.args.forEach(visit);
        return;
      }
      case 'FunctionNode': {
        const f = n as unknown as { fn: MathNode; args: MathNode[] };
        const name = f.fn.type === 'SymbolNode' ? (f.fn as unknown as { name: string }).name : '';
        const spec = Object.hasOwn(ALLOWED_FUNCTIONS, name) ? ALLOWED_FUNCTIONS[name] : undefined;
        if (!spec)
          throw new ExpressionError(
            `function '${name || f.fn.type}' is not allowed: use one of ${Object.keys(ALLOWED_FUNCTIONS).join(', ')}`,
          );
        if (f.args.length !== spec.arity)
          throw new ExpressionError(
            `${name} takes ${spec.arity} argument(s), got ${f.args.length}`,
          );
        f.args.forEach(visit);
        return;
      }
      default:
        throw new ExpressionError(`${n.type} is not allowed in an expression`);
    }
  };
  visit(node);
}

/**
 * Parses and checks an expression.
 * @throws ExpressionError with `position` for a syntax error; for a construct that is
 *   not allowed (assignment, function definition, property access, unknown names…).
 */
export function parseExpression(expression: unknown, variables: readonly string[]): MathNode {
  if (typeof expression !== 'string')
    throw new TypeError(`expression must be a string, got ${typeof expression}`);
  if (expression.length > 100_000)
    throw new RangeError(
      `expression must have at most 100000 characters, got ${expression.length}`,
    );
  let node: MathNode;
  try {
    node = parse(expression);
  } catch (error) {
    const e = error as { message?: string; char?: number };
    // mathjs counts characters from 1
    const position = typeof e.char === 'number' ? e.char - 1 : undefined;
    throw new ExpressionError(
      `cannot parse the expression: ${e.message ?? String(error)}`,
      position,
    );
  }
  checkTree(node, variables);
  return node;
}
