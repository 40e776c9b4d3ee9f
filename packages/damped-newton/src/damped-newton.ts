/**
 * Damped (line-search) Newton with Hessian modification: p = −(H + E)⁻¹g with H + E
 * positive definite, so every step is a descent direction, then a line search.
 *
 * @packageDocumentation
 */
import {
  DenseMatrix,
  decodeNumber,
  defaultCurvature,
  dot,
  encodeNumber,
  type Method,
  type MethodExit,
  norm2,
  normInf,
  type Program,
  pointAlong,
  providerCanCheckpoint,
  report,
  restoreProvider,
  saveProvider,
  startOrResume,
  sub,
} from '@hessian/core';
import { createLineSearchWork } from '@hessian/line-search';
import {
  createModificationWork,
  levenbergUpdate,
  type ModificationSettings,
  modifiedNewtonStep,
  predictedReduction,
  unitStepInRounding,
} from './modification.js';
import { type DampedNewtonOptions, resolveDampedNewtonOptions } from './options.js';

/**
 * Damped Newton: each iteration modifies the Hessian to H̃ = H + E positive definite,
 * takes p = −H̃⁻¹∇f (a descent direction) and a line search along it. Where H is
 * positive definite enough, E = 0 and the steps are Newton's, with quadratic
 * convergence; elsewhere the method still descends, so it heads for minima, never for
 * saddles or maxima as exact Newton may. The trace's `info` says per iteration which
 * modification acted and how much it added (`modification`, `added`, `modified`; for
 * `levenberg` also `ratio`, the ρ that set the damping; `rounding` when the unit step
 * was taken without a search, `fallback` when rounding defeated the modification and
 * the step was −∇f).
 *
 * Each iteration evaluates the unit step x + p first. When f changed there by no more
 * than its rounding (10ε|f|) while ‖∇f‖∞ halved, the step is taken as is
 * ({@link unitStepInRounding}): near a minimizer an Armijo test reads rounding as
 * failure and the search would stall short of a tight gradient tolerance. Otherwise
 * the line search runs from α = 1, its first trial answered from the driver's cache.
 *
 * Modifications: `cholesky-shift` (H + τI, τ doubled until Cholesky succeeds),
 * `modified-cholesky` (Gill–Murray–Wright LDLᵀ, E diagonal), `eigen` (eigenvalues
 * flipped or floored; an eigen-decomposition per iteration: fine for small n, seconds
 * per iteration at n = 1000), `levenberg` (H + λI, λ adapted from the ratio of actual to
 * predicted reduction).
 *
 * **Requires** f, ∇f and a dense Hessian (the problem's, or finite differences of ∇f).
 * **Options** `modification` ('cholesky-shift'), `lineSearch` ('more-thuente'),
 * `curvature` (exact, else finite differences), `beta` (1e-3), `eigenMode` ('flip'),
 * `eigenFloor` (1e-12), `damping` (1e-3).
 * **Ends** with `line-search-failed` when the search finds no decrease, `non-finite`
 * when f, ∇f or H is not finite where needed.
 * **Checkpoints** (`report.checkpoint()`, `options.resume`): `levenberg`'s damping λ and
 * the curvature provider's state.
 * **Reference** Nocedal & Wright, *Numerical Optimization* (2nd ed., 2006), Algorithm 3.2
 * (line search Newton with modification), Algorithm 3.3, §3.4, (3.39)–(3.44); Moré &
 * Sorensen, "Newton's method" (1984) for Levenberg-type damping.
 *
 * @example
 * const r = run(dampedNewton({ modification: 'modified-cholesky' }), getProblem('himmelblau'), [-0.27, -0.92]);
 * r.x; // a minimizer of Himmelblau's function, although x0 is near its maximum
 */
export function dampedNewton(options: DampedNewtonOptions = {}): Method {
  const resolved = resolveDampedNewtonOptions(options);
  const { modification, lineSearch, curvature, beta, eigenMode, eigenFloor, damping } = resolved;
  const levenberg = modification === 'levenberg';
  return {
    name: 'damped-newton',
    resumable: true,
    *program(x, context): Program<MethodExit> {
      const n = context.dimension;
      const provider = (curvature ?? defaultCurvature(context)).create(context);
      if (!provider.hessian)
        return {
          status: 'no-progress',
          message: `dampedNewton: the curvature provider '${provider.kind}' gives no dense Hessian`,
        };
      const g = new Float64Array(n);
      const p = new Float64Array(n);
      const s = new Float64Array(n);
      const y = new Float64Array(n);
      const H = new DenseMatrix(n, n);
      const work = createModificationWork(n);
      const trial = createLineSearchWork(n);
      const settings: { -readonly [K in keyof ModificationSettings]: ModificationSettings[K] } = {
        modification,
        beta,
        eigenMode,
        eigenFloor,
        lambda: Number.NaN,
      };

      // Everything the next iteration depends on besides x, f and ∇f.
      const checkpoint = providerCanCheckpoint(provider)
        ? () => ({ lambda: encodeNumber(settings.lambda), curvature: saveProvider(provider) })
        : undefined;
      let f = yield* startOrResume(x, g, context, 'dampedNewton', (state) => {
        settings.lambda = decodeNumber(state.lambda, 'dampedNewton: state.lambda');
        restoreProvider(provider, state.curvature, 'dampedNewton');
      });
      if (!Number.isFinite(f))
        return { status: 'non-finite', message: 'dampedNewton: f or ∇f is not finite at x0' };
      if (yield* report({ op: 'iteration', x, value: f, gradient: g, initial: true, checkpoint }))
        return {};
      for (;;) {
        if ((yield* provider.hessian(x, H)) !== 0)
          return { status: 'non-finite', message: 'dampedNewton: the Hessian is not finite at x' };
        if (levenberg && Number.isNaN(settings.lambda)) {
          let hmax = 0;
          for (let i = 0; i < n; i++) hmax = Math.max(hmax, Math.abs(H.data[i * n + i]));
          settings.lambda = damping * (hmax > 0 ? hmax : 1);
        }
        // Propose: a modified Newton step, a descent direction whenever g ≠ 0.
        let added = modifiedNewtonStep(H, g, p, work, settings);
        let slope = dot(g, p);
        const fallback = !(Number.isFinite(added) && slope < 0);
        if (fallback) {
          // Rounding defeated the modification (H nearly singular at a huge scale): steepest descent.
          for (let i = 0; i < n; i++) p[i] = -g[i];
          slope = -dot(g, g);
          added = Number.NaN;
        }
        // The unit step first: accepted at once in the rounding regime, else the line
        // search runs from alpha = 1 (its first trial is then answered from the driver's cache).
        pointAlong(x, 1, p, trial.x);
        const f1 = yield { op: 'gradient', x: trial.x, out: trial.g };
        const rounding = unitStepInRounding(f, f1, normInf(g), normInf(trial.g));
        let alpha = 1;
        let ft = f1;
        if (!rounding) {
          const r = yield* lineSearch.search(x, p, f, slope, 1, trial);
          if (!(r.alpha > 0 && (r.status === 'converged' || r.value < f)))
            return {
              status: r.status === 'non-finite' ? 'non-finite' : 'line-search-failed',
              message: `dampedNewton: the line search ended with '${r.status}'`,
            };
          alpha = r.alpha;
          ft = lineSearch.usesSlope ? r.value : yield { op: 'gradient', x: trial.x, out: trial.g };
        }
        if (!Number.isFinite(ft))
          return {
            status: 'non-finite',
            message: 'dampedNewton: ∇f is not finite at the new point',
          };
        const info: Record<string, number | string | boolean> = {
          modification,
          added,
          modified: !(added === 0),
        };
        if (fallback) info.fallback = 'steepest-descent';
        if (rounding) info.rounding = true;
        if (levenberg && !fallback) {
          // ρ = actual / predicted reduction of the Newton model; it sets the next λ.
          const predicted = predictedReduction(slope, alpha, added, dot(p, p));
          const rho = predicted > 0 ? (f - ft) / predicted : f > ft ? 1 : 0;
          settings.lambda = levenbergUpdate(added, rho);
          info.ratio = rho;
        }
        // Commit.
        sub(trial.x, x, s);
        sub(trial.g, g, y);
        x.set(trial.x);
        g.set(trial.g);
        f = ft;
        provider.update?.(s, y);
        const stepNorm = norm2(s);
        if (
          yield* report({
            op: 'iteration',
            x,
            value: f,
            gradient: g,
            stepNorm,
            stepLength: alpha,
            info,
            checkpoint,
          })
        )
          return {};
      }
    },
  };
}
