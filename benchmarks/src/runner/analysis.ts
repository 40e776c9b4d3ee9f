/**
 * From results to what the reports show: the cost each method needed to pass the
 * convergence test on each instance (for the profiles) and the per-method summary.
 *
 * @packageDocumentation
 */
import { firstPassingCost, type HistoryPoint } from './profiles.js';
import { type BenchmarkResults, evaluationCost, type Instance, type RunRecord } from './types.js';

/** `problem/n`: the name of an instance in ids and tables. */
export function instanceKey(x: { problem: string; n: number }): string {
  return `${x.problem}/${x.n}`;
}

/** The run of a method on an instance, if it ran. */
export function runsByInstance(results: BenchmarkResults): Map<string, Map<string, RunRecord>> {
  const map = new Map<string, Map<string, RunRecord>>();
  for (const r of results.runs) {
    const k = instanceKey(r);
    if (!map.has(k)) map.set(k, new Map());
    map.get(k)!.set(r.method, r);
  }
  return map;
}

/** A run's history as evaluation cost (or time) against f, from its trace. */
export function history(run: RunRecord, measure: 'evaluations' | 'time'): HistoryPoint[] {
  return run.trace.map((row) => ({
    cost: measure === 'time' ? row.elapsedMs : evaluationCost(row.evaluations, run.n),
    value: row.value,
  }));
}

/** Cost matrices t[p][s] for one τ: instances × methods, ∞ when not solved (or not run). */
export interface SolveCosts {
  tau: number;
  instances: Instance[];
  methods: string[];
  /** Weighted evaluations to pass the test. */
  evaluations: number[][];
  /** Milliseconds (the trace's elapsed time) to pass the test. */
  time: number[][];
}

/**
 * What each method needed to pass the Moré–Wild test f ≤ f_L + τ (f(x0) − f_L) on each
 * instance, with f_L the best value any method reached. A run that never passes, an
 * error and a skipped combination all cost ∞.
 */
export function solveCosts(results: BenchmarkResults, tau: number): SolveCosts {
  const byInstance = runsByInstance(results);
  const methods = results.config.methods;
  const evaluations: number[][] = [];
  const time: number[][] = [];
  for (const inst of results.instances) {
    const runs = byInstance.get(instanceKey(inst));
    const row = (measure: 'evaluations' | 'time') =>
      methods.map((m) => {
        const run = runs?.get(m);
        if (!run || run.status === 'error' || inst.fBest === null || inst.f0 === null)
          return Infinity;
        return firstPassingCost(history(run, measure), inst.f0, inst.fBest, tau);
      });
    evaluations.push(row('evaluations'));
    time.push(row('time'));
  }
  return { tau, instances: results.instances, methods, evaluations, time };
}

/** One method's line of the summary. */
export interface MethodSummary {
  method: string;
  /** Instances in the benchmark. */
  instances: number;
  /** Runs made (instances minus skips). */
  runs: number;
  skipped: number;
  errors: number;
  /** Runs ending with a converged status. */
  converged: number;
  /** Instances solved by the Moré–Wild test, one count per τ. */
  solved: number[];
  /** Evaluations summed over the method's runs. */
  evaluations: { value: number; gradient: number; hessian: number; hvp: number };
  cost: number;
  /** Sum of the runs' median wall times (ms). */
  timeMs: number;
}

/** The per-method summary: runs, convergence, problems solved per τ, total evaluations and time. */
export function summarize(results: BenchmarkResults): MethodSummary[] {
  const costs = results.config.taus.map((tau) => solveCosts(results, tau));
  return results.config.methods.map((method, s) => {
    const runs = results.runs.filter((r) => r.method === method);
    const evaluations = { value: 0, gradient: 0, hessian: 0, hvp: 0 };
    let cost = 0;
    let timeMs = 0;
    for (const r of runs) {
      evaluations.value += r.evaluations.value;
      evaluations.gradient += r.evaluations.gradient;
      evaluations.hessian += r.evaluations.hessian;
      evaluations.hvp += r.evaluations.hvp;
      cost += r.cost;
      timeMs += r.wallMs;
    }
    return {
      method,
      instances: results.instances.length,
      runs: runs.length,
      skipped: results.skipped.filter((k) => k.method === method).length,
      errors: runs.filter((r) => r.status === 'error').length,
      converged: runs.filter((r) => r.success).length,
      solved: costs.map((c) => c.evaluations.filter((row) => Number.isFinite(row[s])).length),
      evaluations,
      cost,
      timeMs,
    };
  });
}
