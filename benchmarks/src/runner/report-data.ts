/**
 * The report's text and tables, built once and rendered as Markdown (report.md) and
 * HTML (report.html).
 *
 * @packageDocumentation
 */
import { instanceKey, type MethodSummary, runsByInstance, type SolveCosts } from './analysis.js';
import { REPEAT_BUDGET_MS } from './execute.js';
import { formatTau } from './plots.js';
import { fractionAtMost, performanceProfile } from './profiles.js';
import { defaultConfig } from './runner.js';
import type { BenchmarkResults, Instance } from './types.js';

/** A table: header, rows of cell text, and which columns are numeric (right-aligned). */
export interface Table {
  headers: string[];
  rows: string[][];
  numeric: boolean[];
}

/** A number to `digits` significant digits; exponent form when tiny or huge. */
export function fmt(v: number | null, digits = 3): string {
  if (v === null) return '—';
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  if (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6)
    return v.toExponential(digits - 1).replace('e+', 'e');
  return String(Number(v.toPrecision(digits)));
}

/** An integer with thin grouping for readability (1234567 → 1 234 567). */
export function int(v: number): string {
  return String(Math.round(v)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** Milliseconds as a readable duration: 850 ms, 12.3 s, 2 min 5 s. */
export function duration(ms: number): string {
  if (ms < 1000) return `${fmt(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** The `pnpm bench` command that reproduces a run (flags at their defaults omitted). */
export function commandLine(results: BenchmarkResults): string {
  const c = results.config;
  const d = defaultConfig();
  const parts = ['pnpm bench'];
  const same = (a: readonly unknown[], b: readonly unknown[]) =>
    a.length === b.length && a.every((x, i) => x === b[i]);
  if (!same(c.methods, d.methods)) parts.push(`--methods ${c.methods.join(',')}`);
  if (!same(c.problems, d.problems)) parts.push(`--problems ${c.problems.join(',')}`);
  if (!same(c.sizes, d.sizes)) parts.push(`--sizes ${c.sizes.join(',')}`);
  if (c.repeats !== d.repeats) parts.push(`--repeats ${c.repeats}`);
  if (c.timeLimitMs !== d.timeLimitMs) parts.push(`--time-limit ${c.timeLimitMs}`);
  if (c.maxEvaluations !== d.maxEvaluations) parts.push(`--max-evaluations ${c.maxEvaluations}`);
  if (c.maxIterations !== d.maxIterations) parts.push(`--max-iterations ${c.maxIterations}`);
  if (c.gradientTolerance !== d.gradientTolerance)
    parts.push(`--gradient-tolerance ${c.gradientTolerance}`);
  if (c.denseLimit !== d.denseLimit) parts.push(`--dense-limit ${c.denseLimit}`);
  if (!same(c.taus, d.taus)) parts.push(`--tau ${c.taus.join(',')}`);
  parts.push(`--jobs ${c.jobs}`);
  return parts.join(' ');
}

/** The concurrency of the timings: how many runs overlapped another. */
export function timingNote(results: BenchmarkResults): string {
  const { jobs } = results.config;
  const cores = results.environment.cores;
  const overlapped = results.runs.filter((r) => r.timing.concurrency > 1).length;
  const peak = Math.max(1, ...results.runs.map((r) => r.timing.concurrency));
  if (jobs <= 1 || peak === 1)
    return `Timings: every run ran alone (${jobs <= 1 ? 'in-process, one after another' : `${jobs} workers, no overlap`}).`;
  return `Timings ran concurrently: ${jobs} worker threads on ${cores} cores; ${overlapped} of ${results.runs.length} runs overlapped another run (at most ${peak} at once). The column "conc." gives each run's peak concurrency (1 = it ran alone); concurrent runs share the cores' caches and memory bandwidth, and with more workers than cores they share the cores themselves. For timings free of that, run with --jobs 1.`;
}

/** The setup, as lines of text (backticks mark code). */
export function setupLines(results: BenchmarkResults): string[] {
  const c = results.config;
  const e = results.environment;
  const scalable = new Set(
    results.instances.filter((i) => c.sizes.includes(i.n)).map((i) => i.problem),
  );
  const opts = Object.entries(results.methodOptions)
    .map(([m, o]) => `${m} ${JSON.stringify(o)}`)
    .join('; ');
  return [
    `Command: \`${commandLine(results)}\``,
    `Machine: Node ${e.node}, ${e.platform}, ${e.cpu} (${e.cores} cores), ${e.date.slice(0, 16).replace('T', ' ')} UTC. Benchmark wall time ${duration(results.totalMs)}.`,
    `Methods (${c.methods.length}): ${c.methods.join(', ')}. Options: each method's defaults${opts ? `, except ${opts}` : ''}.`,
    `Problems: ${c.problems.length} (${results.instances.length} instances); scalable problems at n = ${c.sizes.join(', ')}${scalable.size ? '' : ' (none selected)'}, the others at their standard dimension.`,
    ...(results.adjustedSizes.length
      ? [
          `Dimensions adjusted to the largest each problem accepts: ${results.adjustedSizes.map((a) => `${a.problem} ${a.requested} → ${a.n}`).join(', ')}.`,
        ]
      : []),
    `Per run: stop at ‖g‖∞ ≤ ${formatTau(c.gradientTolerance)}, ${c.maxIterations} iterations, ${c.maxEvaluations} evaluations (all kinds) or ${duration(c.timeLimitMs)}; ${c.repeats} repeats, the median wall time reported (a run whose repeats took over ${duration(REPEAT_BUDGET_MS)} is not repeated further). Methods storing an n×n matrix are skipped for n > ${c.denseLimit}.`,
    'Weighted evaluations: a value, a gradient (with its value) and a Hessian-vector product count 1 each; a dense Hessian counts n.',
    `Solved: the Moré–Wild test f ≤ f_L + τ·(f(x0) − f_L) on the run's trace, f_L the best value any method reached, τ = ${c.taus.map(formatTau).join(', ')}. Converged: the run ended with a converged status (‖g‖∞ ≤ ${formatTau(c.gradientTolerance)}, or a method's own test).`,
    timingNote(results),
  ];
}

/** Per method: runs, convergence, problems solved per τ, total evaluations by kind, time. */
export function summaryTable(
  results: BenchmarkResults,
  summaries: readonly MethodSummary[],
): Table {
  const taus = results.config.taus;
  return {
    headers: [
      'method',
      'runs',
      'skipped',
      'errors',
      'converged',
      ...taus.map((t) => `solved τ=${formatTau(t)}`),
      'value evals',
      'gradient evals',
      'Hessian evals',
      'HVP evals',
      'weighted evals',
      'time',
    ],
    rows: summaries.map((s) => [
      s.method,
      String(s.runs),
      String(s.skipped),
      String(s.errors),
      `${s.converged}/${s.runs}`,
      ...s.solved.map((k) => `${k}/${s.instances}`),
      int(s.evaluations.value),
      int(s.evaluations.gradient),
      int(s.evaluations.hessian),
      int(s.evaluations.hvp),
      int(s.cost),
      duration(s.timeMs),
    ]),
    numeric: [
      false,
      true,
      true,
      true,
      true,
      ...taus.map(() => true),
      true,
      true,
      true,
      true,
      true,
      true,
    ],
  };
}

/** The profiles in numbers: ρ(1), ρ(2), ρ(10) by evaluations and by time, and the fraction solved. */
export function profileTable(costs: SolveCosts): Table {
  const e = performanceProfile(costs.evaluations);
  const t = performanceProfile(costs.time);
  const at = (c: { values: number[]; problems: number }, x: number) =>
    fractionAtMost(c.values, x, c.problems).toFixed(2);
  return {
    headers: [
      'method',
      'evals ρ(1)',
      'evals ρ(2)',
      'evals ρ(10)',
      'time ρ(1)',
      'time ρ(2)',
      'time ρ(10)',
      'solved',
    ],
    rows: costs.methods.map((m, s) => [
      m,
      at(e[s], 1),
      at(e[s], 2),
      at(e[s], 10),
      at(t[s], 1),
      at(t[s], 2),
      at(t[s], 10),
      at(e[s], Infinity),
    ]),
    numeric: [false, true, true, true, true, true, true, true],
  };
}

/** One line about an instance: f*, f(x0), f_L, the source. */
export function instanceLine(inst: Instance): string {
  return `f* = ${inst.fstar === null ? 'unknown' : fmt(inst.fstar, 6)}, f(x0) = ${fmt(inst.f0, 6)}, best f found = ${fmt(inst.fBest, 6)}. ${inst.source}`;
}

/** One instance: a row per method (skipped ones with their reason). */
export function instanceTable(results: BenchmarkResults, inst: Instance): Table {
  const runs = runsByInstance(results).get(instanceKey(inst));
  const skips = results.skipped.filter((k) => k.problem === inst.problem && k.n === inst.n);
  const ref = inst.fstar !== null ? 'f − f*' : 'f − f_best';
  const rows: string[][] = [];
  for (const method of results.config.methods) {
    const r = runs?.get(method);
    if (r) {
      rows.push([
        method,
        r.status === 'error' ? `error: ${r.message}` : r.status,
        String(r.iterations),
        String(r.evaluations.value),
        String(r.evaluations.gradient),
        String(r.evaluations.hessian),
        String(r.evaluations.hvp),
        String(r.cost),
        fmt(r.fError),
        fmt(r.gradientNorm),
        fmt(r.wallMs),
        String(r.timing.concurrency),
      ]);
      continue;
    }
    const k = skips.find((s) => s.method === method);
    if (k)
      rows.push([
        method,
        `skipped: ${k.reason.split(' (')[0]}`,
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
      ]);
  }
  return {
    headers: [
      'method',
      'status',
      'iter',
      'f evals',
      'g evals',
      'H evals',
      'Hv evals',
      'weighted',
      ref,
      '‖g‖∞',
      'time (ms)',
      'conc.',
    ],
    rows,
    numeric: [false, false, true, true, true, true, true, true, true, true, true, true],
  };
}

/** Every skipped combination with its reason. */
export function skippedTable(results: BenchmarkResults): Table {
  return {
    headers: ['method', 'problem', 'n', 'reason'],
    rows: results.skipped.map((k) => [k.method, k.problem, String(k.n), k.reason]),
    numeric: [false, false, true, false],
  };
}
