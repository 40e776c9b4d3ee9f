/**
 * Choosing what runs: methods and problems by names or patterns, sizes, and the
 * method × problem combinations skipped with a stated reason.
 *
 * @packageDocumentation
 */
import { METHOD_NAMES, METHODS } from '@hessian/optimize';
import { classicProblemNames, getProblem, scalableProblemNames } from '@hessian/problems';
import type { BenchmarkConfig, SkippedRun, Task } from './types.js';

/** Problem groups usable in `--problems`. */
export const PROBLEM_GROUPS: Readonly<Record<string, readonly string[]>> = {
  classic: classicProblemNames,
  scalable: scalableProblemNames,
  all: [...classicProblemNames, ...scalableProblemNames],
};

/** Every method name, in registry order. */
export const ALL_METHODS: readonly string[] = METHOD_NAMES;

/** Every problem name: classic first, then scalable. */
export const ALL_PROBLEMS: readonly string[] = PROBLEM_GROUPS.all;

/** True when `name` matches a pattern: an exact name or a glob with `*` and `?`. */
export function matchesPattern(name: string, pattern: string): boolean {
  if (!/[*?]/.test(pattern)) return name === pattern;
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`).test(name);
}

/**
 * The names a comma-separated list selects, in the order of `all`: each entry is a
 * name, a glob (`trust-*`) or a group. An entry matching nothing is an error.
 * @throws RangeError naming the entry and the available names
 */
export function selectNames(
  list: string,
  all: readonly string[],
  what: string,
  groups: Readonly<Record<string, readonly string[]>> = {},
): string[] {
  const chosen = new Set<string>();
  for (const raw of list.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const group = Object.hasOwn(groups, entry) ? groups[entry] : undefined;
    const hits = group ?? all.filter((name) => matchesPattern(name, entry));
    if (hits.length === 0)
      throw new RangeError(
        `--${what}: '${entry}' matches no ${what.replace(/s$/, '')}; available: ${[...Object.keys(groups), ...all].join(', ')}`,
      );
    for (const h of hits) chosen.add(h);
  }
  if (chosen.size === 0) throw new RangeError(`--${what}: the list is empty`);
  return all.filter((name) => chosen.has(name));
}

/**
 * A positive-integer list such as `1e3,1e5` or `100,10000`.
 * @throws RangeError naming the flag and the bad entry
 */
export function parseSizes(list: string, flag = 'sizes'): number[] {
  const sizes = list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const v = Number(s);
      if (!Number.isInteger(v) || v < 1)
        throw new RangeError(`--${flag}: expected integers >= 1 such as 1e3, got '${s}'`);
      return v;
    });
  if (sizes.length === 0) throw new RangeError(`--${flag}: the list is empty`);
  return [...new Set(sizes)].sort((a, b) => a - b);
}

/** What n×n matrix a method keeps (so that it cannot scale), or undefined for O(n)-storage methods. */
export function denseStorage(method: string): string | undefined {
  const entry = (METHODS as Record<string, { needs: string }>)[method];
  if (entry?.needs === 'hessian') return 'factors a dense n×n Hessian';
  if (method === 'bfgs') return 'stores a dense n×n inverse-Hessian approximation';
  if (method === 'sr1-trust-region') return 'factors a dense n×n SR1 matrix';
  return undefined;
}

/** Why a method cannot run at dimension n above the dense limit, or undefined when it can. */
export function denseReason(method: string, n: number, denseLimit: number): string | undefined {
  const what = denseStorage(method);
  if (n <= denseLimit || what === undefined) return undefined;
  const bytes = 8 * n * n;
  const size =
    bytes >= 1e9
      ? `${(bytes / 1e9).toPrecision(3)} GB`
      : bytes >= 1e6
        ? `${(bytes / 1e6).toPrecision(3)} MB`
        : `${(bytes / 1e3).toPrecision(3)} kB`;
  return `${method} ${what} (${size}, O(n³) per factorization); n = ${n} > --dense-limit ${denseLimit}`;
}

const accepted = new Map<string, { n: number } | { error: string }>();

/**
 * The largest dimension n ≤ size (and ≥ size − 63) that a problem accepts, e.g. 9999 for
 * DIXMAAN (n a multiple of 3) at size 10 000; or the problem's own error message when
 * there is none. Probes by building the problem (once per problem and size).
 */
export function acceptedDimension(
  problem: string,
  size: number,
): { n: number } | { error: string } {
  const key = `${problem}\u0000${size}`;
  const known = accepted.get(key);
  if (known) return known;
  let answer: { n: number } | { error: string } | undefined;
  let first: string | undefined;
  for (let n = size; n >= Math.max(1, size - 63) && !answer; n--) {
    try {
      getProblem(problem, { n });
      answer = { n };
    } catch (error) {
      first ??= error instanceof Error ? error.message : String(error);
      if (!(error instanceof RangeError)) break;
    }
  }
  answer ??= { error: first ?? `${problem}: no dimension accepted near ${size}` };
  accepted.set(key, answer);
  return answer;
}

/** A scalable problem run at another dimension than the size asked for. */
export interface AdjustedSize {
  problem: string;
  requested: number;
  n: number;
}

/**
 * The plan: one task per method × problem instance, and the skipped combinations.
 * Classic problems run once at their standard dimension; scalable problems at each size.
 * Tasks come largest first, so that the slowest runs start early on the workers.
 */
export function plan(config: BenchmarkConfig): {
  tasks: Task[];
  skipped: SkippedRun[];
  adjusted: AdjustedSize[];
} {
  const tasks: Task[] = [];
  const skipped: SkippedRun[] = [];
  const adjusted: AdjustedSize[] = [];
  const scalable = new Set(scalableProblemNames);
  for (const problem of config.problems) {
    const sizes: (number | undefined)[] = scalable.has(problem) ? config.sizes : [undefined];
    const dims = new Set<number>();
    for (const size of sizes) {
      let n: number;
      if (size === undefined) n = getProblem(problem).dimension;
      else {
        const a = acceptedDimension(problem, size);
        if ('error' in a) {
          for (const method of config.methods)
            skipped.push({ method, problem, n: size, reason: a.error });
          continue;
        }
        n = a.n;
        if (n !== size) adjusted.push({ problem, requested: size, n });
      }
      if (dims.has(n)) continue;
      dims.add(n);
      for (const method of config.methods) {
        const reason = denseReason(method, n, config.denseLimit);
        if (reason !== undefined) {
          skipped.push({ method, problem, n, reason });
          continue;
        }
        tasks.push({
          method,
          problem,
          size: size === undefined ? undefined : n,
          n,
          repeats: config.repeats,
          timeLimitMs: config.timeLimitMs,
          maxEvaluations: config.maxEvaluations,
          maxIterations: config.maxIterations,
          gradientTolerance: config.gradientTolerance,
        });
      }
    }
  }
  const weight = (t: Task) =>
    (denseStorage(t.method) !== undefined ? t.n ** 2 : t.n) *
    (t.problem === 'logistic-regression' ? 50 : 1);
  const order = tasks.map((t, i) => ({ t, i, w: weight(t) }));
  order.sort((a, b) => b.w - a.w || a.i - b.i);
  return { tasks: order.map((o) => o.t), skipped, adjusted };
}
