/**
 * The benchmark runner: methods × problems × sizes, run in worker threads (or
 * in-process), gathered into {@link BenchmarkResults}.
 *
 * @packageDocumentation
 */
import { availableParallelism, cpus, platform } from 'node:os';
import { METHOD_OPTIONS, sharedClock } from './execute.js';
import { runInProcess, runInWorkers } from './pool.js';
import { ALL_METHODS, ALL_PROBLEMS, plan } from './select.js';
import type {
  BenchmarkConfig,
  BenchmarkResults,
  Environment,
  Instance,
  RunRecord,
  SkippedRun,
  Task,
  TaskOutcome,
} from './types.js';

/** The default run: every method on every problem, scalable ones at n = 100 and 10 000. */
export function defaultConfig(): BenchmarkConfig {
  return {
    methods: [...ALL_METHODS],
    problems: [...ALL_PROBLEMS],
    sizes: [100, 10_000],
    repeats: 3,
    timeLimitMs: 10_000,
    maxEvaluations: 20_000,
    maxIterations: 1000,
    gradientTolerance: 1e-6,
    denseLimit: 2000,
    taus: [1e-3, 1e-7],
    jobs: availableParallelism(),
  };
}

/** The machine and runtime, for the report's header. */
export function environment(): Environment {
  return {
    node: process.version,
    platform: `${platform()} ${process.arch}`,
    cpu: cpus()[0]?.model ?? 'unknown CPU',
    cores: availableParallelism(),
    date: new Date().toISOString(),
  };
}

/**
 * For each interval, the largest number of intervals (itself included) in progress at
 * one time during it.
 * @example peakConcurrency([{ start: 0, end: 2 }, { start: 1, end: 3 }, { start: 5, end: 6 }]) // [2, 2, 1]
 */
export function peakConcurrency(intervals: readonly { start: number; end: number }[]): number[] {
  return intervals.map((a) => {
    const events: [number, number][] = [];
    for (const b of intervals) {
      const s = Math.max(a.start, b.start);
      const e = Math.min(a.end, b.end);
      if (s < e || b === a) {
        events.push([s, 1]);
        events.push([e, -1]);
      }
    }
    events.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    let live = 0;
    let peak = 1;
    for (const [, d] of events) {
      live += d;
      peak = Math.max(peak, live);
    }
    return peak;
  });
}

/** What {@link runBenchmark} reports as it goes. */
export type Progress = (info: {
  done: number;
  total: number;
  task: Task;
  outcome: TaskOutcome;
  elapsedMs: number;
}) => void;

/** Gathers task outcomes into results: instances with f*, f_L and f(x0), f − f*, concurrency. */
export function assemble(
  config: BenchmarkConfig,
  tasks: readonly Task[],
  outcomes: readonly TaskOutcome[],
  planned: readonly SkippedRun[],
  adjustedSizes: BenchmarkResults['adjustedSizes'],
  origin: number,
  totalMs: number,
): BenchmarkResults {
  const skipped: SkippedRun[] = [...planned];
  const partial: (TaskOutcome & { kind: 'run' })[] = [];
  outcomes.forEach((o, i) => {
    const t = tasks[i];
    if (o.kind === 'skipped')
      skipped.push({ method: t.method, problem: t.problem, n: t.n, reason: o.reason });
    else partial.push(o);
  });
  const key = (problem: string, n: number) => `${problem}\u0000${n}`;
  const seen = new Map<string, { problem: string; n: number }>();
  for (const x of [...tasks, ...planned])
    seen.set(key(x.problem, x.n), { problem: x.problem, n: x.n });
  const entries = [...seen.values()];
  const problemRank = new Map(config.problems.map((p, i) => [p, i]));
  entries.sort((a, b) => problemRank.get(a.problem)! - problemRank.get(b.problem)! || a.n - b.n);
  const instances: Instance[] = entries.map(({ problem, n }) => {
    const mine = partial.filter((o) => o.record.problem === problem && o.record.n === n);
    let fBest = Infinity;
    for (const { record } of mine) {
      if (record.f !== null) fBest = Math.min(fBest, record.f);
      for (const row of record.trace) fBest = Math.min(fBest, row.value);
    }
    const withInfo = mine.find((o) => o.source !== '');
    const f0 = mine.find((o) => o.record.f0 !== null)?.record.f0 ?? null;
    return {
      problem,
      n,
      fstar: withInfo?.fstar ?? null,
      fBest: Number.isFinite(fBest) ? fBest : null,
      f0,
      source: withInfo?.source ?? '',
    };
  });
  const instanceOf = new Map(instances.map((x) => [key(x.problem, x.n), x]));
  const methodRank = new Map(config.methods.map((m, i) => [m, i]));
  const runs: RunRecord[] = partial.map(({ record }) => {
    const inst = instanceOf.get(key(record.problem, record.n))!;
    const reference = inst.fstar ?? inst.fBest;
    return {
      ...record,
      fError: record.f !== null && reference !== null ? record.f - reference : null,
      fReference: inst.fstar !== null ? 'known' : 'best-found',
      timing: {
        ...record.timing,
        start: record.timing.start - origin,
        end: record.timing.end - origin,
      },
    };
  });
  const peaks = peakConcurrency(runs.map((r) => r.timing));
  runs.forEach((r, i) => {
    r.timing.concurrency = peaks[i];
  });
  const rank = (r: { problem: string; n: number; method: string }) => [
    problemRank.get(r.problem) ?? 0,
    r.n,
    methodRank.get(r.method) ?? 0,
  ];
  const byRank = (a: { problem: string; n: number; method: string }, b: typeof a) => {
    const x = rank(a);
    const y = rank(b);
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  };
  runs.sort(byRank);
  skipped.sort(byRank);
  return {
    schema: 'hessian-benchmark/1',
    environment: environment(),
    config,
    methodOptions: Object.fromEntries(
      config.methods.filter((m) => METHOD_OPTIONS[m]).map((m) => [m, { ...METHOD_OPTIONS[m] }]),
    ),
    totalMs,
    instances,
    adjustedSizes: [...adjustedSizes],
    runs,
    skipped,
  };
}

/**
 * Runs the benchmark: the plan's tasks on `config.jobs` worker threads (in-process when
 * 1), then assembles the results.
 * @example const results = await runBenchmark({ ...defaultConfig(), methods: ['lbfgs'], jobs: 1 });
 */
export async function runBenchmark(
  config: BenchmarkConfig,
  onProgress: Progress = () => {},
): Promise<BenchmarkResults> {
  const { tasks, skipped, adjusted } = plan(config);
  const origin = sharedClock();
  const t0 = performance.now();
  const report = (task: Task, outcome: TaskOutcome, done: number, total: number) =>
    onProgress({ done, total, task, outcome, elapsedMs: performance.now() - t0 });
  const outcomes =
    tasks.length === 0
      ? []
      : config.jobs <= 1
        ? await runInProcess(tasks, report)
        : await runInWorkers(tasks, config.jobs, report);
  return assemble(config, tasks, outcomes, skipped, adjusted, origin, performance.now() - t0);
}
