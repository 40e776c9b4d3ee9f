/**
 * The exact (nearly exact) subproblem solver of Moré & Sorensen on the dense Hessian.
 *
 * @packageDocumentation
 */
import { cholesky, choleskySolve, DenseMatrix, dot, matVec, type Vector } from '@hessian/core';
import {
  type SecularState,
  type SecularWork,
  type ShiftedSystem,
  secularNewton,
  secularState,
  secularWork,
} from './secular.js';
import {
  cauchyStep,
  checkOptionsObject,
  type DenseSubproblem,
  fractionOption,
  integerOption,
  modelValue,
  type SubproblemResult,
  shortOfCauchy,
  zeroStep,
} from './subproblem.js';

const EMPTY = new DenseMatrix(0, 0);

/** A dense symmetric A with Cholesky factors of A + λI through core's `cholesky`. */
export class DenseShiftedSystem implements ShiftedSystem {
  readonly size: number;
  gershgorinLower = 0;
  gershgorinUpper = 0;
  minDiagonal = 0;
  frobeniusNorm = 0;
  infNorm = 0;
  private A: DenseMatrix;
  private readonly L: DenseMatrix;

  constructor(n: number) {
    this.size = n;
    this.A = EMPTY;
    this.L = new DenseMatrix(n, n);
  }

  /** Uses A (not copied: it must not change while in use) and computes its bounds. O(n²). */
  setMatrix(A: DenseMatrix): void {
    this.A = A;
    const n = this.size;
    const a = A.data;
    let glo = Number.POSITIVE_INFINITY;
    let ghi = Number.NEGATIVE_INFINITY;
    let dmin = Number.POSITIVE_INFINITY;
    let fro = 0;
    let inf = 0;
    for (let i = 0; i < n; i++) {
      let row = 0;
      for (let j = 0; j < n; j++) {
        const v = a[i * n + j];
        row += Math.abs(v);
        fro += v * v;
      }
      const d = a[i * n + i];
      const off = row - Math.abs(d);
      glo = Math.min(glo, d - off);
      ghi = Math.max(ghi, d + off);
      dmin = Math.min(dmin, d);
      inf = Math.max(inf, row);
    }
    this.gershgorinLower = glo;
    this.gershgorinUpper = ghi;
    this.minDiagonal = dmin;
    this.frobeniusNorm = Math.sqrt(fro);
    this.infNorm = inf;
  }

  factor(lambda: number): boolean {
    const n = this.size;
    const l = this.L.data;
    l.set(this.A.data);
    for (let i = 0; i < n; i++) l[i * n + i] += lambda;
    return cholesky(this.L, this.L);
  }

  solve(b: Float64Array, out: Float64Array): void {
    choleskySolve(this.L, b, out);
  }

  lowerSolve(b: Float64Array, out: Float64Array): void {
    const n = this.size;
    const l = this.L.data;
    for (let i = 0; i < n; i++) {
      let s = b[i];
      for (let k = 0; k < i; k++) s -= l[i * n + k] * out[k];
      out[i] = s / l[i * n + i];
    }
  }

  factorNormSquared(z: Float64Array): number {
    const n = this.size;
    const l = this.L.data;
    let s = 0;
    for (let j = 0; j < n; j++) {
      let c = 0;
      for (let i = j; i < n; i++) c += l[i * n + j] * z[i];
      s += c * c;
    }
    return s;
  }

  estimateSmallest(z: Float64Array, p: Float64Array): void {
    // LINPACK: choose w with |w_k| = 1-ish so that Lᵀv = w has a large solution v.
    const n = this.size;
    const l = this.L.data;
    p.fill(0, 0, n);
    for (let k = 0; k < n; k++) {
      const lkk = l[k * n + k];
      const wp = (1 - p[k]) / lkk;
      const wm = (-1 - p[k]) / lkk;
      let sp = Math.abs(wp);
      let sm = Math.abs(wm);
      for (let i = k + 1; i < n; i++) {
        const lik = l[i * n + k];
        sp += Math.abs(p[i] + lik * wp);
        sm += Math.abs(p[i] + lik * wm);
      }
      const wk = sp >= sm ? wp : wm;
      z[k] = wk;
      for (let i = k + 1; i < n; i++) p[i] += l[i * n + k] * wk;
    }
    // v = L⁻ᵀ w (back substitution), normalized.
    for (let i = n - 1; i >= 0; i--) {
      let s = z[i];
      for (let k = i + 1; k < n; k++) s -= l[k * n + i] * z[k];
      z[i] = s / l[i * n + i];
    }
    let nz = 0;
    for (let i = 0; i < n; i++) nz += z[i] * z[i];
    nz = Math.sqrt(nz);
    for (let i = 0; i < n; i++) z[i] /= nz;
  }
}

/** Options of {@link moreSorensen}. */
export interface MoreSorensenOptions {
  /**
   * Easy case: accept p(λ) with Δ ≤ ‖p(λ)‖ ≤ (1 + kEasy)Δ, scaled onto the sphere.
   * Default 0.1 (SciPy's `k_easy`; SciPy keeps the step outside the region).
   */
  kEasy?: number;
  /** Hard case: accept p + τz when τ²zᵀ(B + λI)z ≤ kHard (pᵀ(B + λI)p + λΔ²). Default 0.2 (`k_hard`). */
  kHard?: number;
  /** Cholesky factorizations per solve. Default 50. */
  maxIterations?: number;
}

/** Work of {@link moreSorensen}. */
export interface MoreSorensenWork {
  readonly system: DenseShiftedSystem;
  readonly secular: SecularWork;
  readonly state: SecularState;
  readonly Bg: Float64Array;
  readonly cauchy: Float64Array;
}

/**
 * The exact trust-region step of Moré & Sorensen: λ ≥ 0 with (B + λI)p = −g, B + λI
 * positive semidefinite and λ(Δ − ‖p‖) = 0, found by safeguarded Newton on the secular
 * equation 1/‖p(λ)‖ = 1/Δ, one Cholesky factorization of B + λI per iteration (core's
 * `cholesky`; no eigen-decomposition). The hard case (g orthogonal to the eigenspace of
 * the smallest eigenvalue) is handled by a step along an approximate eigenvector from the
 * LINPACK estimator refined by inverse iteration. The step is never worse than the Cauchy
 * point: when the Cauchy point decreases the model more (possible within the kHard
 * tolerance, or after `maxIterations` without convergence) it is returned instead, with
 * exit `cauchy-fallback`.
 *
 * **Requires** the dense B (`needs: 'dense'`), symmetric; indefinite is fine.
 * **Options** `kEasy` (0.1), `kHard` (0.2), `maxIterations` (50); see {@link MoreSorensenOptions}.
 * Smaller tolerances give the global minimizer of the model to high accuracy.
 * **Reference** J. J. Moré & D. C. Sorensen, "Computing a trust region step", SIAM J. Sci.
 * Stat. Comput. 4 (1983); Nocedal & Wright (2006), Algorithm 4.3 (§4.3); Conn, Gould & Toint,
 * *Trust-Region Methods* (2000), §7.3.
 * @example trustRegion({ subproblem: moreSorensen({ kEasy: 1e-6 }) }) // the method 'trust-exact'
 */
export function moreSorensen(options: MoreSorensenOptions = {}): DenseSubproblem<MoreSorensenWork> {
  checkOptionsObject('moreSorensen', options);
  const settings = {
    kEasy: fractionOption('moreSorensen', 'kEasy', options.kEasy) ?? 0.1,
    kHard: fractionOption('moreSorensen', 'kHard', options.kHard) ?? 0.2,
    maxIterations: integerOption('moreSorensen', 'maxIterations', options.maxIterations, 1) ?? 50,
  };
  const allocate = (n: number): MoreSorensenWork => ({
    system: new DenseShiftedSystem(n),
    secular: secularWork(n),
    state: secularState(),
    Bg: new Float64Array(n),
    cauchy: new Float64Array(n),
  });
  return {
    name: 'more-sorensen',
    needs: 'dense',
    allocate,
    solve(B, g, radius, out: Vector, work = allocate(g.length)): SubproblemResult {
      const gg = dot(g, g);
      const { system, state } = work;
      system.setMatrix(B);
      secularNewton(system, g, radius, out, work.secular, settings, Number.NaN, state);
      let stepNorm = Math.sqrt(dot(out, out));
      if (gg === 0 && stepNorm === 0) return zeroStep(out);
      let predicted = -modelValue(B, g, out);
      const result: SubproblemResult = {
        predicted,
        stepNorm,
        onBoundary: state.exit !== 'interior',
        exit: state.exit,
        innerIterations: state.iterations,
        lambda: state.lambda,
      };
      if (!state.converged) {
        // Unconverged: pull the last iterate into the region.
        if (stepNorm > radius) {
          const s = radius / stepNorm;
          for (let i = 0; i < out.length; i++) out[i] *= s;
          stepNorm = radius;
          predicted = -modelValue(B, g, out);
        }
        result.predicted = predicted;
        result.stepNorm = stepNorm;
        result.onBoundary = stepNorm >= radius * (1 - settings.kEasy);
      }
      // Never worse than the Cauchy point (O(n²)): the hard-case test accepts a decrease
      // within kHard of the optimum, and an unconverged iteration guarantees nothing.
      matVec(B, g, work.Bg);
      const c = cauchyStep(g, gg, dot(g, work.Bg), radius, work.cauchy);
      if (shortOfCauchy(predicted, c.predicted)) {
        out.set(work.cauchy);
        c.exit = 'cauchy-fallback';
        c.innerIterations = state.iterations;
        c.lambda = state.lambda;
        return c;
      }
      return result;
    },
  };
}
