/**
 * Steihaug–Toint truncated conjugate gradients.
 *
 * @packageDocumentation
 */
import type { Program, Vector } from '@hessian/core';
import { boundaryIntersections } from './boundary.js';
import {
  checkOptionsObject,
  fractionOption,
  type HvpOperator,
  type HvpSubproblem,
  integerOption,
  nonFiniteResult,
  type SubproblemExit,
  type SubproblemResult,
  zeroStep,
} from './subproblem.js';

/** Options of {@link steihaugCG}. */
export interface SteihaugOptions {
  /** CG iterations per solve. Default 2n (n in exact arithmetic; the slack absorbs rounding). */
  maxIterations?: number;
  /**
   * Fixed relative residual tolerance: stop when ‖r‖ ≤ tolerance·‖g‖. Default: the
   * superlinear forcing sequence min(0.5, √‖g‖) (Nocedal & Wright (7.3)), as SciPy.
   */
  tolerance?: number;
}

/** Work buffers of {@link steihaugCG}. */
export interface SteihaugWork {
  readonly r: Float64Array;
  readonly d: Float64Array;
  readonly Bd: Float64Array;
  readonly roots: Float64Array;
  readonly dots: Float64Array;
}

// The O(n) kernels live outside the generator, where V8 optimizes loops best.

/** out ← [dᵀBd, dᵀd, zᵀd, rᵀd] in one pass. */
function fusedDots(
  d: Float64Array,
  Bd: Float64Array,
  z: Float64Array,
  r: Float64Array,
  out: Float64Array,
): void {
  let kappa = 0;
  let dd = 0;
  let zd = 0;
  let rd = 0;
  for (let i = 0; i < d.length; i++) {
    const di = d[i];
    kappa += di * Bd[i];
    dd += di * di;
    zd += z[i] * di;
    rd += r[i] * di;
  }
  out[0] = kappa;
  out[1] = dd;
  out[2] = zd;
  out[3] = rd;
}

/** z ← z + αd, r ← r + αBd; out ← [‖z‖², ‖r‖²]. */
function cgStep(
  alpha: number,
  d: Float64Array,
  Bd: Float64Array,
  z: Float64Array,
  r: Float64Array,
  out: Float64Array,
): void {
  let zz = 0;
  let rr = 0;
  for (let i = 0; i < d.length; i++) {
    const zi = z[i] + alpha * d[i];
    z[i] = zi;
    zz += zi * zi;
    const ri = r[i] + alpha * Bd[i];
    r[i] = ri;
    rr += ri * ri;
  }
  out[0] = zz;
  out[1] = rr;
}

/** d ← −r + βd. */
function nextDirection(beta: number, r: Float64Array, d: Float64Array): void {
  for (let i = 0; i < d.length; i++) d[i] = -r[i] + beta * d[i];
}

/**
 * Steihaug–Toint CG: conjugate gradients on B p = −g from p = 0, stopped when the residual
 * is small (`interior`), when an iterate would leave the region (then the step goes to the
 * boundary along the current direction: `boundary`), or on a direction of non-positive
 * curvature dᵀBd ≤ 0 (to the boundary along it, at the root of lower model value:
 * `negative-curvature`). The model decreases at every CG step and the first step is the
 * Cauchy point, so the Cauchy decrease always holds. One product B·v per iteration.
 *
 * **Requires** only products B·v (`needs: 'hvp'`); B may be indefinite.
 * **Options** `maxIterations` (2n), `tolerance` (min(0.5, √‖g‖)), see {@link SteihaugOptions}.
 * **Reference** Nocedal & Wright, *Numerical Optimization* (2006), Algorithm 7.2;
 * T. Steihaug, "The conjugate gradient method and trust regions in large scale
 * optimization", SIAM J. Numer. Anal. 20 (1983); Ph. L. Toint (1981).
 * @example trustRegion({ subproblem: steihaugCG({ tolerance: 1e-3 }) }) // the method 'trust-ncg'
 */
export function steihaugCG(options: SteihaugOptions = {}): HvpSubproblem<SteihaugWork> {
  checkOptionsObject('steihaugCG', options);
  const maxIterations = integerOption('steihaugCG', 'maxIterations', options.maxIterations, 1);
  const tolerance = fractionOption('steihaugCG', 'tolerance', options.tolerance);
  const allocate = (n: number): SteihaugWork => ({
    r: new Float64Array(n),
    d: new Float64Array(n),
    Bd: new Float64Array(n),
    roots: new Float64Array(2),
    dots: new Float64Array(4),
  });
  return {
    name: 'steihaug-cg',
    needs: 'hvp',
    allocate,
    *solve(
      hvp: HvpOperator,
      g: Vector,
      radius: number,
      z: Vector,
      work: SteihaugWork = allocate(g.length),
    ): Program<SubproblemResult> {
      const n = g.length;
      const { r, d, Bd, roots, dots } = work;
      let rr = 0;
      for (let i = 0; i < n; i++) {
        const gi = g[i];
        r[i] = gi;
        d[i] = -gi;
        z[i] = 0;
        rr += gi * gi;
      }
      const gnorm = Math.sqrt(rr);
      if (gnorm === 0) return zeroStep(z);
      const tol = (tolerance ?? Math.min(0.5, Math.sqrt(gnorm))) * gnorm;
      const maxIter = maxIterations ?? 2 * n;
      let m = 0; // m(z)
      let zz = 0; // ‖z‖²
      let exit: SubproblemExit = 'interior';
      let j = 0;
      while (j < maxIter) {
        j++;
        if ((yield* hvp(d, Bd)) !== 0) return nonFiniteResult(j);
        fusedDots(d, Bd, z, r, dots);
        const kappa = dots[0];
        const dd = dots[1];
        const zd = dots[2];
        const rd = dots[3];
        if (!(kappa > 0)) {
          // To the boundary along d, at the root of lower model value m(z) + t rᵀd + ½t²κ.
          boundaryIntersections(zz, zd, dd, radius, roots);
          const ta = roots[0];
          const tb = roots[1];
          const ma = ta * rd + 0.5 * ta * ta * kappa;
          const mb = tb * rd + 0.5 * tb * tb * kappa;
          const t = ma < mb ? ta : tb;
          m += Math.min(ma, mb);
          for (let i = 0; i < n; i++) z[i] += t * d[i];
          exit = 'negative-curvature';
          break;
        }
        const alpha = rr / kappa;
        if (zz + alpha * (2 * zd + alpha * dd) >= radius * radius) {
          const t = boundaryIntersections(zz, zd, dd, radius, roots)[1];
          m += t * rd + 0.5 * t * t * kappa;
          for (let i = 0; i < n; i++) z[i] += t * d[i];
          exit = 'boundary';
          break;
        }
        m += alpha * rd + 0.5 * alpha * alpha * kappa;
        cgStep(alpha, d, Bd, z, r, dots);
        zz = dots[0];
        const rrNext = dots[1];
        if (Math.sqrt(rrNext) < tol) break;
        const beta = rrNext / rr;
        rr = rrNext;
        nextDirection(beta, r, d);
      }
      let norm = 0;
      for (let i = 0; i < n; i++) norm += z[i] * z[i];
      norm = Math.sqrt(norm);
      return {
        predicted: -m,
        stepNorm: norm,
        onBoundary: exit !== 'interior',
        exit,
        innerIterations: j,
      };
    },
  };
}
