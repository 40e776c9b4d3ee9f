/**
 * The three forms of the one driver: {@link run} (sync), {@link runAsync} (user
 * functions may return promises) and {@link start} (ask/tell: the host evaluates).
 *
 * @packageDocumentation
 */
import {
  type ResolvedOptions,
  type RunOptions,
  resolveOptions,
  type StartOptions,
} from './options.js';
import { defineProblem, type Problem, type ProblemSpec } from './problem.js';
import type { Capabilities, Method, Request } from './protocol.js';
import type { Result } from './result.js';
import { Session } from './session.js';
import { allFinite, describe, toVector, type Vector } from './vector.js';

function checkMethod(method: unknown): asserts method is Method {
  if (
    typeof method !== 'object' ||
    method === null ||
    typeof (method as Method).program !== 'function' ||
    typeof (method as Method).name !== 'string'
  )
    throw new TypeError(`method must be a Method { name, program }, got ${describe(method)}`);
}

/** Validates x0 against the problem's dimension; returns a private copy. */
export function prepareStart(x0: unknown, dimension: number | undefined): Vector {
  const x = toVector(x0, 'x0');
  if (x.length === 0) throw new RangeError('x0 must have length >= 1, got length 0');
  if (dimension !== undefined && x.length !== dimension)
    throw new RangeError(
      `x0 must have length ${dimension} (problem.dimension), got length ${x.length}`,
    );
  if (!allFinite(x)) throw new RangeError('x0 must hold finite numbers, got NaN or Infinity');
  return x;
}

/** x0 validated; with `resume`, x0 may be omitted (undefined or null) and its length must match. */
function startOf(
  x0: unknown,
  dimension: number | undefined,
  opts: ResolvedOptions,
): Vector | undefined {
  const cp = opts.resume;
  if (cp === undefined) return prepareStart(x0, dimension);
  if (dimension !== undefined && cp.dimension !== dimension)
    throw new RangeError(
      `options.resume.dimension must be ${dimension} (problem.dimension), got ${cp.dimension}`,
    );
  return x0 === undefined || x0 === null ? undefined : prepareStart(x0, dimension);
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return (
    typeof v === 'object' && v !== null && typeof (v as PromiseLike<unknown>).then === 'function'
  );
}

/** Calls the user's function for one request; returns the answer or a promise of it. */
function evaluate(problem: Problem, y: Request): number | PromiseLike<number> {
  switch (y.op) {
    case 'value':
      return problem.value(y.x);
    case 'gradient':
      return problem.valueAndGradient!(y.x, y.out);
    case 'hessian': {
      if (!problem.hessian)
        throw new TypeError('the method asked for a Hessian the problem does not give');
      const r = problem.hessian(y.x, y.out);
      return isThenable(r) ? r.then(() => 0) : 0;
    }
    case 'hvp': {
      if (!problem.hessianVectorProduct)
        throw new TypeError(
          'the method asked for a Hessian-vector product the problem does not give',
        );
      const r = problem.hessianVectorProduct(y.x, y.v, y.out);
      return isThenable(r) ? r.then(() => 0) : 0;
    }
  }
}

function open(
  method: unknown,
  problemSpec: ProblemSpec | Problem,
  x0: unknown,
  options: RunOptions | undefined,
): { session: Session; problem: Problem } {
  checkMethod(method);
  const problem = defineProblem(problemSpec);
  const opts: ResolvedOptions = resolveOptions(options);
  const x = startOf(x0, problem.dimension, opts);
  const session = new Session(method, x, problem.capabilities, opts);
  return { session, problem };
}

/**
 * Runs a method synchronously on a problem from x0.
 *
 * **Requires** user functions that return plain values (use {@link runAsync} for promises).
 * **Options** see {@link RunOptions}.
 * @throws TypeError/RangeError for a bad method, problem, x0 or option; never for a
 *   failing user function: that ends the run with status `evaluation-error` or `non-finite`.
 * @example const r = run(method, problem, [1, 2], { gradientTolerance: 1e-8 });
 */
export function run(
  method: Method,
  problem: ProblemSpec | Problem,
  x0: unknown,
  options?: RunOptions,
): Result {
  const { session, problem: p } = open(method, problem, x0, options);
  session.advance(0);
  while (!session.done) {
    const y = session.pending!;
    let answer: number | PromiseLike<number>;
    try {
      answer = evaluate(p, y);
      if (isThenable(answer)) {
        // Not awaited: a later rejection must not surface as an unhandled one.
        answer.then(undefined, () => {});
        throw new TypeError(
          'a problem function returned a Promise: use runAsync for asynchronous problems',
        );
      }
    } catch (error) {
      session.fail(error);
      break;
    }
    session.tell(answer);
  }
  return session.result();
}

/**
 * Runs a method when user functions may return promises (worker threads, a GPU,
 * a remote service). The same program and the same results as {@link run}.
 * @example const r = await runAsync(method, { value: async (x) => remote(x) }, x0);
 */
export async function runAsync(
  method: Method,
  problem: ProblemSpec | Problem,
  x0: unknown,
  options?: RunOptions,
): Promise<Result> {
  const { session, problem: p } = open(method, problem, x0, options);
  const interrupt = new Interrupt(options?.signal, session);
  try {
    session.advance(0);
    while (!session.done) {
      const y = session.pending!;
      let answer: number;
      try {
        const a = evaluate(p, y);
        if (isThenable(a)) {
          const r = await interrupt.race(a);
          if (typeof r !== 'number') {
            // The signal fired or the time ran out while the evaluation was running.
            session.interrupt(r.status);
            break;
          }
          answer = r;
        } else answer = a;
      } catch (error) {
        session.fail(error);
        break;
      }
      session.tell(answer);
    }
  } finally {
    interrupt.dispose();
  }
  return session.result();
}

/** Why runAsync stopped waiting for an evaluation. */
interface Interrupted {
  status: 'aborted' | 'time-limit';
}

/** The longest delay setTimeout honours (a longer one fires at once). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * runAsync's watch over a pending evaluation: the abort signal and the time limit end
 * the run without waiting for a promise that may never settle. An abort takes effect one
 * macrotask later, so an answer that is already there (a function that aborted and
 * returned, a resolved promise) is still taken, as in the synchronous driver.
 */
class Interrupt {
  private stopped: Promise<Interrupted> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private abortTimer: ReturnType<typeof setTimeout> | undefined;
  private listener: (() => void) | undefined;
  private readonly signal: AbortSignal | undefined;
  private readonly session: Session;

  constructor(signal: AbortSignal | undefined, session: Session) {
    this.signal = signal;
    this.session = session;
  }

  /** The answer, or why the run must end now. */
  race(a: PromiseLike<number>): Promise<number | Interrupted> {
    if (!this.stopped) {
      const remaining = this.session.remainingMs();
      if (this.signal === undefined && !(remaining < MAX_TIMER_MS)) return Promise.resolve(a);
      this.stopped = new Promise<Interrupted>((resolve) => {
        const signal = this.signal;
        if (signal) {
          this.listener = () => {
            this.abortTimer = setTimeout(() => resolve({ status: 'aborted' }), 0);
          };
          if (signal.aborted) this.listener();
          else signal.addEventListener('abort', this.listener, { once: true });
        }
        if (remaining < MAX_TIMER_MS)
          this.timer = setTimeout(() => resolve({ status: 'time-limit' }), Math.max(0, remaining));
      });
    }
    return Promise.race([a, this.stopped]);
  }

  /** Removes the listener and the timer: they must not outlive the run. */
  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.abortTimer !== undefined) clearTimeout(this.abortTimer);
    if (this.listener && this.signal) this.signal.removeEventListener('abort', this.listener);
  }
}

/** The ask/tell form: the host evaluates each request. */
export interface Optimizer {
  /** The next request, or null when the run is done. Fill its `out` (for gradient, hessian, hvp). */
  ask(): Request | null;
  /** Answer the request from `ask()`: f(x) for value and gradient, 0 for hessian and hvp. */
  tell(answer: number): void;
  /** The host's evaluation failed: ends the run with status `evaluation-error`. */
  fail(cause: unknown): void;
  /** Ends the run with status `aborted`. */
  abort(): void;
  /** True once the run has ended. */
  readonly done: boolean;
  /** The result so far (final once `done`). */
  result(): Result;
}

/**
 * Starts a run whose evaluations the host performs (ask/tell).
 *
 * **Options** {@link StartOptions}; `capabilities` says what the host can evaluate
 * (default: value and gradient).
 * @example
 * const opt = start(method, x0);
 * for (let req = opt.ask(); req; req = opt.ask()) opt.tell(evaluateMyself(req));
 * const result = opt.result();
 */
export function start(method: Method, x0: unknown, options: StartOptions = {}): Optimizer {
  checkMethod(method);
  const opts = resolveOptions(options);
  const x = startOf(x0, undefined, opts);
  const c = options.capabilities ?? {};
  const capabilities: Capabilities = {
    gradient: c.gradient ?? true,
    hessian: c.hessian ?? false,
    hvp: c.hvp ?? false,
  };
  const session = new Session(method, x, capabilities, opts);
  session.advance(0);
  return {
    ask: () => (session.done ? null : session.pending),
    tell: (answer: number) => {
      if (typeof answer !== 'number')
        throw new TypeError(`tell: answer must be a number, got ${describe(answer)}`);
      session.tell(answer);
    },
    fail: (cause: unknown) => session.fail(cause),
    abort: () => session.abort(),
    get done() {
      return session.done;
    },
    result: () => session.result(),
  };
}
