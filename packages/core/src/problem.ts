/**
 * The user's `Problem` and its one-time normalization by {@link defineProblem}.
 *
 * @packageDocumentation
 */
import { type DenseMatrix, type MatrixLike, toDenseMatrix } from './matrix.js';
import type { Capabilities } from './protocol.js';
import { describe, type Vector } from './vector.js';

type MaybePromise<T> = T | PromiseLike<T>;
/** A vector a user function may return instead of writing into `out`. */
export type ReturnedVector = ArrayLike<number> | undefined | void;

/**
 * What a user writes. Only `value` is required. Each function may write into `out`
 * or return a fresh array; with {@link runAsync} each may return a promise.
 *
 * @example
 * const problem = defineProblem({
 *   dimension: 2,
 *   value: (x) => x[0] ** 2 + x[1] ** 2,
 *   gradient: (x, out) => { out[0] = 2 * x[0]; out[1] = 2 * x[1]; },
 * });
 */
export interface ProblemSpec {
  /** n, when fixed; otherwise taken from x0. */
  readonly dimension?: number;
  /** f(x). */
  value(x: Vector): MaybePromise<number>;
  /** ∇f(x): write into `out` or return it. */
  gradient?(x: Vector, out: Vector): MaybePromise<ReturnedVector>;
  /** f(x) and ∇f(x) in one call: write ∇f into `out` and return f, or return `{ value, gradient }`. */
  valueAndGradient?(
    x: Vector,
    out: Vector,
  ): MaybePromise<number | { value: number; gradient: ArrayLike<number> }>;
  /** ∇²f(x): write into `out` (row-major n×n) or return any matrix form. */
  hessian?(x: Vector, out: DenseMatrix): MaybePromise<MatrixLike | undefined | void>;
  /** ∇²f(x)·v: write into `out` or return it. */
  hessianVectorProduct?(x: Vector, v: Vector, out: Vector): MaybePromise<ReturnedVector>;
}

const NORMALIZED = Symbol('hessian.problem');

/**
 * A normalized problem: every function writes into `out` and returns a number
 * (or a promise of one), shapes are checked, and `capabilities` says what exists.
 * A function that may be absent is `undefined` rather than guessed at.
 */
export interface Problem {
  readonly [NORMALIZED]: true;
  readonly dimension: number | undefined;
  readonly capabilities: Capabilities;
  value(x: Vector): MaybePromise<number>;
  /** Present when the spec has `gradient` or `valueAndGradient`. Writes ∇f, returns f. */
  valueAndGradient: ((x: Vector, out: Vector) => MaybePromise<number>) | undefined;
  hessian: ((x: Vector, out: DenseMatrix) => MaybePromise<void>) | undefined;
  hessianVectorProduct: ((x: Vector, v: Vector, out: Vector) => MaybePromise<void>) | undefined;
}

/** Is `v` an already normalized problem? */
export function isProblem(v: unknown): v is Problem {
  return typeof v === 'object' && v !== null && (v as Problem)[NORMALIZED] === true;
}

function isThenable<T>(v: unknown): v is PromiseLike<T> {
  return typeof v === 'object' && v !== null && typeof (v as PromiseLike<T>).then === 'function';
}

function intoVector(name: string, r: unknown, out: Vector): void {
  if (r === undefined || r === out) return;
  if (r === null || typeof r !== 'object' || typeof (r as ArrayLike<number>).length !== 'number')
    throw new TypeError(`${name} must write into out or return an array, got ${describe(r)}`);
  const a = r as ArrayLike<number>;
  if (a.length !== out.length)
    throw new RangeError(`${name} must have length ${out.length}, got length ${a.length}`);
  for (let i = 0; i < a.length; i++) out[i] = a[i];
}

function checkNumber(name: string, v: unknown): number {
  if (typeof v !== 'number')
    throw new TypeError(`${name} must return a number, got ${describe(v)}`);
  return v;
}

type VagAnswer = number | { value: number; gradient: ArrayLike<number> };

function checkValue(v: unknown): number {
  return checkNumber('problem.value', v);
}

function finishValueAndGradient(r: VagAnswer, out: Vector): number {
  if (typeof r === 'number') return r;
  if (r !== null && typeof r === 'object' && 'value' in r) {
    intoVector('problem.valueAndGradient gradient', r.gradient, out);
    return checkNumber('problem.valueAndGradient', r.value);
  }
  throw new TypeError(
    `problem.valueAndGradient must return a number or { value, gradient }, got ${describe(r)}`,
  );
}

/** The asynchronous path of value-then-gradient (either may be a promise). */
async function valueThenGradient(
  spec: ProblemSpec,
  x: Vector,
  out: Vector,
  f: MaybePromise<number>,
  gradientAnswer?: PromiseLike<ReturnedVector>,
): Promise<number> {
  const fv = await f;
  intoVector('problem.gradient', await (gradientAnswer ?? spec.gradient!(x, out)), out);
  return checkNumber('problem.value', fv);
}

function intoMatrix(r: MatrixLike | undefined | void, out: DenseMatrix): void {
  if (r === undefined || r === out) return;
  toDenseMatrix(r, 'problem.hessian', out);
}

/**
 * Validates a problem spec and normalizes it once, so the evaluator never guesses.
 *
 * **Requires** `value`; everything else is optional.
 * @throws TypeError when `spec` is not an object, `value` is missing or a member is not a function;
 *   RangeError when `dimension` is not a positive integer.
 * @example defineProblem({ value: (x) => x[0] ** 2 })
 */
export function defineProblem(spec: ProblemSpec | Problem): Problem {
  if (isProblem(spec)) return spec;
  if (typeof spec !== 'object' || spec === null)
    throw new TypeError(
      `problem must be an object with a value(x) function, got ${describe(spec)}`,
    );
  if (typeof spec.value !== 'function')
    throw new TypeError(`problem.value must be a function, got ${describe(spec.value)}`);
  for (const k of ['gradient', 'valueAndGradient', 'hessian', 'hessianVectorProduct'] as const) {
    const f = spec[k];
    if (f !== undefined && typeof f !== 'function')
      throw new TypeError(`problem.${k} must be a function when given, got ${describe(f)}`);
  }
  const dimension = spec.dimension;
  if (dimension !== undefined && (!Number.isInteger(dimension) || dimension < 1))
    throw new RangeError(`problem.dimension must be an integer >= 1, got ${dimension}`);

  // Synchronous answers take a path with no closure allocated per call (the driver's
  // per-request overhead is measured in benchmarks/src/driver-overhead.bench.ts);
  // promises are handed to the helpers below.
  const value = (x: Vector): MaybePromise<number> => {
    const r = spec.value(x);
    return isThenable<number>(r) ? r.then(checkValue) : checkNumber('problem.value', r);
  };

  let valueAndGradient: Problem['valueAndGradient'];
  if (spec.valueAndGradient) {
    valueAndGradient = (x, out) => {
      const r = spec.valueAndGradient!(x, out);
      return isThenable<VagAnswer>(r)
        ? r.then((v) => finishValueAndGradient(v, out))
        : finishValueAndGradient(r, out);
    };
  } else if (spec.gradient) {
    valueAndGradient = (x, out) => {
      const f = spec.value(x);
      if (isThenable<number>(f)) return valueThenGradient(spec, x, out, f);
      const r = spec.gradient!(x, out);
      if (isThenable<ReturnedVector>(r)) return valueThenGradient(spec, x, out, f, r);
      intoVector('problem.gradient', r, out);
      return checkNumber('problem.value', f);
    };
  }

  const hessian: Problem['hessian'] = spec.hessian
    ? (x, out) => {
        const r = spec.hessian!(x, out);
        if (isThenable<MatrixLike | undefined | void>(r)) return r.then((m) => intoMatrix(m, out));
        intoMatrix(r, out);
      }
    : undefined;

  const hessianVectorProduct: Problem['hessianVectorProduct'] = spec.hessianVectorProduct
    ? (x, v, out) => {
        const r = spec.hessianVectorProduct!(x, v, out);
        if (isThenable<ReturnedVector>(r))
          return r.then((w) => intoVector('problem.hessianVectorProduct', w, out));
        intoVector('problem.hessianVectorProduct', r, out);
      }
    : undefined;

  return {
    [NORMALIZED]: true,
    dimension,
    capabilities: {
      gradient: valueAndGradient !== undefined,
      hessian: hessian !== undefined,
      hvp: hessianVectorProduct !== undefined,
    },
    value,
    valueAndGradient,
    hessian,
    hessianVectorProduct,
  };
}
