/**
 * The Cauchy point: the model's minimizer along −g inside the region.
 *
 * @packageDocumentation
 */
import { dot, type Program, type Vector } from '@hessian/core';
import {
  cauchyStep,
  type HvpOperator,
  type HvpSubproblem,
  nonFiniteResult,
  type SubproblemResult,
} from './subproblem.js';

/**
 * The Cauchy point p = −τ (Δ/‖g‖) g, τ = 1 when gᵀBg ≤ 0, else min(‖g‖³/(Δ gᵀBg), 1).
 * One product B·g per solve. The slowest method of the family (steepest descent with a
 * radius), and the decrease every other solver must match for global convergence.
 *
 * **Requires** only products B·v (`needs: 'hvp'`); B may be indefinite.
 * **Options** none.
 * **Reference** Nocedal & Wright, *Numerical Optimization* (2006), Algorithm 4.2, (4.11)–(4.12).
 * @example trustRegion({ subproblem: cauchyPoint() }) // the method 'trust-region-cauchy'
 */
export function cauchyPoint(): HvpSubproblem<Float64Array> {
  return {
    name: 'cauchy-point',
    needs: 'hvp',
    allocate: (n) => new Float64Array(n),
    *solve(
      hvp: HvpOperator,
      g: Vector,
      radius: number,
      out: Vector,
      work: Float64Array = new Float64Array(g.length),
    ): Program<SubproblemResult> {
      const gg = dot(g, g);
      if (gg === 0) return cauchyStep(g, 0, 0, radius, out);
      if ((yield* hvp(g, work)) !== 0) return nonFiniteResult(1);
      return cauchyStep(g, gg, dot(g, work), radius, out);
    },
  };
}
