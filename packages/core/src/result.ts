/**
 * The result of every run, whatever the method, and the trace row schema.
 *
 * @packageDocumentation
 */
import type { Status } from './protocol.js';

/** User-function evaluations by kind (a `gradient` evaluation also yields f). */
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
