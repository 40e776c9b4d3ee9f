/**
 * Exact Newton's method: x⁺ = x + α p with ∇²f(x) p = −∇f(x).
 *
 * @packageDocumentation
 */
import {
  DenseMatrix,
  decodeVector,
  defaultCurvature,
  dot,
  encodeVector,
  type Method,
  type MethodExit,
  norm2,
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
import { classifyPoint } from './classify.js';
import { type NewtonOptions, resolveNewtonOptions } from './options.js';
import { createNewtonWork, newtonStep } from './step.js';

/**
 * Exact Newton's method. Each iteration solves ∇²f(x) p = −∇f(x) (Cholesky when the
 * Hessian is positive definite, else LU) and moves to x + p, or to x + αp with α from
 * a line search. It seeks critical points, not only minima: from near a saddle or a
 * maximum it converges there as readily, and `result.extra.criticalPoint` says which
 * kind the last iterate is. Near a nondegenerate critical point convergence is quadratic.
 *
 * **Requires** f, ∇f and a dense Hessian (the problem's, or finite differences of ∇f).
 * **Options** `lineSearch` (none: unit step), `curvature` (exact, else finite differences),
 * `maxHalvings` (5), `classify` (`{}`; `false` skips it).
 * **Ends** with `singular-hessian` when H is singular, `non-finite` when f, ∇f or H is
 * not finite where needed, `line-search-failed` when a line search is given and p is
 * not a descent direction or the search fails.
 * **Reports** per iteration `info.solver` ('cholesky' | 'lu') and `info.halvings`.
 * **Checkpoints** (`report.checkpoint()`, `options.resume`): the Hessian at x (evaluated
 * before the report) and the curvature provider's state.
 * **Reference** Nocedal & Wright, *Numerical Optimization* (2nd ed., 2006), (3.30),
 * Theorem 3.5 (quadratic convergence); Optim.jl's `Newton`.
 *
 * @example
 * const r = run(newton(), getProblem('rosenbrock'), [-1.2, 1]);
 * r.x; // ≈ [1, 1]; r.extra.criticalPoint.kind === 'minimum'
 */
export function newton(options: NewtonOptions = {}): Method {
  const { maxHalvings, classify } = resolveNewtonOptions(options);
  const { lineSearch, curvature } = options;
  return {
    name: 'newton',
    resumable: true,
    *program(x, context): Program<MethodExit> {
      const n = context.dimension;
      const provider = (curvature ?? defaultCurvature(context)).create(context);
      if (!provider.hessian)
        return {
          status: 'no-progress',
          message: `newton: the curvature provider '${provider.kind}' gives no dense Hessian`,
        };
      const g = new Float64Array(n);
      const p = new Float64Array(n);
      const s = new Float64Array(n);
      const y = new Float64Array(n);
      const H = new DenseMatrix(n, n);
      const work = createNewtonWork(n);
      const trial = createLineSearchWork(n);
      let hessianOk = false;
      // The last iterate's kind goes into every exit; H is always evaluated there first.
      const tolerances = classify && {
        gradientTolerance: classify.gradientTolerance,
        eigenvalueTolerance:
          classify.eigenvalueTolerance ?? (provider.kind === 'exact' ? 1e-8 : 1e-6),
      };
      const exit = (e: MethodExit): MethodExit =>
        tolerances && hessianOk
          ? { ...e, extra: { criticalPoint: classifyPoint(H, g, tolerances) } }
          : e;

      // Everything the next iteration depends on besides x, f and ∇f: H at x and the provider.
      const checkpoint = providerCanCheckpoint(provider)
        ? () => ({
            hessianOk,
            hessian: hessianOk ? encodeVector(H.data) : null,
            curvature: saveProvider(provider),
          })
        : undefined;
      let f = yield* startOrResume(x, g, context, 'newton', (state) => {
        hessianOk = state.hessianOk === true;
        if (hessianOk) decodeVector(state.hessian, n * n, 'newton: state.hessian', H.data);
        restoreProvider(provider, state.curvature, 'newton');
      });
      if (!Number.isFinite(f))
        return { status: 'non-finite', message: 'newton: f or ∇f is not finite at x0' };
      if (!context.resume) hessianOk = (yield* provider.hessian(x, H)) === 0;
      if (yield* report({ op: 'iteration', x, value: f, gradient: g, initial: true, checkpoint }))
        return exit({});
      for (;;) {
        if (!hessianOk)
          return { status: 'non-finite', message: 'newton: the Hessian is not finite at x' };
        // Propose.
        const solver = newtonStep(H, g, p, work);
        if (solver === 'singular')
          return exit({
            status: 'singular-hessian',
            message: 'newton: the Hessian is singular at x: the Newton step is undefined',
          });
        let alpha = 1;
        let halvings = 0;
        let ft: number;
        if (lineSearch) {
          const slope = dot(g, p);
          if (!(slope < 0))
            return exit({
              status: 'line-search-failed',
              message: `newton: the Newton direction is not a descent direction (∇fᵀp = ${slope}): the Hessian is not positive definite here; use dampedNewton`,
            });
          const r = yield* lineSearch.search(x, p, f, slope, 1, trial);
          if (!(r.alpha > 0 && (r.status === 'converged' || r.value < f)))
            return exit({
              status: r.status === 'non-finite' ? 'non-finite' : 'line-search-failed',
              message: `newton: the line search ended with '${r.status}'`,
            });
          alpha = r.alpha;
          ft = lineSearch.usesSlope ? r.value : yield { op: 'gradient', x: trial.x, out: trial.g };
        } else {
          // Check it is finite: halve a unit step that leaves the domain.
          for (;;) {
            pointAlong(x, alpha, p, trial.x);
            ft = yield { op: 'gradient', x: trial.x, out: trial.g };
            if (Number.isFinite(ft) || halvings === maxHalvings) break;
            halvings++;
            alpha *= 0.5;
          }
        }
        if (!Number.isFinite(ft))
          return exit({
            status: 'non-finite',
            message: `newton: f or ∇f is not finite at x + αp (α = ${alpha})`,
          });
        // Commit.
        sub(trial.x, x, s);
        sub(trial.g, g, y);
        x.set(trial.x);
        g.set(trial.g);
        f = ft;
        provider.update?.(s, y);
        hessianOk = (yield* provider.hessian(x, H)) === 0;
        const info = { solver, halvings };
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
          return exit({});
      }
    },
  };
}
