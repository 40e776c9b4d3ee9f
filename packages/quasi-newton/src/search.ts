/**
 * The line-search step shared by BFGS and L-BFGS: search along the quasi-Newton
 * direction; on failure forget the curvature once and retry along steepest descent.
 *
 * @packageDocumentation
 */
import { jsKernels, type Program, type Vector } from '@hessian/core';
import type { LineSearch, LineSearchStatus, LineSearchWork } from '@hessian/line-search';

/** What {@link searchWithRestart} found (one object, reused by a run). */
export interface SearchOutcome {
  /** Undefined on an accepted step; otherwise the status the method ends with. */
  end: 'line-search-failed' | 'non-finite' | undefined;
  /** The accepted step length. */
  alpha: number;
  /** f at the accepted point `work.x` (whose gradient is in `work.g`). */
  value: number;
  /** gᵀd of the direction searched last. */
  slope: number;
  /** True when the memory was reset and the step is along −g. */
  restarted: boolean;
  /** The line search's status on its last call ('not-descent' also when d was not a descent direction). */
  status: LineSearchStatus;
}

/** A fresh outcome record. */
export function searchOutcome(): SearchOutcome {
  return {
    end: undefined,
    alpha: 0,
    value: Number.NaN,
    slope: Number.NaN,
    restarted: false,
    status: 'converged',
  };
}

/**
 * The first trial step along steepest descent, min(1, 1/‖g‖₂): a unit step is
 * meaningless before any curvature is known (L-BFGS-B's rule).
 */
export function steepestDescentStep(gg: number): number {
  return Math.min(1, 1 / Math.sqrt(gg));
}

/**
 * Searches along d from x (f, g at x; slope = gᵀd). A step is accepted when the
 * search converged, or when it returned a step with f below f(x). Otherwise, unless
 * d already is steepest descent from a fresh memory (`steepest`), calls `reset()`,
 * sets d ← −g and searches again from alpha0 = min(1, 1/‖g‖). After a value-only
 * search, asks for the gradient at the accepted point.
 *
 * On an accepted step, `work.x`, `work.g` hold x⁺ and ∇f(x⁺).
 */
export function* searchWithRestart(
  ls: LineSearch,
  x: Vector,
  g: Vector,
  f: number,
  d: Vector,
  slope: number,
  alpha0: number,
  work: LineSearchWork,
  steepest: boolean,
  reset: () => void,
  out: SearchOutcome,
): Program<SearchOutcome> {
  out.restarted = false;
  out.end = undefined;
  for (;;) {
    out.slope = slope;
    if (slope < 0 && slope > -Infinity) {
      const r = yield* ls.search(x, d, f, slope, alpha0, work);
      out.status = r.status;
      if (r.alpha > 0 && (r.status === 'converged' || r.value < f)) {
        let value = r.value;
        if (!ls.usesSlope) {
          value = yield { op: 'gradient', x: work.x, out: work.g };
          if (!Number.isFinite(value)) {
            out.end = 'non-finite';
            return out;
          }
        }
        out.alpha = r.alpha;
        out.value = value;
        return out;
      }
    } else out.status = 'not-descent';
    if (steepest) {
      out.end = out.status === 'non-finite' ? 'non-finite' : 'line-search-failed';
      return out;
    }
    reset();
    out.restarted = true;
    steepest = true;
    slope = jsKernels.scaleDot(-1, g, d, g);
    alpha0 = steepestDescentStep(-slope);
  }
}

/** The message of a run that ends because the search failed. */
export function failureMessage(who: string, ls: LineSearch, o: SearchOutcome): string {
  const along = o.restarted
    ? 'along steepest descent after a reset of the quasi-Newton approximation'
    : 'along steepest descent';
  return `${who}: the line search (${ls.name}) found no acceptable step ${along} (status ${o.status}).`;
}
