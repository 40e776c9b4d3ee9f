/**
 * The benchmark command line: `pnpm bench [options]` runs methods × problems × sizes
 * and writes results.json, report.md and report.html.
 *
 * @packageDocumentation
 */
import { relative } from 'node:path';
import { METHODS } from '@hessian/optimize';
import { classicProblemNames, scalableProblemNames } from '@hessian/problems';
import { duration, fmt } from './report-data.js';
import { summaryMarkdown } from './report-md.js';
import { defaultConfig, type Progress, runBenchmark } from './runner.js';
import {
  ALL_METHODS,
  ALL_PROBLEMS,
  PROBLEM_GROUPS,
  parseSizes,
  plan,
  selectNames,
} from './select.js';
import type { BenchmarkConfig } from './types.js';
import { writeReports } from './write.js';

/** The default output directory. */
export const DEFAULT_OUT = 'reports/latest';

/** The `--help` text; `benches` are the `*.bench.ts` names the dispatcher knows. */
export function usage(benches: readonly string[] = []): string {
  const d = defaultConfig();
  return `usage: pnpm bench [options]       run the benchmark, write the reports
       pnpm bench <name> [args]    run benchmarks/src/<name>.bench.ts${benches.length ? `\n                                   (${benches.join(', ')})` : ''}

Runs every selected method on every selected problem instance (repeated, timed, traced)
in worker threads, then writes results.json, report.md and report.html to --out.

options (lists are comma-separated; names may be globs such as trust-* or *newton*):
  --methods <list>            methods (default: all ${d.methods.length}); see --list
  --problems <list>           problems or groups classic, scalable, all (default: all)
  --sizes <list>              dimensions of the scalable problems, e.g. 1e3,1e5
                              (default: ${d.sizes.join(',')}); other problems run at their standard dimension
  --repeats <k>               timed repeats per run, median reported (default: ${d.repeats})
  --time-limit <t>            per-run time limit: 10s, 500ms, 2min, or ms (default: ${d.timeLimitMs / 1000}s)
  --max-evaluations <k>       per-run evaluation limit, all kinds (default: ${d.maxEvaluations})
  --max-iterations <k>        per-run iteration limit (default: ${d.maxIterations})
  --gradient-tolerance <t>    stop when ‖g‖∞ <= t (default: ${d.gradientTolerance})
  --dense-limit <n>           skip methods storing an n×n matrix above this n (default: ${d.denseLimit})
  --tau <list>                tolerances of the profiles' convergence test (default: ${d.taus.join(',')})
  --jobs <k>                  worker threads (default: one per core, here ${d.jobs}); 1 runs in-process
  --out <dir>                 where the reports go (default: ${DEFAULT_OUT})
  --list                      list the methods and problems, and exit
  --help                      this text

examples:
  pnpm bench
  pnpm bench --methods lbfgs,trust-ncg --problems rosenbrock,arwhead --sizes 1e3,1e5 --out reports/latest
  pnpm bench --problems classic --methods 'trust-*' --jobs 1`;
}

/** What the command line asks for. */
export interface CliOptions {
  config: BenchmarkConfig;
  out: string;
  help: boolean;
  list: boolean;
}

const VALUE_FLAGS = new Set([
  'methods',
  'problems',
  'sizes',
  'repeats',
  'time-limit',
  'max-evaluations',
  'max-iterations',
  'gradient-tolerance',
  'dense-limit',
  'tau',
  'jobs',
  'out',
]);
const BOOLEAN_FLAGS = new Set(['help', 'list']);

/** A duration such as `10s`, `500ms`, `2min` or a bare number of milliseconds. */
export function parseDuration(text: string, flag = 'time-limit'): number {
  const m = /^\s*([0-9.eE+]+)\s*(ms|s|min)?\s*$/.exec(text);
  const v = m ? Number(m[1]) * (m[2] === 's' ? 1000 : m[2] === 'min' ? 60_000 : 1) : Number.NaN;
  if (!(v > 0))
    throw new RangeError(`--${flag}: expected a duration such as 10s or 500ms, got '${text}'`);
  return v;
}

function positive(text: string, flag: string, integer: boolean): number {
  const v = Number(text);
  if (!(v > 0) || (integer && !Number.isInteger(v)) || !Number.isFinite(v))
    throw new RangeError(
      `--${flag}: expected ${integer ? 'an integer >= 1' : 'a number > 0'}, got '${text}'`,
    );
  return v;
}

/**
 * Parses the command line (`--flag value` or `--flag=value`).
 * @throws RangeError naming the flag for an unknown flag or a bad value
 */
export function parseArgs(args: readonly string[]): CliOptions {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-h') {
      flags.add('help');
      continue;
    }
    if (!a.startsWith('--')) throw new RangeError(`unexpected argument '${a}' (see --help)`);
    const eq = a.indexOf('=');
    const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
    if (BOOLEAN_FLAGS.has(name) && eq < 0) {
      flags.add(name);
      continue;
    }
    if (!VALUE_FLAGS.has(name)) throw new RangeError(`unknown option '--${name}' (see --help)`);
    const value = eq >= 0 ? a.slice(eq + 1) : args[++i];
    if (value === undefined) throw new RangeError(`--${name} needs a value (see --help)`);
    values.set(name, value);
  }
  const config = defaultConfig();
  const v = (k: string) => values.get(k);
  if (v('methods') !== undefined)
    config.methods = selectNames(v('methods')!, ALL_METHODS, 'methods', { all: ALL_METHODS });
  if (v('problems') !== undefined)
    config.problems = selectNames(v('problems')!, ALL_PROBLEMS, 'problems', PROBLEM_GROUPS);
  if (v('sizes') !== undefined) config.sizes = parseSizes(v('sizes')!);
  if (v('repeats') !== undefined) config.repeats = positive(v('repeats')!, 'repeats', true);
  if (v('time-limit') !== undefined) config.timeLimitMs = parseDuration(v('time-limit')!);
  if (v('max-evaluations') !== undefined)
    config.maxEvaluations = positive(v('max-evaluations')!, 'max-evaluations', true);
  if (v('max-iterations') !== undefined)
    config.maxIterations = positive(v('max-iterations')!, 'max-iterations', true);
  if (v('gradient-tolerance') !== undefined)
    config.gradientTolerance = positive(v('gradient-tolerance')!, 'gradient-tolerance', false);
  if (v('dense-limit') !== undefined)
    config.denseLimit = positive(v('dense-limit')!, 'dense-limit', true);
  if (v('tau') !== undefined) {
    config.taus = v('tau')!
      .split(',')
      .filter((s) => s.trim() !== '')
      .map((s) => {
        const t = Number(s);
        if (!(t > 0 && t < 1))
          throw new RangeError(`--tau: expected numbers in (0, 1), got '${s}'`);
        return t;
      });
    if (config.taus.length === 0) throw new RangeError('--tau: the list is empty');
  }
  if (v('jobs') !== undefined) config.jobs = positive(v('jobs')!, 'jobs', true);
  return { config, out: v('out') ?? DEFAULT_OUT, help: flags.has('help'), list: flags.has('list') };
}

/** The `--list` text: methods with what they need, problems by group. */
export function listing(): string {
  const methods = ALL_METHODS.map((m) => {
    const e = (METHODS as Record<string, { needs: string; summary: string }>)[m];
    return `  ${m.padEnd(22)}${e.needs.padEnd(10)}${e.summary}`;
  });
  return [
    'methods (name, needs, summary):',
    ...methods,
    '',
    `classic problems (standard dimension): ${classicProblemNames.join(', ')}`,
    '',
    `scalable problems (run at --sizes): ${scalableProblemNames.join(', ')}`,
  ].join('\n');
}

/** Progress: a bar redrawn on a terminal, one plain line per run otherwise. */
export function progressReporter(
  stream: NodeJS.WriteStream,
  tty = Boolean(stream.isTTY),
): {
  progress: Progress;
  end(): void;
} {
  let last = 0;
  let drawn = false;
  const progress: Progress = ({ done, total, task, outcome, elapsedMs }) => {
    const what = `${task.method} ${task.problem} n=${task.n}`;
    if (!tty) {
      const result =
        outcome.kind === 'skipped'
          ? `skipped: ${outcome.reason}`
          : `${outcome.record.status}, ${outcome.record.iterations} iterations, ${fmt(outcome.record.wallMs)} ms`;
      stream.write(
        `[${String(done).padStart(String(total).length)}/${total}] ${what}: ${result}\n`,
      );
      return;
    }
    const now = performance.now();
    if (done < total && now - last < 100) return;
    last = now;
    const width = 30;
    const filled = Math.round((width * done) / total);
    const eta = done > 0 ? (elapsedMs / done) * (total - done) : 0;
    const cols = stream.columns ?? 100;
    const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${duration(elapsedMs)}${done < total ? `, about ${duration(eta)} left` : ''}  ${what}`;
    stream.write(`\r\x1b[K${line.slice(0, cols - 1)}`);
    drawn = true;
  };
  return {
    progress,
    end: () => {
      if (drawn) stream.write('\n');
    },
  };
}

/**
 * Runs the benchmark from a command line and writes the reports. Returns the exit code.
 * @example await main(['--methods', 'lbfgs', '--problems', 'rosenbrock', '--jobs', '1'])
 */
export async function main(
  args: readonly string[],
  io: { out: NodeJS.WriteStream; err: NodeJS.WriteStream } = {
    out: process.stdout,
    err: process.stderr,
  },
  benches: readonly string[] = [],
): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArgs(args);
  } catch (error) {
    io.err.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  if (options.help) {
    io.out.write(`${usage(benches)}\n`);
    return 0;
  }
  if (options.list) {
    io.out.write(`${listing()}\n`);
    return 0;
  }
  const { config, out } = options;
  const t0 = performance.now();
  const { tasks, skipped } = plan(config);
  io.err.write(
    `hessian benchmark: ${config.methods.length} methods × ${config.problems.length} problems → ${tasks.length} runs (${skipped.length} skipped), ${config.jobs <= 1 ? 'in-process' : `${Math.min(config.jobs, tasks.length)} worker threads`}\n`,
  );
  const reporter = progressReporter(io.err);
  const results = await runBenchmark(config, reporter.progress);
  reporter.end();
  const tr = performance.now();
  const { files, reports } = await writeReports(results, out);
  const total = performance.now() - t0;
  io.out.write(`\n${summaryMarkdown(results, reports.summaries)}\n\n`);
  io.out.write(
    `runs ${duration(results.totalMs)}, reports ${duration(performance.now() - tr)}, total ${duration(total)}\n`,
  );
  const shown = (f: string) => {
    const r = relative(process.cwd(), f);
    return r.startsWith('..') ? f : r;
  };
  io.out.write(`wrote ${files.map(shown).join(', ')}\n`);
  return 0;
}
