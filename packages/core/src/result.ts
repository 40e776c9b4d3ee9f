/**
 * The result of every run, whatever the method, and the trace row schema.
 *
 * @packageDocumentation
 */
import type { Status } from './protocol.js';

/**
 * Calls of the user's functions by request kind, each counted once when the call is made,
 * whatever its outcome (answered, non-finite, thrown, or still pending when an async run
 * was aborted or ran out of time). `value`: one call of `value`. `gradient`: one call of
 * `valueAndGradient`, or one of `value` and one of `gradient` when the problem gives them
 * separately (it also yields f). `hessian`, `hvp`: one call of `hessian`,
 * `hessianVectorProduct`. Answers from the driver's cache are not calls and do not count;
 * without a gradient, finite differences are `value` calls. In the ask/tell form a request
 * counts when the host answers it (`tell` or `fail`).
 */
export interface EvaluationCounts {
  value: number;
  gradient: number;
  hessian: number;
  hvp: number;
}

/** One row of the trace: fixed schema; a field a method lacks is absent. */
export interface TraceRow {
  iteration: number;
  value: number;
  gradientNorm: number;
  stepNorm?: number;
  stepLength?: number;
  radius?: number;
  innerIterations?: number;
  evaluations: EvaluationCounts;
  elapsedMs: number;
  info?: Readonly<Record<string, number | string | boolean>>;
}

/** What {@link run}, {@link runAsync} and the ask/tell optimizer return. */
export interface Result {
  /** The method's name. */
  method: string;
  /** The point returned: the last iterate on convergence, else the best point found. */
  x: Float64Array;
  /** f(x). */
  value: number;
  /** ∇f(x). */
  gradient: Float64Array;
  /** ‖∇f(x)‖ in the norm named by `gradientNormKind`. */
  gradientNorm: number;
  /** The norm used for `gradientNorm` and the gradient test: always the max norm. */
  gradientNormKind: 'inf';
  status: Status;
  /** True when `status` is one of the converged statuses. */
  success: boolean;
  /** A readable sentence about the status. */
  message: string;
  iterations: number;
  evaluations: EvaluationCounts;
  elapsedMs: number;
  /** The error a user function threw, when `status` is `evaluation-error`. */
  cause?: unknown;
  /** One row per iteration (row 0 is the start) when `trace: true` was asked. */
  trace?: TraceRow[];
  /** Method-specific results (e.g. the critical-point kind, a quasi-Newton memory). */
  extra?: Readonly<Record<string, unknown>>;
}
