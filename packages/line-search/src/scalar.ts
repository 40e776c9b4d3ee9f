/**
 * The 1-D form every search is written in: a generator that yields trial step
 * lengths and receives phi(alpha) and phi'(alpha). {@link lineSearch} turns one into
 * protocol requests; `scalarSearch` runs it on a user's own phi.
 *
 * @packageDocumentation
 */
import type { LineSearchStatus } from './types.js';

/** One trial as a search sees it; both fields NaN when the evaluation was not finite. */
export interface Trial {
  readonly value: number;
  /** phi'(alpha); NaN for value-only searches. */
  readonly slope: number;
}

/** How a 1-D search ends: the step it returns (alpha = 0: none) and why. */
export interface ScalarOutcome {
  alpha: number;
  value: number;
  slope: number;
  status: LineSearchStatus;
}

/**
 * A 1-D search: yields trial alphas > 0, receives each {@link Trial} (the object may
 * be reused by the caller: read it at once), returns its {@link ScalarOutcome}.
 */
export type ScalarProgram = Generator<number, ScalarOutcome, Trial>;

/** Starts a 1-D search from phi(0), phi'(0) < 0 and a first trial alpha0 > 0. */
export type ScalarSearchCore = (phi0: number, slope0: number, alpha0: number) => ScalarProgram;

/** A point on the line: alpha, phi(alpha), phi'(alpha). */
export interface LinePoint {
  readonly alpha: number;
  readonly value: number;
  readonly slope: number;
}

/**
 * The outcome of a failed search: `best` when it is below phi(0), else alpha = 0.
 * @example return failure(best, phi0, slope0, 'max-evaluations');
 */
export function failure(
  best: LinePoint,
  phi0: number,
  slope0: number,
  status: LineSearchStatus,
): ScalarOutcome {
  return best.alpha > 0 && best.value < phi0
    ? { alpha: best.alpha, value: best.value, slope: best.slope, status }
    : { alpha: 0, value: phi0, slope: slope0, status };
}
