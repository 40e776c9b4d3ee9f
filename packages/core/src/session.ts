/**
 * The one driver behind `run`, `runAsync` and `start`: it steps a method's program,
 * serves cached answers, counts and checks every evaluation, applies the shared
 * stopping tests, keeps the best point and builds the {@link Result}.
 *
 * @packageDocumentation
 */
import {
  CHECKPOINT_FORMAT,
  type Checkpoint,
  decodeNumber,
  decodeVector,
  encodeNumber,
  encodeVector,
  type ResumeState,
} from './checkpoint.js';
import { finiteDifferenceGradient } from './finite-difference.js';
import { vectorArena } from './kernels/arena.js';
import type { VectorKernels } from './kernels/vector-kernels.js';
import type { IterationReport, ResolvedOptions } from './options.js';
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
  counts: EvaluationCounts = { value: 0, gradient: 0, hessian: 0, hvp: 0 };
  /** The request waiting for the user's (or host's) answer; null when none or done. */
  pending: Request | null = null;
  done = false;

  private readonly method: Method;
  private readonly opts: ResolvedOptions;
  private readonly gen: Program<MethodExit>;
  /** performance.now() at the start; earlier when resuming (elapsed time continues). */
  private readonly t0: number;
  private elapsed = 0;

  private readonly cacheX: Float64Array;
  private readonly cacheG: Float64Array;
  private cacheValue = Number.NaN;
  private cacheHasValue = false;
  private cacheHasGradient = false;

  private readonly bestX: Float64Array;
  private bestG: Float64Array;
  private bestValue = Number.NaN;
  private bestGradientNorm = Number.NaN;
  private readonly lastX: Float64Array;
  private lastG: Float64Array;
  /** Where a reported gradient is copied and checked before it becomes bestG or lastG. */
  private spareG: Float64Array;
  /** Kernels for the gradient copies (WebAssembly SIMD on them for large n). */
  private readonly kernels: VectorKernels;
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
  /** The report whose checkpoint may be taken now (inside onIteration), else null. */
  private current: { y: IterationEnd; row: TraceRow } | null = null;

  /**
   * `x0` is the start (validated by the caller); when `opts.resume` is set it may be
   * undefined, and the run starts from the checkpoint instead.
   */
  constructor(
    method: Method,
    x0: Vector | undefined,
    capabilities: Capabilities,
    opts: ResolvedOptions,
  ) {
    const cp = opts.resume;
    const n = cp ? cp.dimension : x0!.length;
    this.n = n;
    this.method = method;
    this.opts = opts;
    this.cacheX = new Float64Array(n);
    // the gradient copies, whose finiteness and ‖·‖∞ the driver checks every time
    const arena = vectorArena(n, 4);
    this.kernels = arena.kernels;
    this.cacheG = arena.vector();
    this.bestG = arena.vector();
    this.lastG = arena.vector();
    this.spareG = arena.vector();
    this.trace = opts.trace ? [] : undefined;
    let start: Float64Array;
    let resume: ResumeState | undefined;
    if (cp) {
      if (method.resumable !== true)
        throw new TypeError(
          `options.resume: the method '${method.name}' cannot resume from a checkpoint`,
        );
      if (cp.method !== method.name)
        throw new RangeError(
          `options.resume: the checkpoint was made by '${cp.method}', not by '${method.name}'`,
        );
      if (x0 !== undefined && x0.length !== n)
        throw new RangeError(
          `x0 must have length ${n} (options.resume.dimension), got length ${x0.length}`,
        );
      start = decodeVector(cp.x, n, 'options.resume.x');
      const gradient = decodeVector(cp.gradient, n, 'options.resume.gradient');
      const value = decodeNumber(cp.value, 'options.resume.value');
      resume = { value, gradient, state: cp.state };
      this.iterations = cp.iteration;
      this.counts = { ...cp.evaluations };
      this.t0 = now() - cp.elapsedMs;
      if (cp.best) {
        this.bestX = decodeVector(cp.best.x, n, 'options.resume.best.x');
        decodeVector(cp.best.gradient, n, 'options.resume.best.gradient', this.bestG);
        this.bestValue = decodeNumber(cp.best.value, 'options.resume.best.value');
        this.bestGradientNorm = normInf(this.bestG);
        this.reported = true;
      } else this.bestX = Float64Array.from(start);
      if (cp.cache) {
        decodeVector(cp.cache.x, n, 'options.resume.cache.x', this.cacheX);
        this.cacheValue = decodeNumber(cp.cache.value, 'options.resume.cache.value');
        this.cacheHasValue = true;
        if (cp.cache.gradient !== undefined) {
          decodeVector(cp.cache.gradient, n, 'options.resume.cache.gradient', this.cacheG);
          this.cacheHasGradient = true;
        }
      }
    } else {
      start = Float64Array.from(x0!);
      this.t0 = now();
      this.bestX = Float64Array.from(start);
    }
    this.lastX = Float64Array.from(start);
    const context = resume
      ? { dimension: n, capabilities, resume }
      : { dimension: n, capabilities };
    let gen = method.program(start, context);
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
      // With a time limit, the clock is read before every evaluation: a run overshoots
      // timeLimitMs by at most one evaluation (or, in runAsync, not at all).
      if (opts.timeLimitMs < Infinity && now() - this.t0 >= opts.timeLimitMs) {
        this.finish('time-limit');
        return;
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
        if (Number.isFinite(a) && Number.isFinite(this.copyMaxAbs(y.out, this.cacheG))) {
          this.cacheX.set(y.x);
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

  /**
   * The user's function threw: end with `evaluation-error` and the best point. The failed
   * call counts as an evaluation of its kind: it was made.
   */
  fail(cause: unknown): void {
    if (this.done) return;
    if (this.pending) this.countPending();
    this.cause = cause;
    const what = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    this.end('evaluation-error', `A user function threw ${what}`);
  }

  /** Ends the run from outside (abort). A pending request is not counted. */
  abort(): void {
    if (!this.done) this.finish('aborted');
  }

  /**
   * Ends the run while the pending request's evaluation is still running (runAsync: the
   * signal fired or the time ran out). That call counts: it was made.
   */
  interrupt(status: 'aborted' | 'time-limit'): void {
    if (this.done) return;
    if (this.pending) this.countPending();
    this.finish(status);
  }

  private countPending(): void {
    const y = this.pending!;
    this.pending = null;
    this.counts[y.op === 'value' ? 'value' : y.op]++;
  }

  /** Milliseconds left before timeLimitMs (Infinity without a limit). */
  remainingMs(): number {
    return this.opts.timeLimitMs - this.elapsedMs();
  }

  private elapsedMs(): number {
    return now() - this.t0;
  }

  /**
   * Copies v into `copy` (one of the driver's arena vectors) and returns max |vᵢ|, NaN
   * when any vᵢ is NaN (so finite exactly when v is: ‖v‖∞ and the finiteness check in
   * one pass), read from the copy: one SIMD pass for large n. A vector shorter than n
   * (a method's bug) leaves old entries in the copy, so it is read itself.
   */
  private copyMaxAbs(v: Vector, copy: Float64Array): number {
    copy.set(v);
    return v.length === copy.length ? this.kernels.maxAbs(copy) : normInf(v);
  }

  private iterationEnd(y: IterationEnd): number {
    const opts = this.opts;
    const g = this.spareG;
    const gnorm = this.copyMaxAbs(y.gradient, g); // ‖∇f‖∞, NaN when any component is
    const value = y.value;
    if (!Number.isFinite(value) || !Number.isFinite(gnorm)) {
      this.end('non-finite', 'The method reported a non-finite value or gradient.');
      return STOP;
    }
    if (!y.initial) this.iterations++;
    // Keep the point: one copy of x and ∇f per iteration.
    if (!this.reported || value <= this.bestValue) {
      this.bestX.set(y.x);
      this.spareG = this.bestG;
      this.bestG = g;
      this.bestValue = value;
      this.bestGradientNorm = gnorm;
      this.bestIsLast = true;
    } else {
      this.lastX.set(y.x);
      this.spareG = this.lastG;
      this.lastG = g;
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
      const report: IterationReport = { ...row, x: y.x, gradient: y.gradient };
      if (y.checkpoint) {
        this.current = { y, row };
        (report as { checkpoint?: () => Checkpoint }).checkpoint = () => this.checkpoint(y);
      }
      try {
        verdict = opts.onIteration(report);
      } catch (error) {
        this.cause = error;
        this.end('evaluation-error', `onIteration threw: ${String(error)}`);
        return STOP;
      } finally {
        this.current = null;
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

  /** The checkpoint of the report `y`, which must be the current one. */
  private checkpoint(y: IterationEnd): Checkpoint {
    const cur = this.current;
    if (cur === null || cur.y !== y)
      throw new Error('checkpoint() must be called inside onIteration, before the run moves on');
    const state = y.checkpoint!();
    const c: Checkpoint = {
      format: CHECKPOINT_FORMAT,
      version: 1,
      method: this.method.name,
      dimension: this.n,
      iteration: cur.row.iteration,
      evaluations: { ...cur.row.evaluations },
      elapsedMs: cur.row.elapsedMs,
      x: encodeVector(y.x),
      value: encodeNumber(y.value),
      gradient: encodeVector(y.gradient),
      state,
    };
    if (!this.bestIsLast)
      c.best = {
        x: encodeVector(this.bestX),
        value: encodeNumber(this.bestValue),
        gradient: encodeVector(this.bestG),
      };
    if (this.cacheHasValue) {
      c.cache = { x: encodeVector(this.cacheX), value: encodeNumber(this.cacheValue) };
      if (this.cacheHasGradient) c.cache.gradient = encodeVector(this.cacheG);
    }
    return JSON.parse(JSON.stringify(c)) as Checkpoint;
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
    // Before any report (x0 could not be evaluated), f and ∇f are unknown: NaN, not zeros.
    const gradient = this.reported
      ? Float64Array.from(useLast ? this.lastG : this.bestG)
      : new Float64Array(this.n).fill(Number.NaN);
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
