/**
 * The strong Wolfe line search of Moré & Thuente (1994), as MINPACK-2 `dcsrch`.
 *
 * @packageDocumentation
 */
import { moreThuenteStep, type UncertaintyInterval } from './more-thuente-step.js';
import { OptionReader } from './options.js';
import { lineSearch } from './protocol-adapter.js';
import type { ScalarOutcome, ScalarProgram } from './scalar.js';
import type { LineSearch } from './types.js';

/** Options of {@link moreThuente}. */
export interface MoreThuenteOptions {
  /** Sufficient decrease constant μ, in (0, 1). Default 1e-4. */
  c1?: number;
  /** Curvature constant η, in [c1, 1). Default 0.9. */
  c2?: number;
  /** Relative width below which the interval of uncertainty counts as too small, in (0, 1). Default 1e-10. */
  xtol?: number;
  /** Smallest step, >= 0. Default 0. */
  alphaMin?: number;
  /** Largest step, > alphaMin (may be Infinity). Default Infinity. */
  alphaMax?: number;
  /** Evaluation limit, an integer >= 1. Default 50. */
  maxEvaluations?: number;
}

interface Settings {
  c1: number;
  c2: number;
  xtol: number;
  alphaMin: number;
  alphaMax: number;
  maxEvaluations: number;
}

const NAME = 'moreThuente';
const XTRAPL = 1.1;
const XTRAPU = 4;

/** The better of the best step stx and the trial (stp, f, g), for a failed search. */
function better(
  iv: UncertaintyInterval,
  stp: number,
  f: number,
  g: number,
  phi0: number,
  slope0: number,
  status: ScalarOutcome['status'],
): ScalarOutcome {
  const useTrial = f < iv.fx && f < phi0;
  if (useTrial) return { alpha: stp, value: f, slope: g, status };
  if (iv.stx > 0 && iv.fx < phi0) return { alpha: iv.stx, value: iv.fx, slope: iv.dx, status };
  return { alpha: 0, value: phi0, slope: slope0, status };
}

function* search(o: Settings, phi0: number, slope0: number, alpha0: number): ScalarProgram {
  const { c1, c2, xtol, alphaMin, alphaMax, maxEvaluations } = o;
  const gtest = c1 * slope0;
  let stp = Math.min(Math.max(alpha0, alphaMin), alphaMax);
  let stage = 1;
  let width = alphaMax - alphaMin;
  let width1 = width / 0.5;
  const iv: UncertaintyInterval = {
    stx: 0,
    fx: phi0,
    dx: slope0,
    sty: 0,
    fy: phi0,
    dy: slope0,
    bracketed: false,
  };
  let stmin = 0;
  let stmax = stp + XTRAPU * stp;
  let cap = Infinity; // the smallest step known to give a non-finite value
  let evaluations = 0;
  /** Extrapolation bounds for the step after `stp`, kept short of `cap`. */
  const extrapolationBounds = () => {
    stmin = stp + XTRAPL * (stp - iv.stx);
    stmax = stp + XTRAPU * (stp - iv.stx);
    if (cap < Infinity) {
      stmax = Math.min(stmax, stp + 0.5 * (cap - stp));
      stmin = Math.min(stmin, stmax);
    }
  };
  for (;;) {
    const trial = yield stp;
    evaluations++;
    const f = trial.value;
    const g = trial.slope;
    if (Number.isNaN(f)) {
      if (evaluations >= maxEvaluations)
        return better(iv, stp, Infinity, g, phi0, slope0, 'non-finite');
      cap = Math.min(cap, stp);
      stp = iv.stx + 0.5 * (stp - iv.stx);
      if (!iv.bracketed) extrapolationBounds();
      continue;
    }
    const ftest = phi0 + stp * gtest;
    if (stage === 1 && f <= ftest && g >= 0) stage = 2;
    if (f <= ftest && Math.abs(g) <= c2 * -slope0)
      return { alpha: stp, value: f, slope: g, status: 'converged' };
    if (
      (stp === alphaMax && f <= ftest && g <= gtest) ||
      (stp === alphaMin && (f > ftest || g >= gtest))
    )
      return better(iv, stp, f, g, phi0, slope0, 'interval-too-small');
    if (evaluations >= maxEvaluations)
      return better(iv, stp, f, g, phi0, slope0, 'max-evaluations');

    if (stage === 1 && f <= iv.fx && f > ftest) {
      // The auxiliary function psi(a) = phi(a) − phi(0) − c1·a·phi'(0) predicts the step.
      iv.fx -= iv.stx * gtest;
      iv.fy -= iv.sty * gtest;
      iv.dx -= gtest;
      iv.dy -= gtest;
      stp = moreThuenteStep(iv, stp, f - stp * gtest, g - gtest, stmin, stmax);
      iv.fx += iv.stx * gtest;
      iv.fy += iv.sty * gtest;
      iv.dx += gtest;
      iv.dy += gtest;
    } else {
      stp = moreThuenteStep(iv, stp, f, g, stmin, stmax);
    }

    if (iv.bracketed) {
      // Bisect when two trials did not shrink the interval by 0.66.
      if (Math.abs(iv.sty - iv.stx) >= 0.66 * width1) stp = iv.stx + 0.5 * (iv.sty - iv.stx);
      width1 = width;
      width = Math.abs(iv.sty - iv.stx);
      stmin = Math.min(iv.stx, iv.sty);
      stmax = Math.max(iv.stx, iv.sty);
    } else {
      extrapolationBounds();
    }
    stp = Math.min(Math.max(stp, alphaMin), alphaMax);
    if (iv.bracketed && (stp <= stmin || stp >= stmax || stmax - stmin <= xtol * stmax))
      return better(iv, stp, Infinity, g, phi0, slope0, 'interval-too-small');
  }
}

/**
 * The line search of Moré & Thuente: a step satisfying the strong Wolfe conditions
 * phi(a) <= phi(0) + c1·a·phi'(0) and |phi'(a)| <= c2·|phi'(0)|, found by safeguarded
 * cubic/quadratic/secant steps on an interval of uncertainty. While no trial has
 * had psi(a) <= 0 and phi'(a) >= 0, it steps on the auxiliary function
 * psi(a) = phi(a) − phi(0) − c1·a·phi'(0); extrapolation steps lie in
 * [a + 1.1(a − a_l), a + 4(a − a_l)]; once bracketed, a bisection step is forced when two
 * trials did not shrink the interval by 0.66; it stops with `interval-too-small` when
 * the interval's relative width falls below `xtol`, rounding blocks progress, or the step
 * is pinned at `alphaMin`/`alphaMax`. A non-finite trial halves the step toward the best
 * point and caps further extrapolation. Uses slopes: it yields `gradient` requests.
 *
 * **Requires** a descent direction (slope0 < 0; else `not-descent`). alpha0 is clamped
 * into [alphaMin, alphaMax].
 * **Options** c1 = 1e-4, c2 = 0.9 (c1 <= c2 allowed, as in the paper's tests), xtol = 1e-10,
 * alphaMin = 0, alphaMax = Infinity, maxEvaluations = 50.
 * **Reference** J. J. Moré and D. J. Thuente, "Line search algorithms with guaranteed
 * sufficient decrease", ACM TOMS 20(3), 1994: §2 (the search for T(μ) via ψ), §3 (the
 * interval updates U1–U3 and the bisection safeguard), §4 (the step, cases 1–4);
 * MINPACK-2 `dcsrch` and `dcstep`.
 * @throws RangeError/TypeError naming the option, e.g. `"moreThuente: c2 must be in [c1, 1), got 0"`
 * @example
 * const ls = moreThuente({ c2: 0.1 });
 * const r = yield* ls.search(x, d, f, dot(g, d), 1, work); // inside a method's program
 */
export function moreThuente(options?: MoreThuenteOptions): LineSearch {
  const r = new OptionReader(NAME, options, [
    'c1',
    'c2',
    'xtol',
    'alphaMin',
    'alphaMax',
    'maxEvaluations',
  ]);
  const c1 = r.open('c1', 1e-4, 0, 1);
  const c2 = r.number('c2', 0.9);
  if (!(c2 >= c1 && c2 < 1)) r.fail('c2', 'in [c1, 1)', c2);
  const xtol = r.open('xtol', 1e-10, 0, 1);
  const alphaMin = r.number('alphaMin', 0);
  if (!(alphaMin >= 0 && alphaMin < Infinity)) r.fail('alphaMin', 'a finite number >= 0', alphaMin);
  const alphaMax = r.number('alphaMax', Infinity);
  if (!(alphaMax > alphaMin)) r.fail('alphaMax', 'greater than alphaMin', alphaMax);
  const maxEvaluations = r.integer('maxEvaluations', 50, 1);
  const settings: Settings = { c1, c2, xtol, alphaMin, alphaMax, maxEvaluations };
  return lineSearch(NAME, true, (phi0, slope0, alpha0) => search(settings, phi0, slope0, alpha0));
}
