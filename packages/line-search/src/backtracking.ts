/**
 * Backtracking (Armijo) line search with safeguarded interpolation.
 *
 * @packageDocumentation
 */
import { cubicMinimizerFromValues, quadraticMinimizer } from './interpolation.js';
import { OptionReader } from './options.js';
import { lineSearch } from './protocol-adapter.js';
import { failure, type LinePoint, type ScalarProgram } from './scalar.js';
import type { LineSearch } from './types.js';

/** How {@link backtracking} chooses the next, shorter trial. */
export type BacktrackingInterpolation = 'cubic' | 'quadratic' | 'none';

/** Options of {@link backtracking}. */
export interface BacktrackingOptions {
  /** Sufficient decrease (Armijo) constant, in (0, 1). Default 1e-4. */
  c1?: number;
  /** Smallest contraction factor per step, in (0, rhoHigh]. Default 0.1. */
  rhoLow?: number;
  /** Largest contraction factor per step, in [rhoLow, 1). Default 0.5. */
  rhoHigh?: number;
  /** 'cubic' (quadratic first, then cubic on the last two trials), 'quadratic', or 'none' (always rhoHigh). Default 'cubic'. */
  interpolation?: BacktrackingInterpolation;
  /** Ask for values only (no gradients, no slopes: `usesSlope` false). Default false. */
  valueOnly?: boolean;
  /** Evaluation limit, an integer >= 1. Default 50. */
  maxEvaluations?: number;
}

interface Settings {
  c1: number;
  rhoLow: number;
  rhoHigh: number;
  interpolation: BacktrackingInterpolation;
  maxEvaluations: number;
}

const NAME = 'backtracking';

/**
 * The next backtracking trial after alpha failed the Armijo test: the minimizer of the
 * quadratic (first) or cubic (later) interpolant, kept in [rhoLow·alpha, rhoHigh·alpha].
 *
 * **Requires** alpha > 0 with value > phi0 + c1·alpha·slope0; prevAlpha NaN when there is
 * no earlier finite trial.
 * **Reference** Nocedal & Wright (2006), §3.5, eqs. (3.57)–(3.58) and the safeguard below them.
 * @example backtrackingStep(0, -1, 1, 1, NaN, NaN, 'cubic', 0.1, 0.5) // 0.25
 */
export function backtrackingStep(
  phi0: number,
  slope0: number,
  alpha: number,
  value: number,
  prevAlpha: number,
  prevValue: number,
  interpolation: BacktrackingInterpolation,
  rhoLow: number,
  rhoHigh: number,
): number {
  const lo = rhoLow * alpha;
  const hi = rhoHigh * alpha;
  if (interpolation === 'none') return hi;
  let next = Number.NaN;
  if (interpolation === 'cubic' && prevAlpha > 0)
    next = cubicMinimizerFromValues(phi0, slope0, prevAlpha, prevValue, alpha, value);
  if (Number.isNaN(next)) next = quadraticMinimizer(0, phi0, slope0, alpha, value);
  if (Number.isNaN(next)) return hi;
  return Math.min(Math.max(next, lo), hi);
}

function* search(o: Settings, phi0: number, slope0: number, alpha0: number): ScalarProgram {
  const { c1, rhoLow, rhoHigh, interpolation, maxEvaluations } = o;
  let alpha = alpha0;
  let prevAlpha = Number.NaN;
  let prevValue = Number.NaN;
  let best: LinePoint = { alpha: 0, value: phi0, slope: slope0 };
  for (let evaluations = 1; ; evaluations++) {
    const t = yield alpha;
    const f = t.value;
    if (Number.isNaN(f)) {
      if (evaluations >= maxEvaluations) return failure(best, phi0, slope0, 'non-finite');
      prevAlpha = Number.NaN;
      alpha *= rhoHigh;
    } else {
      if (f <= phi0 + c1 * alpha * slope0)
        return { alpha, value: f, slope: t.slope, status: 'converged' };
      if (f < best.value) best = { alpha, value: f, slope: t.slope };
      if (evaluations >= maxEvaluations) return failure(best, phi0, slope0, 'max-evaluations');
      const next = backtrackingStep(
        phi0,
        slope0,
        alpha,
        f,
        prevAlpha,
        prevValue,
        interpolation,
        rhoLow,
        rhoHigh,
      );
      prevAlpha = alpha;
      prevValue = f;
      alpha = next;
    }
    // The predicted decrease is lost in the rounding of phi(0): no trial can be told apart.
    if (alpha * -slope0 <= Number.EPSILON * Math.abs(phi0) || !(alpha > 0))
      return failure(best, phi0, slope0, 'interval-too-small');
  }
}

/**
 * Backtracking line search: tries alpha0, then shorter steps until the Armijo
 * (sufficient decrease) condition phi(a) <= phi(0) + c1·a·phi'(0) holds. Each new trial
 * minimizes the quadratic interpolant of phi(0), phi'(0), phi(a) (first) or the cubic one
 * through the last two trials (later), safeguarded into [rhoLow·a, rhoHigh·a]. A
 * non-finite trial shrinks the step by rhoHigh. Stops with `interval-too-small` when
 * a·|phi'(0)| falls below the rounding of phi(0). With `valueOnly` it yields `value`
 * requests only, and the result's slope is NaN.
 *
 * **Requires** a descent direction (slope0 < 0; else `not-descent`). Converged steps
 * satisfy the Armijo condition only (no curvature condition).
 * **Options** c1 = 1e-4, rhoLow = 0.1, rhoHigh = 0.5, interpolation = 'cubic',
 * valueOnly = false, maxEvaluations = 50.
 * **Reference** Nocedal & Wright, Numerical Optimization, 2nd ed. (2006), Algorithm 3.1 and
 * §3.5 (eqs. (3.57), (3.58), safeguards); Dennis & Schnabel (1983), Algorithm A6.3.1.
 * @throws RangeError/TypeError naming the option, e.g. `"backtracking: c1 must be in (0, 1), got 0"`
 * @example
 * const ls = backtracking({ valueOnly: true });
 * const r = yield* ls.search(x, d, f, dot(g, d), 1, work); // inside a method's program
 */
export function backtracking(options?: BacktrackingOptions): LineSearch {
  const r = new OptionReader(NAME, options, [
    'c1',
    'rhoLow',
    'rhoHigh',
    'interpolation',
    'valueOnly',
    'maxEvaluations',
  ]);
  const c1 = r.open('c1', 1e-4, 0, 1);
  const rhoLow = r.open('rhoLow', 0.1, 0, 1);
  const rhoHigh = r.number('rhoHigh', 0.5);
  if (!(rhoHigh >= rhoLow && rhoHigh < 1)) r.fail('rhoHigh', 'in [rhoLow, 1)', rhoHigh);
  const interpolation = r.choice<BacktrackingInterpolation>('interpolation', 'cubic', [
    'cubic',
    'quadratic',
    'none',
  ]);
  const valueOnly = r.boolean('valueOnly', false);
  const maxEvaluations = r.integer('maxEvaluations', 50, 1);
  const settings: Settings = { c1, rhoLow, rhoHigh, interpolation, maxEvaluations };
  return lineSearch(NAME, !valueOnly, (phi0, slope0, alpha0) =>
    search(settings, phi0, slope0, alpha0),
  );
}
