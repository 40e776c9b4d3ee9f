/**
 * One task, run in the current thread: build the problem, run the method with the
 * core driver (`trace: true`) `repeats` times, keep the median time and its trace.
 * Used by the worker threads and by the in-process runner (`--jobs 1`).
 *
 * @packageDocumentation
 */
import { type Method, type Result, type RunOptions, run } from '@hessian/core';
import { METHODS } from '@hessian/optimize';
import { getProblem, type TestProblem } from '@hessian/problems';
import { evaluationCost, type Task, type TaskOutcome } from './types.js';

/**
 * Options the runner gives methods (all others are the method's defaults): Newton's
 * closing eigen-analysis of the last iterate is O(n³) and not part of minimizing.
 */
export const METHOD_OPTIONS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  newton: { classify: false },
};

/** A run whose repeats already took this long (ms) is not repeated further. */
export const REPEAT_BUDGET_MS = 1000;

/** Milliseconds on a clock shared by all threads (Unix epoch, sub-millisecond). */
export function sharedClock(): number {
  return performance.timeOrigin + performance.now();
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

function createMethod(name: string): Method {
  const entry = (METHODS as Record<string, { create(o: unknown): Method } | undefined>)[name];
  if (entry === undefined) throw new RangeError(`unknown method '${name}'`);
  return entry.create({ ...(METHOD_OPTIONS[name] ?? {}) });
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs a task; never throws. A problem that cannot be built at the requested size is
 * a skip (with the problem's own message); a method or run that throws is an `error` run.
 * `start`/`end` of the timing are on {@link sharedClock}.
 */
export function executeTask(task: Task, worker: number): TaskOutcome {
  let problem: TestProblem;
  try {
    problem = getProblem(task.problem, task.size === undefined ? {} : { n: task.size });
  } catch (error) {
    return { kind: 'skipped', reason: message(error) };
  }
  const n = problem.dimension;
  const start = sharedClock();
  const options: RunOptions = {
    trace: true,
    gradientTolerance: task.gradientTolerance,
    maxIterations: task.maxIterations,
    maxEvaluations: task.maxEvaluations,
    timeLimitMs: task.timeLimitMs,
  };
  const runs: { result: Result; ms: number }[] = [];
  let f0: number | null = null;
  try {
    f0 = problem.value(problem.x0);
    let total = 0;
    for (let k = 0; k < task.repeats; k++) {
      const method = createMethod(task.method);
      const t0 = performance.now();
      const result = run(method, problem, problem.x0, options);
      const ms = performance.now() - t0;
      runs.push({ result, ms });
      total += ms;
      if (total >= REPEAT_BUDGET_MS) break;
    }
  } catch (error) {
    const end = sharedClock();
    return {
      kind: 'run',
      fstar: problem.fstar ?? null,
      source: problem.source,
      record: {
        method: task.method,
        problem: task.problem,
        n,
        status: 'error',
        success: false,
        message: message(error),
        iterations: 0,
        evaluations: { value: 0, gradient: 0, hessian: 0, hvp: 0 },
        cost: 0,
        f: null,
        f0: Number.isFinite(f0) ? f0 : null,
        gradientNorm: null,
        wallMs: end - start,
        repeatsMs: [],
        trace: [],
        timing: { worker, start, end, concurrency: 1 },
      },
    };
  }
  const end = sharedClock();
  const byTime = [...runs].sort((a, b) => a.ms - b.ms);
  const { result } = byTime[(byTime.length - 1) >> 1];
  const finite = (v: number) => (Number.isFinite(v) ? v : null);
  return {
    kind: 'run',
    fstar: problem.fstar ?? null,
    source: problem.source,
    record: {
      method: task.method,
      problem: task.problem,
      n,
      status: result.status,
      success: result.success,
      message: result.message,
      iterations: result.iterations,
      evaluations: { ...result.evaluations },
      cost: evaluationCost(result.evaluations, n),
      f: finite(result.value),
      f0: f0 !== null && Number.isFinite(f0) ? f0 : null,
      gradientNorm: finite(result.gradientNorm),
      wallMs: median(runs.map((r) => r.ms)),
      repeatsMs: runs.map((r) => r.ms),
      trace: result.trace ?? [],
      timing: { worker, start, end, concurrency: 1 },
    },
  };
}
