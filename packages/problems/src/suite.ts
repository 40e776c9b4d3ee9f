/**
 * The shared method suite: runs a method on the problem library with vitest and
 * asserts that it reaches f* (or a stationary point where the problem has several
 * minima, or where f* is unknown) within stated tolerances. Every skipped problem
 * and every convergence exception is named and explained, as in Optim.jl's
 * `run_optim_tests`.
 *
 * Import it from `@hessian/problems/suite` in a test file; it imports vitest, the
 * main entry does not.
 *
 * @packageDocumentation
 */
import { CONVERGED_STATUSES, type Method, type Result, type RunOptions, run } from '@hessian/core';
import { describe, expect, it } from 'vitest';
import { getProblem } from './registry.js';

export { type RecordedRun, recordRun } from './record-run.js';

import type { ProblemOptions, TestProblem } from './types.js';

/**
 * What the suite asserts on a problem: `'optimum'`, |f − f*| ≤ valueTolerance·max(scale, |f*|);
 * `'stationary'`, ‖∇f‖∞ ≤ gradientTolerance·scale and f ≤ f(x0) (for problems with
 * several local minima, or without a known f*).
 */
export type SuiteExpectation = 'optimum' | 'stationary';

/** One problem of the suite. */
export interface SuiteProblem {
  /** The problem's name in {@link getProblem}; also the key of `skip` and `convergenceExceptions`. */
  readonly name: string;
  /** Options for {@link getProblem} (the suite's sizes are small). */
  readonly options?: ProblemOptions;
  readonly expect: SuiteExpectation;
  /**
   * The magnitude of f and ∇f near the solution (default 1): the gradient tolerance is
   * `gradientTolerance·scale` and the value tolerance `valueTolerance·max(scale, |f*|)`.
   */
  readonly scale?: number;
  /** Why the entry is not a plain `'optimum'` at scale 1, when it is not. */
  readonly note?: string;
}

/**
 * The default suite: every problem of the library at a small size, each solved by a
 * good second-order method in well under a second.
 */
export const defaultSuiteProblems: readonly SuiteProblem[] = Object.freeze([
  { name: 'rosenbrock', expect: 'optimum' },
  {
    name: 'freudenstein-roth',
    expect: 'stationary',
    note: 'a local minimum f = 48.9842… attracts most methods from x0; f* = 0 at (5, 4)',
  },
  { name: 'powell-badly-scaled', expect: 'optimum' },
  { name: 'brown-badly-scaled', expect: 'optimum' },
  { name: 'beale', expect: 'optimum' },
  { name: 'helical-valley', expect: 'optimum' },
  { name: 'bard', expect: 'optimum' },
  {
    name: 'gaussian',
    expect: 'optimum',
    scale: 1e-6,
    note: 'f(x0) ≈ 3.9e-6 and f* ≈ 1.1e-8: tolerances scaled to the problem',
  },
  { name: 'box-3d', expect: 'optimum' },
  { name: 'powell-singular', expect: 'optimum' },
  { name: 'wood', expect: 'optimum' },
  {
    name: 'biggs-exp6',
    expect: 'stationary',
    note: 'a local minimum f = 5.65565…e-3 besides f* = 0',
  },
  { name: 'watson', options: { n: 6 }, expect: 'optimum' },
  { name: 'penalty-1', options: { n: 10 }, expect: 'optimum' },
  { name: 'penalty-2', options: { n: 10 }, expect: 'optimum' },
  { name: 'variably-dimensioned', options: { n: 10 }, expect: 'optimum' },
  {
    name: 'trigonometric',
    options: { n: 10 },
    expect: 'stationary',
    note: 'local minima with f > 0 (f = 2.79506…e-5 for n = 10) besides f* = 0',
  },
  {
    name: 'brown-almost-linear',
    options: { n: 10 },
    expect: 'stationary',
    note: 'a local minimum f = 1 at (0, …, 0, n + 1) besides f* = 0',
  },
  { name: 'discrete-boundary-value', options: { n: 10 }, expect: 'optimum' },
  { name: 'broyden-tridiagonal', options: { n: 10 }, expect: 'optimum' },
  { name: 'himmelblau', expect: 'optimum' },
  { name: 'quadratic', options: { n: 10, condition: 100, seed: 1 }, expect: 'optimum' },
  { name: 'extended-rosenbrock', options: { n: 20 }, expect: 'optimum' },
  { name: 'chained-rosenbrock', options: { n: 20 }, expect: 'optimum' },
  { name: 'arwhead', options: { n: 20 }, expect: 'optimum' },
  { name: 'bdqrtic', options: { n: 20 }, expect: 'stationary', note: 'f* unknown' },
  { name: 'tridia', options: { n: 20 }, expect: 'optimum' },
  { name: 'dixmaana', options: { n: 30 }, expect: 'optimum' },
  { name: 'dixmaanb', options: { n: 30 }, expect: 'optimum' },
  { name: 'dixmaanc', options: { n: 30 }, expect: 'optimum' },
  { name: 'dixmaand', options: { n: 30 }, expect: 'optimum' },
  { name: 'powellsg', options: { n: 20 }, expect: 'optimum' },
  { name: 'nondquar', options: { n: 20 }, expect: 'optimum' },
  { name: 'engval1', options: { n: 20 }, expect: 'stationary', note: 'f* unknown' },
  { name: 'fletchcr', options: { n: 20 }, expect: 'optimum' },
  {
    name: 'logistic-regression',
    options: { m: 100, n: 10, lambda: 1e-2, seed: 1 },
    expect: 'stationary',
    note: 'f* unknown (strictly convex: the stationary point is the minimizer)',
  },
] satisfies SuiteProblem[]);

/** Options of {@link runSuite}. */
export interface SuiteOptions {
  /**
   * The problems to run (default: all of {@link defaultSuiteProblems}): names, taken in the
   * default suite's order with its sizes and expectations, and custom entries (a
   * {@link SuiteProblem}, e.g. another size), run after them in the order given. A name
   * not in the default suite runs at its default size, expecting `'optimum'` when it has
   * an f*.
   */
  problems?: readonly (string | SuiteProblem)[];
  /** Problems not run at all, each with the reason (shown as a skipped test). */
  skip?: Readonly<Record<string, string>>;
  /**
   * Problems the method is known not to solve, each with the reason: they still run,
   * and must end with a finite f ≤ f(x0), but convergence is not asserted.
   */
  convergenceExceptions?: Readonly<Record<string, string>>;
  /** Passed to core's `run`, over the suite's (`gradientTolerance`, `maxIterations` 1000). */
  runOptions?: RunOptions;
  /** Relative tolerance on |f − f*| (default 1e-6). */
  valueTolerance?: number;
  /** Tolerance on ‖∇f‖∞, times each problem's scale (default 1e-6). */
  gradientTolerance?: number;
}

/** A planned suite case: what {@link runSuite} will run and assert. */
export interface SuiteCase {
  readonly name: string;
  /** The test title: the name and any options. */
  readonly label: string;
  readonly options: ProblemOptions;
  readonly expect: SuiteExpectation;
  /** Relative tolerance on f: |f − f*| ≤ valueTolerance·max(scale, |f*|). */
  readonly valueTolerance: number;
  /** The problem's scale (see {@link SuiteProblem}). */
  readonly scale: number;
  /** Tolerance on ‖∇f‖∞, already multiplied by the scale. */
  readonly gradientTolerance: number;
  /** Set when the case is skipped: why. */
  readonly skip?: string;
  /** Set when convergence is not asserted: why. */
  readonly convergenceException?: string;
  readonly runOptions: RunOptions;
}

function checkReasons(
  what: 'skip' | 'convergenceExceptions',
  reasons: Readonly<Record<string, string>> | undefined,
  names: readonly string[],
): void {
  if (reasons === undefined) return;
  if (typeof reasons !== 'object' || reasons === null)
    throw new TypeError(`runSuite: options.${what} must be an object, got ${String(reasons)}`);
  for (const [name, why] of Object.entries(reasons)) {
    if (!names.includes(name))
      throw new RangeError(
        `runSuite: options.${what} names '${name}', which is not in the suite (${names.join(', ')})`,
      );
    if (typeof why !== 'string' || why.trim() === '')
      throw new TypeError(
        `runSuite: options.${what}['${name}'] must explain why, got ${String(why)}`,
      );
  }
}

function reasonFor(
  reasons: Readonly<Record<string, string>> | undefined,
  name: string,
): string | undefined {
  return reasons !== undefined && Object.hasOwn(reasons, name) ? reasons[name] : undefined;
}

function positive(name: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !(v > 0) || v === Infinity)
    throw new RangeError(`runSuite: options.${name} must be a finite number > 0, got ${String(v)}`);
  return v;
}

function labelOf(name: string, options: ProblemOptions): string {
  const parts = Object.entries(options).map(([k, v]) => `${k}=${v}`);
  return parts.length === 0 ? name : `${name} (${parts.join(', ')})`;
}

/**
 * The cases {@link runSuite} runs, with their tolerances, skips and exceptions: the
 * selection logic alone, without vitest.
 *
 * @throws RangeError for a name not in the library, a `skip` or `convergenceExceptions`
 *   key not in the selected problems, or a bad tolerance; TypeError for a missing reason
 * @example suiteCases({ problems: ['rosenbrock'] })[0].gradientTolerance // 1e-6
 */
export function suiteCases(options: SuiteOptions = {}): SuiteCase[] {
  const valueTolerance = positive('valueTolerance', options.valueTolerance, 1e-6);
  const gradientTolerance = positive('gradientTolerance', options.gradientTolerance, 1e-6);
  let entries: SuiteProblem[];
  if (options.problems === undefined) entries = [...defaultSuiteProblems];
  else {
    if (!Array.isArray(options.problems))
      throw new TypeError('runSuite: options.problems must be an array of names and entries');
    const wanted = new Set(options.problems.filter((p) => typeof p === 'string'));
    entries = defaultSuiteProblems.filter((e) => wanted.has(e.name));
    for (const p of options.problems) {
      if (typeof p === 'string') {
        if (entries.some((e) => e.name === p)) continue;
        const problem = getProblem(p); // throws for an unknown name
        entries.push({ name: p, expect: problem.fstar === undefined ? 'stationary' : 'optimum' });
      } else {
        if (
          typeof p !== 'object' ||
          p === null ||
          typeof p.name !== 'string' ||
          (p.expect !== 'optimum' && p.expect !== 'stationary')
        )
          throw new TypeError(
            "runSuite: options.problems must hold names or { name, expect: 'optimum' | 'stationary' } entries",
          );
        getProblem(p.name, p.options); // throws for an unknown name or bad options
        entries.push(p);
      }
    }
  }
  const names = entries.map((e) => e.name);
  checkReasons('skip', options.skip, names);
  checkReasons('convergenceExceptions', options.convergenceExceptions, names);
  return entries.map((e) => {
    const scale = e.scale ?? 1;
    const problemOptions = e.options ?? {};
    // An explicit runOptions.gradientTolerance is the one the run and the check use.
    const gtol = options.runOptions?.gradientTolerance ?? gradientTolerance * scale;
    const c: SuiteCase = {
      name: e.name,
      label: labelOf(e.name, problemOptions),
      options: problemOptions,
      expect: e.expect,
      valueTolerance,
      scale,
      gradientTolerance: gtol,
      runOptions: { gradientTolerance: gtol, maxIterations: 1000, ...options.runOptions },
    };
    const skip = reasonFor(options.skip, e.name);
    const exception = reasonFor(options.convergenceExceptions, e.name);
    return {
      ...c,
      ...(skip !== undefined && { skip }),
      ...(exception !== undefined && { convergenceException: exception }),
    };
  });
}

/**
 * Why a run does not meet its case, or undefined when it does: the assertion of
 * {@link runSuite} as a pure function. Every case needs a finite f ≤ f(x0); unless it is
 * a convergence exception, also a converged status and, for `'optimum'`,
 * |f − f*| ≤ valueTolerance·max(scale, |f*|), for `'stationary'` (or without f*),
 * ‖∇f‖∞ ≤ gradientTolerance.
 * @example suiteFailure(c, problem, run(method, problem, problem.x0, c.runOptions)) // undefined when met
 */
export function suiteFailure(c: SuiteCase, problem: TestProblem, r: Result): string | undefined {
  const f0 = problem.value(problem.x0);
  const at = `status ${r.status} after ${r.iterations} iterations, f = ${r.value}, ‖g‖∞ = ${r.gradientNorm}`;
  if (!Number.isFinite(r.value)) return `f is not finite (${at})`;
  if (r.value > f0) return `f = ${r.value} is above f(x0) = ${f0} (${at})`;
  if (c.convergenceException !== undefined) return undefined;
  if (!CONVERGED_STATUSES.has(r.status)) return `did not converge: ${r.message} (${at})`;
  if (c.expect === 'optimum' && problem.fstar !== undefined) {
    const allowed = c.valueTolerance * Math.max(c.scale, Math.abs(problem.fstar));
    const error = Math.abs(r.value - problem.fstar);
    return error <= allowed
      ? undefined
      : `|f − f*| = ${error} > ${allowed} with f* = ${problem.fstar} (${at})`;
  }
  return r.gradientNorm <= c.gradientTolerance
    ? undefined
    : `‖g‖∞ = ${r.gradientNorm} > ${c.gradientTolerance} at the point returned (${at})`;
}

/**
 * Runs `makeMethod()` on every problem of the suite from its x0 with core's `run`, one
 * vitest test per problem (`describe.each`), and asserts what {@link suiteFailure} says.
 *
 * **Requires** a vitest context (call it at the top level of a test file).
 * **Options** see {@link SuiteOptions}: `problems` (default: {@link defaultSuiteProblems}),
 * `skip` and `convergenceExceptions` (name → why), `runOptions`, `valueTolerance` 1e-6,
 * `gradientTolerance` 1e-6 (times each problem's scale).
 * **Reference** Optim.jl, `test/general/optimize.jl` (`run_optim_tests`): the same
 * problem set for every method, with named, explained exceptions.
 * @throws RangeError/TypeError at once for a bad option (see {@link suiteCases})
 * @example
 * runSuite('newton', () => newton(), {
 *   convergenceExceptions: { 'powell-badly-scaled': 'needs more than 1000 iterations' },
 * });
 */
export function runSuite(name: string, makeMethod: () => Method, options: SuiteOptions = {}): void {
  if (typeof makeMethod !== 'function')
    throw new TypeError(
      `runSuite: makeMethod must be a function returning a Method, got ${typeof makeMethod}`,
    );
  const cases = suiteCases(options);
  describe(`${name} on the problem suite`, () => {
    describe.each(cases)('$label', (c) => {
      if (c.skip !== undefined) {
        it.skip(`skipped: ${c.skip}`, () => {});
        return;
      }
      const title =
        c.convergenceException !== undefined
          ? `runs without crashing (convergence exception: ${c.convergenceException})`
          : c.expect === 'optimum'
            ? 'reaches f*'
            : 'reaches a stationary point';
      it(title, () => {
        const problem = getProblem(c.name, c.options);
        const r = run(makeMethod(), problem, problem.x0, c.runOptions);
        expect(suiteFailure(c, problem, r)).toBeUndefined();
      });
    });
  });
}
