/**
 * Gauss–Newton curvature for sums of squares f(x) = ½‖r(x)‖²: the products
 * G v = J(x)ᵀ(J(x) v), from the residuals' Jacobian-vector products, never J itself.
 *
 * @packageDocumentation
 */
import type { CurvatureProvider, CurvatureSource, ProblemSpec } from '@hessian/core';
import { allFinite, describe, type Vector } from '@hessian/core';

/**
 * The residuals r: ℝⁿ → ℝᵐ of a sum of squares, given through Jacobian products. Each
 * function writes into `out` (or returns an array of the right length); all are synchronous.
 */
export interface ResidualProducts {
  /** m, the number of residuals. */
  readonly m: number;
  /** out (length m) ← J(x) v. */
  jvp(x: Vector, v: Vector, out: Vector): ArrayLike<number> | undefined | void;
  /** out (length n) ← J(x)ᵀ u. */
  vjp(x: Vector, u: Vector, out: Vector): ArrayLike<number> | undefined | void;
}

/** Options of {@link gaussNewtonCurvature}. */
export interface GaussNewtonOptions {
  readonly residuals: ResidualProducts;
}

/** Calls of the residual products one provider made (the driver does not see them). */
export interface ResidualProductCounts {
  jvp: number;
  vjp: number;
}

/** A Gauss–Newton provider: also counts its calls of the user's products. */
export interface GaussNewtonProvider extends CurvatureProvider {
  readonly counts: ResidualProductCounts;
}

function checkResiduals(who: string, residuals: unknown): ResidualProducts {
  if (typeof residuals !== 'object' || residuals === null)
    throw new TypeError(
      `${who}: residuals must be an object { m, jvp, vjp }, got ${describe(residuals)}`,
    );
  const r = residuals as ResidualProducts;
  if (!Number.isInteger(r.m) || r.m < 1)
    throw new RangeError(`${who}: residuals.m must be an integer >= 1, got ${String(r.m)}`);
  for (const k of ['jvp', 'vjp'] as const)
    if (typeof r[k] !== 'function')
      throw new TypeError(`${who}: residuals.${k} must be a function, got ${describe(r[k])}`);
  return r;
}

function into(who: string, r: unknown, out: Vector): void {
  if (r === undefined || r === out) return;
  const a = r as ArrayLike<number>;
  if (a === null || typeof a !== 'object' || a.length !== out.length)
    throw new RangeError(
      `${who} must write into out or return length ${out.length}, got ${describe(r)}`,
    );
  for (let i = 0; i < out.length; i++) out[i] = a[i];
}

/**
 * Gauss–Newton curvature G(x) = J(x)ᵀJ(x) of f = ½‖r(x)‖², as a {@link CurvatureSource}:
 * each `hvp` is one `jvp` and one `vjp`. G is positive semidefinite, so CG on it meets no
 * negative curvature, and with damping (G + λI) it is Levenberg–Marquardt solved by CG
 * (Martens 2010 §4.2 uses this Gauss–Newton product for its outputs' losses).
 *
 * The provider calls the residual products itself (they are not among the four protocol
 * requests): they must be synchronous, the driver's `evaluations` do not count them (the
 * provider's `counts` do), and an exception they throw ends the run with
 * `evaluation-error`. A non-finite product answers NaN, which ends Newton-CG with
 * `non-finite`. Use {@link sumOfSquaresProblem} for the matching problem.
 *
 * **Requires** residual Jacobian products `jvp` and `vjp` with `m` residuals.
 * **Reference** J. Martens, "Deep learning via Hessian-free optimization", ICML 2010, §4.2;
 * N. N. Schraudolph, "Fast curvature matrix-vector products for second-order gradient
 * descent", Neural Comput. 14, 2002; Nocedal & Wright (2006) §10.3.
 * @example
 * const { problem, curvature } = sumOfSquaresProblem({ m, residuals, jvp, vjp });
 * run(newtonCg({ curvature, damping: 1 }), problem, x0);
 */
export function gaussNewtonCurvature(options: GaussNewtonOptions): CurvatureSource {
  if (typeof options !== 'object' || options === null)
    throw new TypeError(
      `gaussNewtonCurvature: options must be an object { residuals }, got ${describe(options)}`,
    );
  const residuals = checkResiduals('gaussNewtonCurvature', options.residuals);
  return {
    kind: 'gauss-newton',
    dense: false,
    create(): GaussNewtonProvider {
      const u = new Float64Array(residuals.m);
      const counts: ResidualProductCounts = { jvp: 0, vjp: 0 };
      return {
        kind: 'gauss-newton',
        counts,
        // biome-ignore lint/correctness/useYield: computed here, no request to the driver
        *hvp(x, v, out) {
          counts.jvp++;
          into('residuals.jvp', residuals.jvp(x, v, u), u);
          if (!allFinite(u)) return Number.NaN;
          counts.vjp++;
          into('residuals.vjp', residuals.vjp(x, u, out), out);
          return allFinite(out) ? 0 : Number.NaN;
        },
      };
    },
  };
}

/** A sum of squares f(x) = ½‖r(x)‖² given by its residuals and their Jacobian products. */
export interface SumOfSquaresSpec extends ResidualProducts {
  /** n, when fixed. */
  readonly dimension?: number;
  /** out (length m) ← r(x). */
  residuals(x: Vector, out: Vector): ArrayLike<number> | undefined | void;
}

/**
 * Builds the problem f(x) = ½‖r(x)‖², ∇f = J(x)ᵀ r(x) (one `residuals` and one `vjp` per
 * gradient), and its Gauss–Newton {@link gaussNewtonCurvature}. The problem has no Hessian:
 * Newton-CG takes its curvature from the returned source. Work vectors of length m are
 * allocated once, here.
 *
 * **Requires** `m`, `residuals`, `jvp`, `vjp`.
 * **Reference** Nocedal & Wright (2006) (10.1)–(10.5).
 * @example
 * const { problem, curvature } = sumOfSquaresProblem({
 *   m: 2, dimension: 2,
 *   residuals: (x, out) => { out[0] = 10 * (x[1] - x[0] ** 2); out[1] = 1 - x[0]; },
 *   jvp: (x, v, out) => { out[0] = 10 * (v[1] - 2 * x[0] * v[0]); out[1] = -v[0]; },
 *   vjp: (x, u, out) => { out[0] = -20 * x[0] * u[0] - u[1]; out[1] = 10 * u[0]; },
 * });
 * const result = run(newtonCg({ curvature }), problem, [-1.2, 1]);
 */
export function sumOfSquaresProblem(spec: SumOfSquaresSpec): {
  problem: ProblemSpec;
  curvature: CurvatureSource;
} {
  const who = 'sumOfSquaresProblem';
  const products = checkResiduals(who, spec);
  if (typeof spec.residuals !== 'function')
    throw new TypeError(`${who}: residuals must be a function, got ${describe(spec.residuals)}`);
  const r = new Float64Array(products.m);
  const evaluate = (x: Vector): number => {
    into('residuals', spec.residuals(x, r), r);
    let s = 0;
    for (let i = 0; i < r.length; i++) s += r[i] * r[i];
    return 0.5 * s;
  };
  const problem: ProblemSpec = {
    ...(spec.dimension !== undefined ? { dimension: spec.dimension } : {}),
    value: evaluate,
    valueAndGradient(x, out) {
      const f = evaluate(x);
      if (!Number.isFinite(f)) return f;
      into('vjp', spec.vjp(x, r, out), out);
      return f;
    },
  };
  return { problem, curvature: gaussNewtonCurvature({ residuals: products }) };
}
