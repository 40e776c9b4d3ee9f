/**
 * The elementwise operations: for each, its JavaScript code, its numeric value and
 * its partial derivatives written against the dual-number code {@link Emitter}, so
 * that one definition gives the value, the tangent (forward mode), the adjoint
 * (reverse mode) and the adjoint's tangent (forward-over-reverse).
 *
 * @packageDocumentation
 */
import type { Emitter } from './emit.js';

/**
 * A scalar in generated code: the JavaScript expression of its value `v` and of its
 * tangent `d` (`null` when the tangent is known to be 0). `c` is set when the value
 * is a compile-time constant.
 */
export interface Code {
  readonly v: string;
  readonly d: string | null;
  readonly c?: number;
}

/** A number as a JavaScript literal (negative ones parenthesized). */
export function jsNumber(c: number): string {
  if (Number.isNaN(c)) return 'NaN';
  if (c === Infinity) return 'Infinity';
  if (c === -Infinity) return '(-Infinity)';
  if (Object.is(c, -0)) return '(-0)';
  return c < 0 ? `(${c})` : String(c);
}

/** The constant c as {@link Code}. */
export function lit(c: number): Code {
  return { v: jsNumber(c), d: null, c };
}

/** log(1 + eᵗ) without overflow or cancellation. */
export function softplus(t: number): number {
  return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}

/** The logistic function 1/(1 + e⁻ᵗ) without overflow. */
export function sigmoid(t: number): number {
  if (t >= 0) return 1 / (1 + Math.exp(-t));
  const e = Math.exp(t);
  return e / (1 + e);
}

/** An argument of a partial derivative, emitted on first use (so unused ones cost nothing). */
type Arg = (j: number) => Code;

/** An elementwise operation z = op(a[, b]) with a numeric parameter p (the exponent of `powc`). */
export interface ElementOp {
  readonly name: string;
  readonly arity: 1 | 2;
  /** The JavaScript expression of z from the arguments' expressions (atoms). */
  readonly js: (a: readonly string[], p: number) => string;
  /** z as a number (constant folding and tests). */
  readonly fn: (a: number, b: number, p: number) => number;
  /** ∂z/∂a_k as code; `a(j)` and `z()` give the arguments and the result (dual when they carry tangents). */
  readonly partial: (E: Emitter, k: number, a: Arg, z: () => Code, p: number) => Code;
  /** An algebraic shortcut (x + 0 = x, 1·x = x, …), or undefined. */
  readonly simplify?: (E: Emitter, a: readonly Code[], p: number) => Code | undefined;
}

const ONE = lit(1);

function unary(
  name: string,
  js: (a: string) => string,
  fn: (a: number) => number,
  partial: (E: Emitter, a: Code, z: () => Code) => Code,
): ElementOp {
  return {
    name,
    arity: 1,
    js: (a) => js(a[0]),
    fn: (a) => fn(a),
    partial: (E, _k, a, z) => partial(E, a(0), z),
  };
}

function powJs(a: string, p: number): string {
  if (p === 2) return `${a} * ${a}`;
  if (p === 3) return `${a} * ${a} * ${a}`;
  if (p === -1) return `1 / ${a}`;
  if (p === 0.5) return `Math.sqrt(${a})`;
  return `Math.pow(${a}, ${jsNumber(p)})`;
}

/** The names of the elementwise operations. */
export type OpName =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'pow'
  | 'powc'
  | 'neg'
  | 'exp'
  | 'log'
  | 'sqrt'
  | 'sin'
  | 'cos'
  | 'tanh'
  | 'log1p'
  | 'softplus'
  | 'sigmoid'
  | 'abs'
  | 'sign'
  | 'copy';

/** The operations, by name. */
export const OPS: Readonly<Record<OpName, ElementOp>> = {
  add: {
    name: 'add',
    arity: 2,
    js: (a) => `${a[0]} + ${a[1]}`,
    fn: (a, b) => a + b,
    partial: () => ONE,
    simplify: (_E, a) => (a[0].c === 0 ? a[1] : a[1].c === 0 ? a[0] : undefined),
  },
  sub: {
    name: 'sub',
    arity: 2,
    js: (a) => `${a[0]} - ${a[1]}`,
    fn: (a, b) => a - b,
    partial: (_E, k) => (k === 0 ? ONE : lit(-1)),
    simplify: (E, a) => (a[1].c === 0 ? a[0] : a[0].c === 0 ? E.neg(a[1]) : undefined),
  },
  mul: {
    name: 'mul',
    arity: 2,
    js: (a) => `${a[0]} * ${a[1]}`,
    fn: (a, b) => a * b,
    partial: (_E, k, a) => a(1 - k),
    simplify: (E, [a, b]) => {
      if (a.c === 0 || b.c === 0) return lit(0);
      if (a.c === 1) return b;
      if (b.c === 1) return a;
      if (a.c === -1) return E.neg(b);
      if (b.c === -1) return E.neg(a);
      return undefined;
    },
  },
  div: {
    name: 'div',
    arity: 2,
    js: (a) => `${a[0]} / ${a[1]}`,
    fn: (a, b) => a / b,
    partial: (E, k, a, z) => (k === 0 ? E.div(ONE, a(1)) : E.neg(E.div(z(), a(1)))),
    simplify: (_E, a) => (a[1].c === 1 ? a[0] : undefined),
  },
  /** a^b with both arguments variable (a > 0 where b varies). */
  pow: {
    name: 'pow',
    arity: 2,
    js: (a) => `Math.pow(${a[0]}, ${a[1]})`,
    fn: (a, b) => a ** b,
    partial: (E, k, a, z) =>
      k === 0
        ? E.mul(a(1), E.op(OPS.pow, [a(0), E.sub(a(1), ONE)]))
        : E.mul(z(), E.op(OPS.log, [a(0)])),
  },
  /** a^p for a constant exponent p. */
  powc: {
    name: 'powc',
    arity: 1,
    js: (a, p) => powJs(a[0], p),
    fn: (a, _b, p) => a ** p,
    partial: (E, _k, a, _z, p) => E.mul(lit(p), E.op(OPS.powc, [a(0)], p - 1)),
    simplify: (_E, a, p) => (p === 1 ? a[0] : p === 0 ? ONE : undefined),
  },
  neg: unary(
    'neg',
    (a) => `-${a}`,
    (a) => -a,
    () => lit(-1),
  ),
  exp: unary(
    'exp',
    (a) => `Math.exp(${a})`,
    Math.exp,
    (_E, _a, z) => z(),
  ),
  log: unary(
    'log',
    (a) => `Math.log(${a})`,
    Math.log,
    (E, a) => E.div(ONE, a),
  ),
  sqrt: unary(
    'sqrt',
    (a) => `Math.sqrt(${a})`,
    Math.sqrt,
    (E, _a, z) => E.div(lit(0.5), z()),
  ),
  sin: unary(
    'sin',
    (a) => `Math.sin(${a})`,
    Math.sin,
    (E, a) => E.op(OPS.cos, [a]),
  ),
  cos: unary(
    'cos',
    (a) => `Math.cos(${a})`,
    Math.cos,
    (E, a) => E.neg(E.op(OPS.sin, [a])),
  ),
  tanh: unary(
    'tanh',
    (a) => `Math.tanh(${a})`,
    Math.tanh,
    (E, _a, z) => E.sub(ONE, E.mul(z(), z())),
  ),
  log1p: unary(
    'log1p',
    (a) => `Math.log1p(${a})`,
    Math.log1p,
    (E, a) => E.div(ONE, E.add(ONE, a)),
  ),
  softplus: unary(
    'softplus',
    (a) => `softplus(${a})`,
    softplus,
    (E, a) => E.op(OPS.sigmoid, [a]),
  ),
  sigmoid: unary(
    'sigmoid',
    (a) => `sigmoid(${a})`,
    sigmoid,
    (E, _a, z) => E.mul(z(), E.sub(ONE, z())),
  ),
  abs: unary(
    'abs',
    (a) => `Math.abs(${a})`,
    Math.abs,
    (E, a) => E.op(OPS.sign, [a]),
  ),
  /** sign(a): derivative 0 (used for the derivative of abs). */
  sign: unary(
    'sign',
    (a) => `Math.sign(${a})`,
    Math.sign,
    () => lit(0),
  ),
  /** z = a (a copy, to materialize a view). */
  copy: unary(
    'copy',
    (a) => a,
    (a) => a,
    () => ONE,
  ),
};
