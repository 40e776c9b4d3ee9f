/**
 * Performance profiles (Dolan & Moré 2002) and data profiles (Moré & Wild 2009), and
 * the convergence test both are computed with.
 *
 * Costs are given as a matrix `t[p][s]`: the cost (evaluations, time) solver s needed
 * to solve problem p, `Infinity` when it failed (or did not run).
 *
 * @packageDocumentation
 */

/**
 * The convergence test of Moré & Wild (2009), eq. (2.2): f(x) ≤ f_L + τ (f(x0) − f_L),
 * where f_L is the smallest value any solver obtained on the problem.
 *
 * **Reference** J. J. Moré, S. M. Wild, Benchmarking derivative-free optimization
 * algorithms, SIAM J. Optim. 20(1), 2009, §2.
 * @example passesConvergenceTest(0.5, 10, 0, 0.1) // true: 0.5 ≤ 0 + 0.1·10
 */
export function passesConvergenceTest(f: number, f0: number, fL: number, tau: number): boolean {
  return f <= fL + tau * (f0 - fL);
}

/** One point of a run's history: the cost spent so far and the value reached. */
export interface HistoryPoint {
  readonly cost: number;
  readonly value: number;
}

/**
 * The cost at the first point of a history (in order of increasing cost) that passes
 * {@link passesConvergenceTest}, or `Infinity` when none does.
 * @example firstPassingCost([{ cost: 1, value: 10 }, { cost: 4, value: 0.5 }], 10, 0, 0.1) // 4
 */
export function firstPassingCost(
  history: readonly HistoryPoint[],
  f0: number,
  fL: number,
  tau: number,
): number {
  for (const p of history) if (passesConvergenceTest(p.value, f0, fL, tau)) return p.cost;
  return Infinity;
}

/**
 * The performance ratios r[p][s] = t[p][s] / min_s t[p][s] of Dolan & Moré (2002),
 * eq. (1). A failure (t = ∞) has ratio ∞; on a problem no solver solved every ratio is ∞;
 * when the best cost is 0, a cost of 0 has ratio 1 and any other ratio ∞.
 *
 * **Reference** E. D. Dolan, J. J. Moré, Benchmarking optimization software with
 * performance profiles, Math. Program. 91, 2002, 201–213.
 * @example performanceRatios([[1, 2], [3, Infinity]]) // [[1, 2], [1, Infinity]]
 */
export function performanceRatios(t: readonly (readonly number[])[]): number[][] {
  return t.map((row) => {
    const best = Math.min(...row);
    return row.map((c) => {
      if (!Number.isFinite(c) || !Number.isFinite(best)) return Infinity;
      if (best === 0) return c === 0 ? 1 : Infinity;
      return c / best;
    });
  });
}

/**
 * The fraction of `values` that are ≤ x: ρ_s(τ) of Dolan & Moré eq. (2) when the values
 * are one solver's ratios, d_s(α) of Moré & Wild eq. (2.4) when they are its scaled costs.
 * `total` is the number of problems (failures are counted in it as ∞ values).
 */
export function fractionAtMost(
  values: readonly number[],
  x: number,
  total = values.length,
): number {
  if (total === 0) return 0;
  let k = 0;
  for (const v of values) if (v <= x) k++;
  return k / total;
}

/** A profile curve: one solver's value ≤ x fraction as a step function. */
export interface ProfileCurve {
  /** The solver's column index. */
  solver: number;
  /** The solver's finite values, ascending (ratios, or scaled costs). */
  values: number[];
  /** The number of problems (the denominator). */
  problems: number;
}

/**
 * The performance profile of each solver (Dolan & Moré 2002, eq. (2)):
 * ρ_s(τ) = |{p : r[p][s] ≤ τ}| / |P|.
 * @example performanceProfile([[1, 2], [4, 4]])[1].values // [1, 2]
 */
export function performanceProfile(t: readonly (readonly number[])[]): ProfileCurve[] {
  return curves(performanceRatios(t), t.length);
}

/**
 * The data profile of each solver (Moré & Wild 2009, eq. (2.4)):
 * d_s(α) = |{p : t[p][s] / scale[p] ≤ α}| / |P|. Moré & Wild take scale[p] = n_p + 1
 * (the evaluations of one simplex gradient); `scale` defaults to 1 (raw costs).
 * @example dataProfile([[3, 6]], [3])[1].values // [2]
 */
export function dataProfile(
  t: readonly (readonly number[])[],
  scale: readonly number[] = t.map(() => 1),
): ProfileCurve[] {
  if (scale.length !== t.length)
    throw new RangeError(`dataProfile: scale must have ${t.length} entries, got ${scale.length}`);
  return curves(
    t.map((row, p) => row.map((c) => c / scale[p])),
    t.length,
  );
}

function curves(m: readonly (readonly number[])[], problems: number): ProfileCurve[] {
  const solvers = m.length === 0 ? 0 : m[0].length;
  return Array.from({ length: solvers }, (_, s) => ({
    solver: s,
    values: m
      .map((row) => row[s])
      .filter((v) => Number.isFinite(v))
      .sort((a, b) => a - b),
    problems,
  }));
}

/**
 * The breakpoints of a profile curve on [from, to], for a step plot (each y holds from
 * its x until the next x): the start, one point per distinct value inside, the end.
 * @example stepPoints({ solver: 0, values: [1, 2, 2], problems: 4 }, 1, 3)
 * // [{ x: 1, y: 0.25 }, { x: 2, y: 0.75 }, { x: 3, y: 0.75 }]
 */
export function stepPoints(
  curve: ProfileCurve,
  from: number,
  to: number,
): { x: number; y: number }[] {
  const points = [{ x: from, y: fractionAtMost(curve.values, from, curve.problems) }];
  for (const v of new Set(curve.values))
    if (v > from && v < to)
      points.push({ x: v, y: fractionAtMost(curve.values, v, curve.problems) });
  points.push({ x: to, y: fractionAtMost(curve.values, to, curve.problems) });
  return points;
}
