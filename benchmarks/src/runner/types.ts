/**
 * The shapes the benchmark runner passes around and writes to `results.json`.
 *
 * @packageDocumentation
 */
import type { EvaluationCounts, Status, TraceRow } from '@hessian/core';

/** Everything that decides what runs and how: the CLI's flags, resolved. */
export interface BenchmarkConfig {
  /** Method names (registry names), in registry order. */
  methods: string[];
  /** Problem names, in library order (classic, then scalable). */
  problems: string[];
  /** Dimensions for the scalable problems; classic problems run at their standard dimension. */
  sizes: number[];
  /** Timed repeats per run (fewer when the repeats already exceed the time limit). */
  repeats: number;
  /** Per-run limits, passed to the core driver. */
  timeLimitMs: number;
  maxEvaluations: number;
  maxIterations: number;
  gradientTolerance: number;
  /** Methods that store an n×n matrix are skipped above this dimension. */
  denseLimit: number;
  /** Tolerances τ of the Moré–Wild convergence test used by the profiles. */
  taus: number[];
  /** Worker threads; 1 runs every task in-process, one after another. */
  jobs: number;
}

/** One unit of work: a method on a problem instance, repeated. */
export interface Task {
  method: string;
  problem: string;
  /** The dimension asked for, or undefined for the problem's standard one. */
  size: number | undefined;
  /** The dimension the task runs at (known at planning time). */
  n: number;
  repeats: number;
  timeLimitMs: number;
  maxEvaluations: number;
  maxIterations: number;
  gradientTolerance: number;
}

/** Where and when a run's timings were taken (ms since the benchmark started). */
export interface RunTiming {
  /** 0 for in-process runs, else the worker's index (1-based). */
  worker: number;
  start: number;
  end: number;
  /** The largest number of runs (this one included) executing at once during this run. */
  concurrency: number;
}

/** One method on one problem instance: what `results.json` holds per run. */
export interface RunRecord {
  method: string;
  problem: string;
  n: number;
  /** The driver's status, or `error` when the method or problem threw. */
  status: Status | 'error';
  success: boolean;
  message: string;
  iterations: number;
  evaluations: EvaluationCounts;
  /** Evaluations weighted by {@link evaluationCost}. */
  cost: number;
  /** f at the returned point. */
  f: number | null;
  /** f(x0). */
  f0: number | null;
  /** f − f*, with f* known or else the best f found by any method (see `fReference`). */
  fError: number | null;
  fReference: 'known' | 'best-found';
  gradientNorm: number | null;
  /** Median wall time of the repeats (ms). */
  wallMs: number;
  /** Every repeat's wall time (ms). */
  repeatsMs: number[];
  /** The core driver's trace (`trace: true`) of the repeat whose time is the median. */
  trace: TraceRow[];
  timing: RunTiming;
}

/** A method × problem combination not run, and why. */
export interface SkippedRun {
  method: string;
  problem: string;
  n: number;
  reason: string;
}

/** One problem at one dimension. */
export interface Instance {
  problem: string;
  n: number;
  /** The known optimal value, if any. */
  fstar: number | null;
  /** The smallest f any method reached (the f_L of Moré & Wild). */
  fBest: number | null;
  f0: number | null;
  source: string;
}

/** The machine and runtime. */
export interface Environment {
  node: string;
  platform: string;
  cpu: string;
  cores: number;
  date: string;
}

/** What `results.json` holds. */
export interface BenchmarkResults {
  schema: 'hessian-benchmark/1';
  environment: Environment;
  config: BenchmarkConfig;
  /** Method options the runner passes (everything else is each method's default). */
  methodOptions: Record<string, Record<string, unknown>>;
  /** Wall time of the whole benchmark (ms), reports not included. */
  totalMs: number;
  instances: Instance[];
  /** Scalable problems run at the nearest smaller dimension they accept (e.g. a multiple of 3). */
  adjustedSizes: { problem: string; requested: number; n: number }[];
  runs: RunRecord[];
  skipped: SkippedRun[];
}

/** What a worker (or the in-process runner) returns for a task. */
export type TaskOutcome =
  | {
      kind: 'run';
      record: Omit<RunRecord, 'fError' | 'fReference'>;
      fstar: number | null;
      source: string;
    }
  | { kind: 'skipped'; reason: string };

/**
 * Evaluations as one number: a value, a gradient (with its value) and a Hessian-vector
 * product count 1 each; a dense Hessian counts n (the n HVPs or gradient differences
 * that would form it).
 */
export function evaluationCost(e: EvaluationCounts, n: number): number {
  return e.value + e.gradient + e.hvp + n * e.hessian;
}
