/**
 * The inner solver of Newton-CG: preconditioned conjugate gradients on
 * (H + λI) d = −g, truncated by a residual tolerance, an iteration cap and
 * negative curvature. It asks only Hessian-vector products of a curvature provider.
 *
 * @packageDocumentation
 */
import type { CurvatureProvider, Program, Vector } from '@hessian/core';
import {
  addScaled,
  copyWithNorm,
  curvature,
  dampedCurvature,
  dampedResidualStep,
  directionSummary,
  negateInto,
  residualStep,
  scaledDirection,
  stepAndConjugate,
  warmResidual,
} from './kernels.js';

/**
 * A preconditioner M ≈ H + λI for {@link truncatedCG}: `apply` writes z ← M⁻¹ r and
 * returns rᵀz (fused, so CG needs no extra pass). M must be symmetric positive definite
 * and fixed during one solve.
 */
export interface CGPreconditioner {
  apply(r: Vector, z: Vector): number;
}

/**
 * The CG vectors, allocated once per run by {@link createTruncatedCGWork}. On return,
 * `d` is the direction and `r` = (H + λI) d + g, the linear residual at d.
 */
export interface TruncatedCGWork {
  /** The solution; read as the starting point when `warmStart` is set. */
  readonly d: Float64Array;
  /** The residual (H + λI) d + g. */
  readonly r: Float64Array;
  /** M⁻¹ r (unused without a preconditioner). */
  readonly z: Float64Array;
  /** The conjugate direction. */
  readonly p: Float64Array;
  /** H p. */
  readonly q: Float64Array;
  /** Three scalars the fused kernels return. */
  readonly sums: Float64Array;
}

/**
 * Allocates the five length-n CG vectors (once per run).
 * @throws RangeError naming `n` when it is not an integer >= 1
 * @example const work = createTruncatedCGWork(x0.length);
 */
export function createTruncatedCGWork(n: number): TruncatedCGWork {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`createTruncatedCGWork: n must be an integer >= 1, got ${n}`);
  return {
    d: new Float64Array(n),
    r: new Float64Array(n),
    z: new Float64Array(n),
    p: new Float64Array(n),
    q: new Float64Array(n),
    sums: new Float64Array(3),
  };
}

/** Options of one {@link truncatedCG} solve. */
export interface TruncatedCGOptions {
  /** Stop when ‖(H + λI) d + g‖₂ ≤ tolerance (Newton-CG passes η‖g‖₂). */
  tolerance: number;
  /** Cap on CG iterations (each costs one HVP). */
  maxIterations: number;
  /** λ ≥ 0 added to the curvature. Default 0. */
  damping?: number;
  /** Preconditioner; default none (M = I). */
  preconditioner?: CGPreconditioner;
  /**
   * Start from the `d` already in the work (Martens 2010 §4.5). The start is kept only
   * when it has positive curvature and a negative model value q(d) = gᵀd + ½dᵀ(H + λI)d;
   * otherwise CG starts from 0. Costs one extra HVP. Default false.
   */
  warmStart?: boolean;
}

/**
 * Why {@link truncatedCG} stopped:
 * - `converged`: the residual met the tolerance;
 * - `max-iterations`: the cap was reached;
 * - `negative-curvature`: pᵀ(H + λI)p ≤ 0 after the first iteration: d is the last iterate;
 * - `steepest-descent`: pᵀ(H + λI)p ≤ 0 on the first iteration: d is the preconditioned
 *   steepest-descent direction −M⁻¹g, scaled by rᵀz/|pᵀHp| when the curvature is negative;
 * - `non-finite`: a Hessian-vector product was not finite (d is not usable).
 */
export type TruncatedCGExit =
  | 'converged'
  | 'max-iterations'
  | 'negative-curvature'
  | 'steepest-descent'
  | 'non-finite';

/** What one solve did, and the numbers the outer iteration needs about d. */
export interface TruncatedCGResult {
  exit: TruncatedCGExit;
  /** CG iterations: HVPs along conjugate directions (the warm start's is not counted). */
  iterations: number;
  /** All HVPs asked (iterations, plus one for a warm start). */
  products: number;
  /** True when the warm start was kept. */
  warmStarted: boolean;
  /** ‖(H + λI) d + g‖₂ (recurred). */
  residualNorm: number;
  /** gᵀd: negative for a descent direction. */
  slope: number;
  /** dᵀ(H + λI)d. */
  curvature: number;
  /** dᵀd. */
  normSquared: number;
}

/**
 * Truncated preconditioned conjugate gradients on (H + λI) d = −g from d = 0 (or a
 * warm start), H given only through `provider.hvp(x, ·)`. Per iteration: one HVP and
 * three fused passes over 10 vector streams (pᵀHp; r += α(Hp + λp) with ‖r‖²; d += αp
 * with p ← βp − z), plus `preconditioner.apply`. The vectors are the caller's `work`;
 * nothing is allocated.
 *
 * **Requires** `g ≠ 0`; a symmetric positive definite preconditioner.
 * **Options** see {@link TruncatedCGOptions}.
 * **Reference** Nocedal & Wright, *Numerical Optimization* (2nd ed., 2006), Alg. 7.1
 * (inner loop) and Alg. 5.3 (preconditioned CG); S. G. Nash, "A survey of truncated-Newton
 * methods", J. Comput. Appl. Math. 124, 2000.
 * @example
 * const work = createTruncatedCGWork(n);
 * const res = yield* truncatedCG(provider, x, g, work, { tolerance: 0.1 * norm2(g), maxIterations: n });
 * // work.d is the direction
 */
export function* truncatedCG(
  provider: CurvatureProvider,
  x: Vector,
  g: Vector,
  work: TruncatedCGWork,
  options: TruncatedCGOptions,
): Program<TruncatedCGResult> {
  const { d, r, z, p, q } = work;
  const lambda = options.damping ?? 0;
  const M = options.preconditioner;
  const tolerance = options.tolerance;
  const maxIterations = options.maxIterations;
  const zz = M ? z : r;
  const sums = work.sums;
  let products = 0;
  let warm = false;
  let rr = 0;

  if (options.warmStart) {
    products++;
    if ((yield* provider.hvp(x, d, q)) !== 0) return nonFinite(products, 0);
    warmResidual(d, q, g, r, lambda, sums);
    rr = sums[0];
    warm = sums[1] > 0 && sums[2] + 0.5 * sums[1] < 0;
  }
  if (!warm) {
    d.fill(0);
    rr = copyWithNorm(g, r);
  }
  let rz = M ? M.apply(r, z) : rr;
  negateInto(zz, p);

  let exit: TruncatedCGExit = 'max-iterations';
  let j = 0;
  if (Math.sqrt(rr) <= tolerance) exit = 'converged';
  else
    while (j < maxIterations) {
      products++;
      j++;
      if ((yield* provider.hvp(x, p, q)) !== 0) return nonFinite(products, j);
      const kappa = lambda === 0 ? curvature(p, q) : dampedCurvature(p, q, lambda);
      if (!(kappa > 0)) {
        if (Number.isNaN(kappa)) return nonFinite(products, j);
        if (j === 1 && !warm) {
          // Steepest descent in the M-norm, with the step |curvature| suggests (SciPy's choice).
          rr = scaledDirection(d, r, p, q, g, kappa < 0 ? rz / -kappa : 1, lambda);
          exit = 'steepest-descent';
        } else exit = 'negative-curvature';
        break;
      }
      const alpha = rz / kappa;
      rr = lambda === 0 ? residualStep(r, q, alpha) : dampedResidualStep(r, p, q, alpha, lambda);
      if (Math.sqrt(rr) <= tolerance || j >= maxIterations) {
        addScaled(d, p, alpha);
        if (Math.sqrt(rr) <= tolerance) exit = 'converged';
        break;
      }
      const rzNext = M ? M.apply(r, z) : rr;
      // d += αp is deferred to here, fused with p ← βp − z (p is read once).
      stepAndConjugate(d, p, zz, alpha, rzNext / rz);
      rz = rzNext;
    }

  // gᵀd, dᵀr and dᵀd: dᵀ(H + λI)d = dᵀ(r − g).
  directionSummary(g, d, r, sums);
  return {
    exit,
    iterations: j,
    products,
    warmStarted: warm,
    residualNorm: Math.sqrt(rr),
    slope: sums[0],
    curvature: sums[1] - sums[0],
    normSquared: sums[2],
  };
}

function nonFinite(products: number, iterations: number): TruncatedCGResult {
  return {
    exit: 'non-finite',
    iterations,
    products,
    warmStarted: false,
    residualNorm: Number.NaN,
    slope: Number.NaN,
    curvature: Number.NaN,
    normSquared: Number.NaN,
  };
}
