/**
 * The dogleg step: the path from the Cauchy point to the Newton point, cut at the boundary.
 *
 * @packageDocumentation
 */
import { cholesky, choleskySolve, DenseMatrix, dot, matVec, quadraticForm } from '@hessian/core';
import { boundaryIntersections } from './boundary.js';
import { cauchyStep, type DenseSubproblem, type SubproblemResult, zeroStep } from './subproblem.js';

/** Work buffers of {@link doglegStep}. */
export interface DoglegWork {
  readonly L: DenseMatrix;
  readonly newton: Float64Array;
  readonly Bg: Float64Array;
  readonly roots: Float64Array;
}

/**
 * The dogleg step (Powell 1970): the Newton point p_B = −B⁻¹g when it is inside the region;
 * otherwise the point where the path 0 → p_U → p_B leaves it, p_U = −(gᵀg/gᵀBg) g being the
 * unconstrained minimizer along −g. One Cholesky factorization per solve.
 *
 * When B is not positive definite (the factorization fails) the dogleg path is undefined:
 * the solver returns the Cauchy point and says so (exit `cauchy-fallback`), so the method
 * still progresses where SciPy's `dogleg` stops.
 *
 * **Requires** the dense B (`needs: 'dense'`), symmetric; positive definite for a dogleg step.
 * **Options** none.
 * **Reference** Nocedal & Wright, *Numerical Optimization* (2006), §4.1, (4.15)–(4.16);
 * M. J. D. Powell, "A hybrid method for nonlinear equations" (1970).
 * @example trustRegion({ subproblem: doglegStep() }) // the method 'dogleg'
 */
export function doglegStep(): DenseSubproblem<DoglegWork> {
  const allocate = (n: number): DoglegWork => ({
    L: new DenseMatrix(n, n),
    newton: new Float64Array(n),
    Bg: new Float64Array(n),
    roots: new Float64Array(2),
  });
  return {
    name: 'dogleg',
    needs: 'dense',
    allocate,
    solve(B, g, radius, out, work = allocate(g.length)): SubproblemResult {
      const n = g.length;
      const gg = dot(g, g);
      if (gg === 0) return zeroStep(out);
      const { L, newton, Bg, roots } = work;
      matVec(B, g, Bg);
      const gBg = dot(g, Bg);
      if (!cholesky(B, L)) {
        const r = cauchyStep(g, gg, gBg, radius, out);
        r.exit = 'cauchy-fallback';
        return r;
      }
      choleskySolve(L, g, newton);
      let nn = 0;
      for (let i = 0; i < n; i++) {
        newton[i] = -newton[i];
        nn += newton[i] * newton[i];
      }
      if (nn <= radius * radius) {
        out.set(newton);
        // B p = −g, so m(p) = ½ gᵀp.
        return {
          predicted: -0.5 * dot(g, newton),
          stepNorm: Math.sqrt(nn),
          onBoundary: false,
          exit: 'interior',
          innerIterations: 0,
        };
      }
      const tU = gg / gBg;
      if (tU * Math.sqrt(gg) >= radius) {
        const r = cauchyStep(g, gg, gBg, radius, out);
        return r;
      }
      // z = p_U = −tU g, d = p_B − p_U: the positive root of ‖z + τ d‖ = Δ.
      let zz = 0;
      let zd = 0;
      let dd = 0;
      for (let i = 0; i < n; i++) {
        const z = -tU * g[i];
        const d = newton[i] - z;
        zz += z * z;
        zd += z * d;
        dd += d * d;
      }
      const tau = boundaryIntersections(zz, zd, dd, radius, roots)[1];
      for (let i = 0; i < n; i++) {
        const z = -tU * g[i];
        out[i] = z + tau * (newton[i] - z);
      }
      return {
        predicted: -(dot(g, out) + 0.5 * quadraticForm(B, out)),
        stepNorm: radius,
        onBoundary: true,
        exit: 'boundary',
        innerIterations: 0,
      };
    },
  };
}
