/**
 * The shapes every line search shares: its status, its result, its work buffers
 * and the {@link LineSearch} interface itself.
 *
 * @packageDocumentation
 */
import type { Program, Vector, VectorKernels } from '@hessian/core';

/**
 * How a line search ended.
 *
 * - `converged`: the returned step meets the search's documented condition.
 * - `not-descent`: phi'(0) >= 0; returned at once with alpha = 0 and no evaluation.
 * - `max-evaluations`: the evaluation limit was reached first.
 * - `interval-too-small`: the interval of uncertainty (or the room left for the step)
 *   shrank below what rounding or the tolerance allows.
 * - `non-finite`: the last trials gave non-finite values up to the evaluation limit.
 *
 * On every status other than `converged`, the result holds the best step found
 * (the lowest value, when below phi(0)), or alpha = 0.
 */
export type LineSearchStatus =
  | 'converged'
  | 'not-descent'
  | 'max-evaluations'
  | 'interval-too-small'
  | 'non-finite';

/** What a line search returns. */
export interface LineSearchResult {
  /** The step length; 0 when no acceptable step was found. */
  alpha: number;
  /** phi(alpha) = f(x + alpha·d); phi(0) when alpha = 0. */
  value: number;
  /** phi'(alpha) = ∇f(x + alpha·d)ᵀd; NaN for value-only searches (and slope0 when alpha = 0). */
  slope: number;
  /** Requests yielded (function or function-and-gradient evaluations), re-requests included. */
  evaluations: number;
  /** Why the search ended. */
  status: LineSearchStatus;
}

/** Preallocated buffers for one run: trial point and its gradient. */
export interface LineSearchWork {
  readonly x: Float64Array;
  readonly g: Float64Array;
  /**
   * Kernels for the trial points x + alpha·d and the slopes gᵀd (e.g. a vector arena's,
   * which run as WebAssembly SIMD on its vectors). Without them the search uses core's
   * `pointAlong` values (unrolled) and core's `dot`; note that `kernels.dot` sums in
   * four lanes, so the slopes may differ from core's `dot` in the last bits.
   */
  readonly kernels?: Pick<VectorKernels, 'pointAlong' | 'dot'>;
}

/**
 * Allocates the work buffers a line search writes into: allocate once per run and
 * pass the same work to every search of that run.
 *
 * **Requires** `n`, an integer >= 1 (the problem's dimension).
 * @throws RangeError naming `n`
 * @example const work = createLineSearchWork(x0.length);
 */
export function createLineSearchWork(n: number): LineSearchWork {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`createLineSearchWork: n must be an integer >= 1, got ${String(n)}`);
  return { x: new Float64Array(n), g: new Float64Array(n) };
}

/**
 * A line search: a validated, immutable strategy whose `search` is a program on
 * phi(alpha) = f(x + alpha·d). Made by {@link backtracking}, {@link moreThuente},
 * {@link hagerZhang} or {@link fixedStep}; run on a plain phi by {@link scalarSearch}.
 *
 * **Requires** see `search`. **Reference** design.md, "Line searches are 1-D".
 * @example
 * const r = yield* lineSearch.search(x, d, f, dot(g, d), 1, work); // in a method's program
 * if (r.status === 'converged') x.set(work.x);
 */
export interface LineSearch {
  readonly name: string;
  /** true when it asks for gradients (slopes); false for value-only searches (fixedStep is value-only too: it yields one value request) */
  readonly usesSlope: boolean;
  /** Searches along d from x, with phi0 = f(x), slope0 = ∇f(x)ᵀd < 0 and a first trial alpha0 > 0.
   *  On return with alpha > 0: work.x holds x + alpha·d, `value` = f(work.x), and when usesSlope, work.g = ∇f(work.x) and slope = work.gᵀd.
   *  (If the last trial evaluated is not the returned one, re-request the gradient at the returned point: the driver's cache answers it for free when it was the last point evaluated, otherwise it costs one evaluation.) Never mutates x or d. No allocation per call. */
  search(
    x: Vector,
    d: Vector,
    phi0: number,
    slope0: number,
    alpha0: number,
    work: LineSearchWork,
  ): Program<LineSearchResult>;
}
