/**
 * The driver's shared options and their validation.
 *
 * @packageDocumentation
 */
import { type Checkpoint, parseCheckpoint } from './checkpoint.js';
import type { Capabilities } from './protocol.js';
import type { TraceRow } from './result.js';
import type { Vector } from './vector.js';

/**
 * What an observer sees after each iteration. `x` and `gradient` are views of the
 * method's working vectors, which change as the run goes on: copy to keep, with
 * `slice()` or `Float64Array.from` (not `structuredClone` or `postMessage`, which copy
 * the whole underlying buffer: for `lbfgs` at n ≥ 256, one WebAssembly memory holding
 * all its vectors).
 */
export interface IterationReport extends TraceRow {
  readonly x: Vector;
  readonly gradient: Vector;
  /**
   * The run's whole state after this iteration as plain JSON (see {@link Checkpoint}): pass
   * it (or its JSON string) as `options.resume` to go on from here. Call it inside
   * `onIteration`; it throws once the run has moved on. Present when the method can
   * checkpoint this run (`method.resumable` and a curvature provider that can save its state).
   */
  readonly checkpoint?: () => Checkpoint;
}

/**
 * Options every method shares, enforced by the driver.
 *
 * **Options** (defaults): `gradientTolerance` 1e-6 on ‖g‖∞; `valueTolerance` 0 (off):
 * stop when |f_{k−1} − f_k| ≤ tol·max(|f_k|, tiny); `stepTolerance` 0 (off): stop when
 * ‖x_k − x_{k−1}‖₂ ≤ tol·max(‖x_k‖₂, 1); `maxIterations` 1000; `maxEvaluations` ∞
 * (all kinds together); `timeLimitMs` ∞; `signal`; `onIteration`; `trace` false;
 * `resume` none.
 */
export interface RunOptions {
  gradientTolerance?: number;
  valueTolerance?: number;
  stepTolerance?: number;
  maxIterations?: number;
  maxEvaluations?: number;
  timeLimitMs?: number;
  signal?: AbortSignal;
  /** Called after each iteration (and for the start); return `'stop'` to end the run. */
  onIteration?: (report: IterationReport) => undefined | 'stop' | void;
  trace?: boolean;
  /**
   * Go on from a checkpoint (`report.checkpoint()` of an earlier run, or its JSON string)
   * instead of starting at x0: x0 may then be omitted (its length, when given, must match).
   * The iteration, evaluation and time counters continue from the checkpoint's, and the
   * iterates are those the interrupted run would have made, bit for bit. Only for a method
   * with `resumable: true`, and the same method (by name) that made the checkpoint.
   */
  resume?: Checkpoint | string;
}

/** Options of the ask/tell form: the host says what it can evaluate. */
export interface StartOptions extends RunOptions {
  /** Default: gradient only. Without a gradient, gradients are asked as finite differences of values. */
  capabilities?: Partial<Capabilities>;
}

/** Validated, with defaults filled in. */
export interface ResolvedOptions {
  gradientTolerance: number;
  valueTolerance: number;
  stepTolerance: number;
  maxIterations: number;
  maxEvaluations: number;
  timeLimitMs: number;
  signal: AbortSignal | undefined;
  onIteration: RunOptions['onIteration'];
  trace: boolean;
  resume: Checkpoint | undefined;
}

function nonNegative(name: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !(v >= 0))
    throw new RangeError(`options.${name} must be a number >= 0, got ${String(v)}`);
  return v;
}

function count(name: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !(v >= 0) || (!Number.isInteger(v) && v !== Infinity))
    throw new RangeError(`options.${name} must be an integer >= 0 or Infinity, got ${String(v)}`);
  return v;
}

/**
 * Validates the driver options.
 * @throws RangeError/TypeError naming the option, e.g. `options.maxIterations must be an integer >= 0 or Infinity, got -1`
 */
export function resolveOptions(options: RunOptions = {}): ResolvedOptions {
  if (typeof options !== 'object' || options === null)
    throw new TypeError(`options must be an object, got ${String(options)}`);
  const signal = options.signal;
  if (signal !== undefined && (typeof signal !== 'object' || typeof signal.aborted !== 'boolean'))
    throw new TypeError('options.signal must be an AbortSignal');
  if (options.onIteration !== undefined && typeof options.onIteration !== 'function')
    throw new TypeError('options.onIteration must be a function');
  return {
    gradientTolerance: nonNegative('gradientTolerance', options.gradientTolerance, 1e-6),
    valueTolerance: nonNegative('valueTolerance', options.valueTolerance, 0),
    stepTolerance: nonNegative('stepTolerance', options.stepTolerance, 0),
    maxIterations: count('maxIterations', options.maxIterations, 1000),
    maxEvaluations: count('maxEvaluations', options.maxEvaluations, Infinity),
    timeLimitMs: nonNegative('timeLimitMs', options.timeLimitMs, Infinity),
    signal,
    onIteration: options.onIteration,
    trace: options.trace === true,
    resume: options.resume === undefined ? undefined : parseCheckpoint(options.resume),
  };
}
