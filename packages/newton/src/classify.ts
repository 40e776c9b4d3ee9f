/**
 * What the last iterate of exact Newton is: a minimum, a maximum, a saddle, a
 * degenerate critical point, or not a critical point at all.
 *
 * @packageDocumentation
 */
import {
  analyzeHessian,
  type CriticalPointClassification,
  criticalPointKind,
  type DenseMatrix,
  normInf,
  symmetrize,
  type Vector,
} from '@hessian/core';

/** `result.extra.criticalPoint` of a Newton run: core's classification without the copies of x, f, ∇f, H. */
export type CriticalPoint = Pick<CriticalPointClassification, 'kind' | 'gradientNorm' | 'analysis'>;

/** Tolerances of {@link classifyPoint}, as core's `classifyCriticalPoint` takes them. */
export interface ClassifyPointOptions {
  /** x is critical when ‖∇f(x)‖∞ ≤ this. Default 1e-6 (the driver's default gradient test). */
  gradientTolerance?: number;
  /** An eigenvalue counts as zero when |λ| ≤ this·max(1, max|λ|). Default 1e-8. */
  eigenvalueTolerance?: number;
}

/**
 * Classifies a point from the gradient and Hessian a method already holds there, by
 * the second-order conditions, exactly as core's `classifyCriticalPoint` does from a
 * problem: 'not-critical' when ‖g‖∞ > gradientTolerance; else 'minimum' (H positive
 * definite), 'maximum' (negative definite), 'saddle' (indefinite) or 'degenerate'
 * (semidefinite: the second-order test cannot decide). A method cannot call
 * `classifyCriticalPoint` itself (it takes a problem; a program only yields requests),
 * so this applies core's `analyzeHessian` and `criticalPointKind` to the Hessian at hand.
 *
 * O(n³) through core's `symmetricEigen`: slow for large n (seconds at n = 1000).
 * `H` is symmetrized in place.
 *
 * **Requires** H n×n and finite, g of length n.
 * **Options** `gradientTolerance` 1e-6, `eigenvalueTolerance` 1e-8.
 * **Reference** Nocedal & Wright, *Numerical Optimization* (2nd ed.), Theorems 2.3 and 2.4.
 * @example classifyPoint(DenseMatrix.from([[2, 0], [0, -2]]), Float64Array.of(0, 0)).kind // 'saddle'
 */
export function classifyPoint(
  H: DenseMatrix,
  g: Vector,
  options: ClassifyPointOptions = {},
): CriticalPoint {
  const gradientTolerance = options.gradientTolerance ?? 1e-6;
  const analysis = analyzeHessian(symmetrize(H), {
    tolerance: options.eigenvalueTolerance ?? 1e-8,
  });
  const gradientNorm = normInf(g);
  return {
    kind: criticalPointKind(gradientNorm, gradientTolerance, analysis.definiteness),
    gradientNorm,
    analysis,
  };
}

/**
 * The classification a Newton run put in `result.extra.criticalPoint`, typed; undefined
 * when the run made none (`classify: false`, another method, a non-finite Hessian).
 * @example criticalPointOf(run(newton(), problem, x0))?.kind // 'minimum' | 'saddle' | …
 */
export function criticalPointOf(result: {
  readonly extra?: Readonly<Record<string, unknown>>;
}): CriticalPoint | undefined {
  return result.extra?.criticalPoint as CriticalPoint | undefined;
}
