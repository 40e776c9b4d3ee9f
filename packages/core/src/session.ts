/**
 * The one driver behind `run`, `runAsync` and `start`: it steps a method's program,
 * serves cached answers, counts and checks every evaluation, applies the shared
 * stopping tests, keeps the best point and builds the {@link Result}.
 *
 * @packageDocumentation
 */
import { finiteDifferenceGradient } from './finite-difference.js';
import type { ResolvedOptions } from './options.js';
import {
  type Capabilities,
  CONTINUE,
  CONVERGED_STATUSES,
  type IterationEnd,
  type Method,
  type MethodExit,
  type Program,
  type Request,
  STOP,
  type Status,
} from './protocol.js';
import type { EvaluationCounts, Result, TraceRow } from './result.js';
import { allFinite, equals, norm2, normInf, type Vector } from './vector.js';

const MESSAGES: Record<Status, string> = {
  'converged-gradient': 'The gradient max-norm fell below gradientTolerance.',
  'converged-value': 'The relative change of f fell below valueTolerance.',
  'converged-step': 'The step fell below stepTolerance.',
  'max-iterations': 'The iteration limit maxIterations was reached.',
  'max-evaluations': 'The evaluation limit maxEvaluations was reached.',
  'time-limit': 'The time limit timeLimitMs was reached.',
  aborted: 'The run was aborted by its AbortSignal.',
  'stopped-by-observer': "onIteration returned 'stop'.",
  'line-search-failed': 'The line search found no acceptable step.',
  'non-finite':
    'The objective returned a non-finite value or gradient where a finite one was needed.',
  'evaluation-error': 'A user function threw an error (kept as cause).',
  'singular-hessian': 'The Hessian is singular: the Newton step is undefined.',
  'radius-too-small': 'The trust-region radius fell below its floor.',
  'no-predicted-decrease': 'The model predicts no decrease from the step.',
  'no-progress': 'The method could make no further progress.',
};

function now(): number {
  return performance.now();
}

/** Wraps a program so that its `gradient` requests become finite differences of values. */
function* withFiniteDifferenceGradients<R>(p: Program<R>, n: number): Program<R> {
  const work = new Float64Array(n);
  let answer = 0;
  for (;;) {
    const r = p.next(answer);
    if (r.done) return r.value;
    const y = r.value;
    if (y.op === 'gradient') answer = yield* finiteDifferenceGradient(y.x, y.out, work);
    else answer = yield y;
  }
}

/** A run in progress. Internal to core: the three drivers wrap it. */
export class Session {
  readonly n: number;
  readonly counts: EvaluationCounts = { value: 0, gradient: 0, hessian: 0, hvp: 0 };
  /** The request waiting for the user's (or host's) answer; null when none or done. */
  pending: Request | null = null;
  done = false;

  private readonly method: Method;
  private readonly opts: ResolvedOptions;
  private readonly gen: Program<MethodExit>;
  private readonly t0 = now();
  private elapsed = 0;
  private requestsSinceClock = 0;

  private readonly cacheX: Float64Array;
  private readonly cacheG: Float64Array;
  private cacheValue = Number.NaN;
  private cacheHasValue = false;
  private cacheHasGradient = false;

  private readonly bestX: Float64Array;
  private readonly bestG: Float64Array;
  private bestValue = Number.NaN;
  private bestGradientNorm = Number.NaN;
  private readonly lastX: Float64Array;
  private readonly lastG: Float64Array;
  private lastValue = Number.NaN;
  private lastGradientNorm = Number.NaN;
  private bestIsLast = true;
  private reported = false;
  private prevValue = Number.NaN;

  private iterations = 0;
  private stopStatus: Status | undefined;
  private status: Status = 'no-progress';
  private message = '';
  private cause: unknown;
  private extra: Readonly<Record<string, unknown>> | undefined;
  private readonly trace: TraceRow[] | undefined;

  constructor(method: Method, x0: Vector, capabilities: Capabilities, opts: ResolvedOptions) {
    const n = x0.length;
    this.n = n;
    this.method = method;
    this.opts = opts;
    this.cacheX = new Float64Array(n);
    this.cacheG = new Float64Array(n);
    this.bestX = Float64Array.from(x0);
    this.bestG = new Float64Array(n);
    this.lastX = Float64Array.from(x0);
    this.lastG = new Float64Array(n);
    this.trace = opts.trace ? [] : undefined;
    const own = Float64Array.from(x0);
    let gen = method.program(own, { dimension: n, capabilities });
    if (!capabilities.gradient) gen = withFiniteDifferenceGradients(gen, n);
    this.gen = gen;
  }

  /** Runs the program until it needs an answer from outside, or ends. */
  advance(answer: number): void {
    const gen = this.gen;
    const opts = this.opts;
    for (;;) {
      let r: IteratorResult<Request | IterationEnd, MethodExit>;
      try {
        r = gen.next(answer);
      } catch (error) {
        // A bug in the method or an observer must still end with the best point.
        this.cause = error;
        this.end('evaluation-error', `The method threw: ${String(error)}`);
        return;
      }
      if (r.done) {
        this.exit(r.value);
        return;
      }
      const y = r.value;
      if (y.op === 'iteration') {
        answer = this.iterationEnd(y);
        if (this.done) return;
        continue;
      }
      if (this.stopStatus !== undefined) {
        // The method asked for more after being told to stop.
        this.finish(this.stopStatus);
        return;
      }
      // Cached answers: f and ∇f at one point are never computed twice.
      if (y.op === 'value' || y.op === 'gradient') {
        if (this.cacheHasValue && equals(y.x, this.cacheX)) {
          if (y.op === 'value') {
            answer = this.cacheValue;
            continue;
          }
          if (this.cacheHasGradient) {
            y.out.set(this.cacheG);
            answer = this.cacheValue;
            continue;
          }
        }
      }
      const total =
        this.counts.value + this.counts.gradient + this.counts.hessian + this.counts.hvp;
      if (total >= opts.maxEvaluations) {
        this.finish('max-evaluations');
        return;
      }
      if (opts.signal?.aborted) {
        this.finish('aborted');
        return;
      }
      if (++this.requestsSinceClock >= 16) {
        this.requestsSinceClock = 0;
        if (now() - this.t0 >= opts.timeLimitMs) {
          this.finish('time-limit');
          return;
        }
      }
      this.pending = y;
      return;
    }
  }

  /**
   * Records the answer to the pending request: counts it, checks it is finite,
   * caches f and ∇f, then goes on. The answer given to the method is NaN when
   * anything computed was not finite.
   */
  tell(answer: number): void {
    const y = this.pending;
    if (y === null) throw new Error('tell: there is no pending request (the run is done)');
    this.pending = null;
    let a = answer;
    switch (y.op) {
      case 'value':
        this.counts.value++;
        if (Number.isFinite(a)) {
          this.cacheX.set(y.x);
          this.cacheValue = a;
          this.cacheHasValue = true;
          this.cacheHasGradient = false;
        } else {
          a = Number.NaN;
          this.cacheHasValue = false;
        }
        break;
      case 'gradient':
        this.counts.gradient++;
        if (Number.isFinite(a) && allFinite(y.out)) {
          this.cacheX.set(y.x);
          this.cacheG.set(y.out);
          this.cacheValue = a;
          this.cacheHasValue = true;
          this.cacheHasGradient = true;
        } else {
          a = Number.NaN;
          this.cacheHasValue = false;
        }
        break;
      case 'hessian':
        this.counts.hessian++;
        a = allFinite(y.out.data) ? 0 : Number.NaN;
        break;
      case 'hvp':
        this.counts.hvp++;
        a = allFinite(y.out) ? 0 : Number.NaN;
        break;
    }
    this.advance(a);
  }

  /** The user's function threw: end with `evaluation-error` and the best point. */
  fail(cause: unknown): void {
    this.pending = null;
    this.cause = cause;
    const what = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    this.end('evaluation-error', `A user function threw ${what}`);
  }

  /** Ends the run from outside (abort). */
  abort(): void {
    if (!this.done) this.finish('aborted');
  }

  private elapsedMs(): number {
    return now() - this.t0;
  }

  private iterationEnd(y: IterationEnd): number {
    const opts = this.opts;
    const gnorm = normInf(y.gradient);
    const value = y.value;
    if (!Number.isFinite(value) || !Number.isFinite(gnorm)) {
      this.end('non-finite', 'The method reported a non-finite value or gradient.');
      return STOP;
    }
    if (!y.initial) this.iterations++;
    // Keep the point: one copy of x and ∇f per iteration.
    if (!this.reported || value <= this.bestValue) {
      this.bestX.set(y.x);
      this.bestG.set(y.gradient);
      this.bestValue = value;
      this.bestGradientNorm = gnorm;
      this.bestIsLast = true;
    } else {
      this.lastX.set(y.x);
      this.lastG.set(y.gradient);
      this.lastValue = value;
      this.lastGradientNorm = gnorm;
      this.bestIsLast = false;
    }
    this.reported = true;
    const elapsedMs = this.elapsedMs();
    const row: TraceRow = {
      iteration: this.iterations,
      value,
      gradientNorm: gnorm,
      evaluations: { ...this.counts },
      elapsedMs,
    };
    if (y.stepNorm !== undefined) row.stepNorm = y.stepNorm;
    if (y.stepLength !== undefined) row.stepLength = y.stepLength;
    if (y.radius !== undefined) row.radius = y.radius;
    if (y.innerIterations !== undefined) row.innerIterations = y.innerIterations;
    if (y.info !== undefined) row.info = { ...y.info };
    this.trace?.push(row);
    if (opts.onIteration) {
      let verdict: unknown;
      try {
        verdict = opts.onIteration({ ...row, x: y.x, gradient: y.gradient });
      } catch (error) {
        this.cause = error;
        this.end('evaluation-error', `onIteration threw: ${String(error)}`);
        return STOP;
      }
      if (verdict === 'stop') return this.requestStop('stopped-by-observer');
    }
    let status: Status | undefined;
    // A rejected trial (trust region) leaves x and f unchanged: no value or step test.
    const moved = !y.initial && y.info?.accepted !== false;
    if (gnorm <= opts.gradientTolerance) status = 'converged-gradient';
    else if (
      moved &&
      opts.valueTolerance > 0 &&
      Math.abs(this.prevValue - value) <= opts.valueTolerance * Math.max(Math.abs(value), 1e-300)
    )
      status = 'converged-value';
    else if (
      moved &&
      opts.stepTolerance > 0 &&
      y.stepNorm !== undefined &&
      y.stepNorm <= opts.stepTolerance * Math.max(norm2(y.x), 1)
    )
      status = 'converged-step';
    else if (this.iterations >= opts.maxIterations) status = 'max-iterations';
    else if (opts.signal?.aborted) status = 'aborted';
    else if (elapsedMs >= opts.timeLimitMs) status = 'time-limit';
    this.prevValue = value;
    if (status !== undefined) return this.requestStop(status);
    return CONTINUE;
  }

  private requestStop(status: Status): number {
    this.stopStatus = status;
    return STOP;
  }

  private exit(e: MethodExit | undefined): void {
    this.extra = e?.extra;
    const status = e?.status ?? this.stopStatus ?? 'no-progress';
    this.finish(status, e?.message);
  }

  /** Ends now, closing the method's program. */
  private end(status: Status, message?: string): void {
    this.finish(status, message);
  }

  private finish(status: Status, message?: string): void {
    if (this.done) return;
    this.done = true;
    this.pending = null;
    this.status = status;
    this.message = message ?? MESSAGES[status];
    this.elapsed = this.elapsedMs();
    try {
      this.gen.return({});
    } catch {
      // a method's finally block failing must not hide the result
    }
  }

  /** The result; valid once `done`. */
  result(): Result {
    const converged = CONVERGED_STATUSES.has(this.status);
    const useLast = converged && !this.bestIsLast;
    const x = Float64Array.from(useLast ? this.lastX : this.bestX);
    const gradient = Float64Array.from(useLast ? this.lastG : this.bestG);
    const r: Result = {
      method: this.method.name,
      x,
      value: useLast ? this.lastValue : this.bestValue,
      gradient,
      gradientNorm: useLast ? this.lastGradientNorm : this.bestGradientNorm,
      gradientNormKind: 'inf',
      status: this.status,
      success: converged,
      message: this.message,
      iterations: this.iterations,
      evaluations: { ...this.counts },
      elapsedMs: this.done ? this.elapsed : this.elapsedMs(),
    };
    if (this.cause !== undefined) r.cause = this.cause;
    if (this.trace) r.trace = this.trace;
    if (this.extra !== undefined) r.extra = this.extra;
    return r;
  }
}
