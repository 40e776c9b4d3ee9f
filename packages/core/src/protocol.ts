/**
 * The evaluation protocol: a method is a generator program that yields
 * evaluation requests and receives numbers. It never calls the user's functions.
 * One driver ({@link run}, {@link runAsync}, {@link start}) serves every program.
 *
 * @packageDocumentation
 */
import type { ResumeState } from './checkpoint.js';
import type { DenseMatrix } from './matrix.js';
import type { Vector } from './vector.js';

/** Ask for f(x). Answer: f(x), or NaN when it was not finite. */
export interface ValueRequest {
  readonly op: 'value';
  readonly x: Vector;
}
/** Ask for f(x) and ∇f(x) written into `out`. Answer: f(x), or NaN when f or ∇f was not finite. */
export interface GradientRequest {
  readonly op: 'gradient';
  readonly x: Vector;
  readonly out: Vector;
}
/** Ask for ∇²f(x) written into `out`. Answer: 0, or NaN when an entry was not finite. */
export interface HessianRequest {
  readonly op: 'hessian';
  readonly x: Vector;
  readonly out: DenseMatrix;
}
/** Ask for ∇²f(x)·v written into `out`. Answer: 0, or NaN when an entry was not finite. */
export interface HvpRequest {
  readonly op: 'hvp';
  readonly x: Vector;
  readonly v: Vector;
  readonly out: Vector;
}

/** The four primitive requests. Every answer is a number. */
export type Request = ValueRequest | GradientRequest | HessianRequest | HvpRequest;

/**
 * Yielded by a method at the end of each iteration (and once with `initial: true`
 * for the starting point). The driver answers {@link CONTINUE} or {@link STOP};
 * on STOP the method returns at once.
 */
export interface IterationEnd {
  readonly op: 'iteration';
  /** The current (accepted) iterate. The driver copies what it keeps. */
  readonly x: Vector;
  /** f(x). */
  readonly value: number;
  /** ∇f(x). */
  readonly gradient: Vector;
  /** True for the report of the starting point, before any iteration. */
  readonly initial?: boolean;
  /** ‖x_k − x_{k−1}‖₂. */
  readonly stepNorm?: number;
  /** The line search's step length alpha. */
  readonly stepLength?: number;
  /** The trust-region radius after the update. */
  readonly radius?: number;
  /** Inner iterations (CG, Lanczos, Newton on lambda) spent in this iteration. */
  readonly innerIterations?: number;
  /**
   * Method-specific facts for the trace (e.g. which Hessian modification acted).
   * `accepted: false` marks an iteration whose trial was rejected (x unchanged): the
   * driver then skips its value-change and step tests.
   */
  readonly info?: Readonly<Record<string, number | string | boolean>>;
  /**
   * The method's state after this iteration, as plain JSON: everything its next iteration
   * depends on besides x, f and ∇f (which the driver saves from this report). Called only
   * while the report is current (inside `onIteration`), never after the method has moved
   * on. Absent when the method cannot checkpoint this run. See {@link Method.resumable}.
   */
  readonly checkpoint?: () => unknown;
}

/** Driver answer to an {@link IterationEnd}: go on. */
export const CONTINUE = 0;
/** Driver answer to an {@link IterationEnd}: return now. */
export const STOP = 1;

/** What a program yields. */
export type Yielded = Request | IterationEnd;

/**
 * A program: a generator yielding requests and iteration reports, receiving numbers.
 * Sub-programs (line searches, subproblem solvers, curvature providers) compose with `yield*`.
 */
export type Program<R> = Generator<Yielded, R, number>;

/** Every status a run can end with. */
export type Status =
  | 'converged-gradient'
  | 'converged-value'
  | 'converged-step'
  | 'max-iterations'
  | 'max-evaluations'
  | 'time-limit'
  | 'aborted'
  | 'stopped-by-observer'
  | 'line-search-failed'
  | 'non-finite'
  | 'evaluation-error'
  | 'singular-hessian'
  | 'radius-too-small'
  | 'no-predicted-decrease'
  | 'no-progress';

/** Statuses that mean the run found what it was asked for. */
export const CONVERGED_STATUSES: ReadonlySet<Status> = new Set([
  'converged-gradient',
  'converged-value',
  'converged-step',
]);

/** What the problem can evaluate, so a method can choose its curvature source. */
export interface Capabilities {
  readonly gradient: boolean;
  readonly hessian: boolean;
  readonly hvp: boolean;
}

/** Given to a method's program when a run starts. */
export interface MethodContext {
  readonly dimension: number;
  readonly capabilities: Capabilities;
  /**
   * Present when the run resumes from a checkpoint (`options.resume`): the program's `x0`
   * is the checkpoint's iterate, and the method restores f, ∇f and its state from here
   * instead of evaluating x0, then reports that point once with `initial: true` (the
   * driver counts it as the checkpoint's iteration, not a new one).
   */
  readonly resume?: ResumeState;
}

/**
 * How a method's program ends by itself. `status` absent means the driver asked it
 * to stop (its status is the driver's). `extra` is copied into the result.
 */
export interface MethodExit {
  readonly status?: Status;
  readonly message?: string;
  readonly extra?: Readonly<Record<string, unknown>>;
}

/**
 * An optimization method: a name and a program. Options are validated when the
 * method object is created (by its factory), never during a run.
 */
export interface Method {
  readonly name: string;
  /**
   * True when the program honours `context.resume` (and its iteration reports carry
   * `checkpoint`). The driver refuses `options.resume` for any other method, so a method
   * that knows nothing of checkpoints never silently restarts from scratch.
   */
  readonly resumable?: boolean;
  /** The program. `x0` is the driver's private copy; the method may use it as its own buffer. */
  program(x0: Vector, context: MethodContext): Program<MethodExit>;
}

/**
 * Yields the iteration report and tells whether the method must stop.
 * @example if (yield* report({ op: 'iteration', x, value: f, gradient: g })) return {};
 */
export function* report(end: IterationEnd): Generator<Yielded, boolean, number> {
  return (yield end) === STOP;
}
