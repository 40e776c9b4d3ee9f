/**
 * The shape of every problem in the library and the one helper that assembles it.
 *
 * @packageDocumentation
 */
import type { DenseMatrix, ProblemSpec, Vector } from '@hessian/core';

/**
 * Where the Hessian may be nonzero.
 *
 * - `dense`: anywhere.
 * - `band`: only where −lower ≤ j − i ≤ upper (entry (i, j), 0-based).
 * - `pattern`: only where `nonzero(i, j)` is true (a symmetric predicate), with a
 *   readable description such as "arrowhead: diagonal plus last row and column".
 *
 * Entries outside the declared structure are exactly 0 at every point; an entry
 * inside may still be 0 at some points.
 */
export type HessianStructure =
  | { kind: 'dense' }
  | { kind: 'band'; lower: number; upper: number }
  | { kind: 'pattern'; description: string; nonzero(i: number, j: number): boolean };

/** Options of {@link getProblem}; each problem reads only those it takes. */
export interface ProblemOptions {
  /** The dimension of a problem whose dimension is a parameter. */
  n?: number;
  /** The condition number of the `quadratic` problem. */
  condition?: number;
  /** The seed of a randomly generated problem (`quadratic`, `logistic-regression`). */
  seed?: number;
  /** The number of samples of `logistic-regression`. */
  m?: number;
  /** The L2 regularization weight of `logistic-regression`. */
  lambda?: number;
}

/**
 * A test problem: the objective with exact first and second derivatives, a standard
 * starting point and, where known, the optimal value and a minimizer.
 *
 * Every function writes into `out` and never allocates per call. `hessian` writes all
 * n² entries of `out` (row-major, symmetric), zeros included.
 */
export interface TestProblem extends ProblemSpec {
  /** Kebab-case name, the key of {@link getProblem}. */
  readonly name: string;
  readonly dimension: number;
  /** The standard starting point of the source. A fresh array per problem instance. */
  readonly x0: Float64Array;
  /** The optimal value f*, when known. */
  readonly fstar?: number;
  /** A minimizer with f(x*) = f*, when known in closed form. */
  readonly xstar?: Float64Array;
  /** Reference: paper and problem number, CUTEst name. */
  readonly source: string;
  /** True for the scalable family: any n, derivatives in O(n) time and storage. */
  readonly scalable: boolean;
  readonly hessianStructure: HessianStructure;
  value(x: Vector): number;
  gradient(x: Vector, out: Vector): void;
  valueAndGradient(x: Vector, out: Vector): number;
  hessian(x: Vector, out: DenseMatrix): void;
  hessianVectorProduct(x: Vector, v: Vector, out: Vector): void;
}

/** What a problem family gives to {@link makeProblem}. */
export interface ProblemParts {
  name: string;
  dimension: number;
  x0: Float64Array;
  fstar?: number;
  xstar?: Float64Array;
  source: string;
  scalable: boolean;
  hessianStructure: HessianStructure;
  value(x: Vector): number;
  valueAndGradient(x: Vector, out: Vector): number;
  hessian(x: Vector, out: DenseMatrix): void;
  hessianVectorProduct(x: Vector, v: Vector, out: Vector): void;
}

/** Assembles a {@link TestProblem} from its parts; `gradient` forwards to `valueAndGradient`. */
export function makeProblem(parts: ProblemParts): TestProblem {
  const { valueAndGradient } = parts;
  const problem: TestProblem = {
    name: parts.name,
    dimension: parts.dimension,
    x0: parts.x0,
    source: parts.source,
    scalable: parts.scalable,
    hessianStructure: parts.hessianStructure,
    value: parts.value,
    gradient: (x, out) => {
      valueAndGradient(x, out);
    },
    valueAndGradient,
    hessian: parts.hessian,
    hessianVectorProduct: parts.hessianVectorProduct,
  };
  if (parts.fstar !== undefined) Object.assign(problem, { fstar: parts.fstar });
  if (parts.xstar !== undefined) Object.assign(problem, { xstar: parts.xstar });
  return Object.freeze(problem);
}

/** The band structure with the given half-bandwidths. */
export function band(lower: number, upper = lower): HessianStructure {
  return { kind: 'band', lower, upper };
}

/** A dense Hessian structure. */
export const DENSE: HessianStructure = Object.freeze({ kind: 'dense' });

/**
 * Checks that `n` is an integer ≥ `min` (and a multiple of `multipleOf`); the message
 * starts with the problem's name and names the option.
 * @throws RangeError `"extended-rosenbrock: n must be an even integer >= 2, got 3"`
 */
export function checkDimension(problem: string, n: unknown, min: number, multipleOf = 1): number {
  if (
    typeof n !== 'number' ||
    !Number.isInteger(n) ||
    n < min ||
    (multipleOf > 1 && n % multipleOf !== 0)
  ) {
    const kind =
      multipleOf === 2
        ? 'an even integer'
        : multipleOf > 1
          ? `an integer multiple of ${multipleOf}`
          : 'an integer';
    throw new RangeError(`${problem}: n must be ${kind} >= ${min}, got ${String(n)}`);
  }
  return n;
}

/** y ← A·v for a row-major n×n `a` (no allocation). */
export function denseMatVec(a: Float64Array, n: number, v: Vector, out: Vector): void {
  for (let i = 0; i < n; i++) {
    let s = 0;
    const off = i * n;
    for (let j = 0; j < n; j++) s += a[off + j] * v[j];
    out[i] = s;
  }
}
