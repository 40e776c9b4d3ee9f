/**
 * The approximate Wolfe line search of Hager & Zhang (CG_DESCENT).
 *
 * @packageDocumentation
 */
import { secantMinimizer } from './interpolation.js';
import { OptionReader } from './options.js';
import { lineSearch } from './protocol-adapter.js';
import { failure, type LinePoint, type ScalarOutcome, type ScalarProgram } from './scalar.js';
import type { LineSearch, LineSearchStatus } from './types.js';

/** Options of {@link hagerZhang}. */
export interface HagerZhangOptions {
  /** Sufficient decrease constant δ, in (0, 0.5). Default 0.1. */
  delta?: number;
  /** Curvature constant σ, in [delta, 1). Default 0.9. */
  sigma?: number;
  /** Relative error allowed in phi by the approximate Wolfe conditions: ε_k = epsilon·|phi(0)|, >= 0. Default 1e-6. */
  epsilon?: number;
  /** Where the interval update U3 cuts [a, b], in (0, 1). Default 0.5 (bisection). */
  theta?: number;
  /** Bisect when secant² did not shrink the interval to gamma of its width, in (0, 1). Default 0.66. */
  gamma?: number;
  /** Expansion factor of the bracketing phase, > 1. Default 5. */
  rho?: number;
  /** Evaluation limit, an integer >= 1. Default 50. */
  maxEvaluations?: number;
  /**
   * Which termination test accepts a step: 'either' (T1 or T2, as in HZ 2005 §4 and
   * LineSearches.jl), 'approximate' (T2 only: CG_DESCENT's AWolfe = true) or 'wolfe'
   * (T1 only: AWolfe = false). Default 'either'.
   */
  conditions?: HagerZhangConditions;
}

/** The termination tests of {@link hagerZhang}: T1 (Wolfe), T2 (approximate Wolfe), or either. */
export type HagerZhangConditions = 'either' | 'wolfe' | 'approximate';

interface Settings {
  delta: number;
  sigma: number;
  epsilon: number;
  theta: number;
  gamma: number;
  rho: number;
  maxEvaluations: number;
  conditions: HagerZhangConditions;
}

const NAME = 'hagerZhang';

type Interval = readonly [LinePoint, LinePoint];
type Phase<T> = Generator<number, T | ScalarOutcome, { value: number; slope: number }>;

function isOutcome(v: unknown): v is ScalarOutcome {
  return (v as ScalarOutcome).status !== undefined;
}

/**
 * True when the point (alpha, value, slope) passes the termination test of Hager & Zhang:
 * (T1) the Wolfe conditions value − phi0 <= delta·alpha·slope0 and slope >= sigma·slope0;
 * (T2) the approximate Wolfe conditions sigma·slope0 <= slope <= (2·delta − 1)·slope0 and
 * value <= fLimit, where fLimit = phi0 + ε_k; `conditions` picks T1, T2 or either.
 *
 * **Requires** slope0 < 0, 0 < delta <= sigma < 1.
 * **Reference** Hager & Zhang (2005), §4, termination conditions (T1) and (T2).
 * @example hagerZhangConditions(1, -1, 0, 0, -1, 0.1, 0.9, 0) // true (both T1 and T2)
 */
export function hagerZhangConditions(
  alpha: number,
  value: number,
  slope: number,
  phi0: number,
  slope0: number,
  delta: number,
  sigma: number,
  fLimit: number,
  conditions: HagerZhangConditions = 'either',
): boolean {
  if (!(slope >= sigma * slope0)) return false;
  if (conditions !== 'approximate' && value - phi0 <= delta * alpha * slope0) return true;
  return conditions !== 'wolfe' && (2 * delta - 1) * slope0 >= slope && value <= fLimit;
}

function* search(o: Settings, phi0: number, slope0: number, alpha0: number): ScalarProgram {
  const { delta, sigma, epsilon, theta, gamma, rho, maxEvaluations, conditions } = o;
  const fLimit = phi0 + epsilon * Math.abs(phi0);
  const origin: LinePoint = { alpha: 0, value: phi0, slope: slope0 };
  let best = origin;
  let evaluations = 0;
  let cap = Infinity; // the smallest step known to give a non-finite value
  const fail = (status: LineSearchStatus) => failure(best, phi0, slope0, status);
  const tooSmall = (a: LinePoint, b: LinePoint) =>
    b.alpha - a.alpha <= 4 * Number.EPSILON * b.alpha;

  /** Evaluates at c (halving toward lo while non-finite); ends the search on T1/T2. */
  function* probe(c: number, lo: number): Phase<LinePoint> {
    for (;;) {
      if (evaluations >= maxEvaluations) return fail('max-evaluations');
      const t = yield c;
      evaluations++;
      if (!Number.isNaN(t.value)) {
        const p: LinePoint = { alpha: c, value: t.value, slope: t.slope };
        if (
          hagerZhangConditions(c, p.value, p.slope, phi0, slope0, delta, sigma, fLimit, conditions)
        )
          return { alpha: c, value: p.value, slope: p.slope, status: 'converged' };
        if (p.value < best.value) best = p;
        return p;
      }
      if (evaluations >= maxEvaluations) return fail('non-finite');
      cap = Math.min(cap, c);
      c = lo + 0.5 * (c - lo);
    }
  }

  /** U3 (a)–(c): shrink [a, b] (phi'(b) < 0, phi(b) > fLimit) until phi'(b) >= 0. */
  function* shrink(a: LinePoint, b: LinePoint): Phase<Interval> {
    for (;;) {
      if (tooSmall(a, b)) return fail('interval-too-small');
      const d = yield* probe((1 - theta) * a.alpha + theta * b.alpha, a.alpha);
      if (isOutcome(d)) return d;
      if (d.slope >= 0) return [a, d];
      if (d.value <= fLimit) a = d;
      else b = d;
    }
  }

  /** The interval update U0–U3 with the trial c. */
  function* update(a: LinePoint, b: LinePoint, c: number): Phase<Interval> {
    if (!(c > a.alpha && c < b.alpha)) return [a, b];
    const p = yield* probe(c, a.alpha);
    if (isOutcome(p)) return p;
    if (p.slope >= 0) return [a, p];
    if (p.value <= fLimit) return [p, b];
    return yield* shrink(a, p);
  }

  /** secant²: S1–S4. */
  function* secant2(a: LinePoint, b: LinePoint): Phase<Interval> {
    const c = secantMinimizer(a.alpha, a.slope, b.alpha, b.slope);
    const r = yield* update(a, b, c);
    if (isOutcome(r)) return r;
    const [A, B] = r;
    if (B.alpha === c && B !== b)
      return yield* update(A, B, secantMinimizer(b.alpha, b.slope, c, B.slope));
    if (A.alpha === c && A !== a)
      return yield* update(A, B, secantMinimizer(a.alpha, a.slope, c, A.slope));
    return r;
  }

  // Bracket: B0–B3.
  let c = alpha0;
  let good = origin; // the last trial with phi' < 0 and phi <= fLimit
  let interval: Interval;
  for (;;) {
    const p = yield* probe(c, good.alpha);
    if (isOutcome(p)) return p;
    if (p.slope >= 0) {
      interval = [good, p];
      break;
    }
    if (p.value > fLimit) {
      const r = yield* shrink(origin, p);
      if (isOutcome(r)) return r;
      interval = r;
      break;
    }
    good = p;
    c = rho * p.alpha;
    if (c >= cap) c = p.alpha + 0.5 * (cap - p.alpha);
  }
  // L1–L3.
  for (;;) {
    const [a, b] = interval;
    if (tooSmall(a, b)) return fail('interval-too-small');
    const r = yield* secant2(a, b);
    if (isOutcome(r)) return r;
    interval = r;
    const [A, B] = r;
    if (B.alpha - A.alpha > gamma * (b.alpha - a.alpha)) {
      const s = yield* update(A, B, 0.5 * (A.alpha + B.alpha));
      if (isOutcome(s)) return s;
      interval = s;
    }
  }
}

/**
 * The line search of Hager & Zhang: a step satisfying the Wolfe conditions (T1)
 * phi(a) − phi(0) <= delta·a·phi'(0), phi'(a) >= sigma·phi'(0), or the approximate
 * Wolfe conditions (T2) sigma·phi'(0) <= phi'(a) <= (2·delta − 1)·phi'(0) with
 * phi(a) <= phi(0) + epsilon·|phi(0)|, which stay testable where rounding hides the
 * decrease. It brackets by expansion (B0–B3), then alternates the double secant step
 * secant² (S1–S4) with the interval update (U0–U3), bisecting when an iteration did not
 * shrink the interval to gamma of its width (L0–L3). A non-finite trial halves the step
 * toward the last good point. Uses slopes: it yields `gradient` requests. The returned
 * value may exceed phi(0) by at most epsilon·|phi(0)| (T2).
 *
 * **Requires** a descent direction (slope0 < 0; else `not-descent`).
 * **Options** delta = 0.1, sigma = 0.9, epsilon = 1e-6, theta = 0.5, gamma = 0.66 (CG_DESCENT's
 * defaults), rho = 5, maxEvaluations = 50, conditions = 'either'.
 * **Reference** W. W. Hager and H. Zhang, "A new conjugate gradient method with guaranteed
 * descent and an efficient line search", SIAM J. Optim. 16(1), 2005, §4 (conditions
 * (T1)/(T2), update U0–U3, secant² S1–S4, line search L0–L3); "Algorithm 851: CG_DESCENT",
 * ACM TOMS 32(1), 2006, §3 (bracket B0–B3, parameters).
 * @throws RangeError/TypeError naming the option, e.g. `"hagerZhang: sigma must be in [delta, 1), got 0.05"`
 * @example
 * const ls = hagerZhang();
 * const r = yield* ls.search(x, d, f, dot(g, d), alpha0, work); // inside a method's program
 */
export function hagerZhang(options?: HagerZhangOptions): LineSearch {
  const r = new OptionReader(NAME, options, [
    'delta',
    'sigma',
    'epsilon',
    'theta',
    'gamma',
    'rho',
    'maxEvaluations',
    'conditions',
  ]);
  const delta = r.open('delta', 0.1, 0, 0.5);
  const sigma = r.number('sigma', 0.9);
  if (!(sigma >= delta && sigma < 1)) r.fail('sigma', 'in [delta, 1)', sigma);
  const epsilon = r.number('epsilon', 1e-6);
  if (!(epsilon >= 0 && epsilon < Infinity)) r.fail('epsilon', 'a finite number >= 0', epsilon);
  const theta = r.open('theta', 0.5, 0, 1);
  const gamma = r.open('gamma', 0.66, 0, 1);
  const rho = r.number('rho', 5);
  if (!(rho > 1 && rho < Infinity)) r.fail('rho', 'a finite number > 1', rho);
  const maxEvaluations = r.integer('maxEvaluations', 50, 1);
  const conditions = r.choice<HagerZhangConditions>('conditions', 'either', [
    'either',
    'wolfe',
    'approximate',
  ]);
  const settings: Settings = {
    delta,
    sigma,
    epsilon,
    theta,
    gamma,
    rho,
    maxEvaluations,
    conditions,
  };
  return lineSearch(NAME, true, (phi0, slope0, alpha0) => search(settings, phi0, slope0, alpha0));
}
