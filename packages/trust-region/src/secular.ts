/**
 * The Moré–Sorensen iteration, written once over any symmetric matrix that can factor
 * A + λI = LLᵀ: the dense Hessian (`moreSorensen`) and the Lanczos tridiagonal (`gltr`).
 * Internal to the package.
 *
 * @packageDocumentation
 */
import { boundaryIntersections } from './boundary.js';

/**
 * A symmetric m×m matrix A with a Cholesky factorization of A + λI. Vectors are
 * `Float64Array`s of length ≥ `size`; only the first `size` entries are read or written.
 */
export interface ShiftedSystem {
  /** m, the current dimension. */
  readonly size: number;
  /** Spectral information on A (refreshed when A changes). */
  readonly gershgorinLower: number;
  readonly gershgorinUpper: number;
  readonly minDiagonal: number;
  readonly frobeniusNorm: number;
  readonly infNorm: number;
  /** L ← chol(A + λI); false when A + λI is not (numerically) positive definite. */
  factor(lambda: number): boolean;
  /** out ← (A + λI)⁻¹ b with the current factor (`out` may be `b`). */
  solve(b: Float64Array, out: Float64Array): void;
  /** out ← L⁻¹ b. */
  lowerSolve(b: Float64Array, out: Float64Array): void;
  /** ‖Lᵀz‖² = zᵀ(A + λI)z. */
  factorNormSquared(z: Float64Array): number;
  /**
   * z ← a unit vector with ‖Lᵀz‖ small: the LINPACK condition estimator's approximate
   * right singular vector of Lᵀ for its smallest singular value (Golub & Van Loan §3.5.4).
   */
  estimateSmallest(z: Float64Array, work: Float64Array): void;
}

/** Tolerances of the iteration. */
export interface SecularOptions {
  /** Easy case: stop when |‖p‖ − Δ| ≤ kEasy·Δ with ‖p‖ ≥ Δ (then p is scaled onto the sphere). */
  kEasy: number;
  /** Hard case: stop when τ²‖Lᵀz‖² ≤ kHard (‖Lᵀp‖² + λΔ²). */
  kHard: number;
  /** Factorizations per solve. */
  maxIterations: number;
}

/** Work vectors of length ≥ m. */
export interface SecularWork {
  readonly w: Float64Array;
  readonly z: Float64Array;
  readonly t: Float64Array;
  readonly roots: Float64Array;
}

/** How the iteration ended (a reused object: no allocation per solve). */
export interface SecularState {
  lambda: number;
  iterations: number;
  exit: 'interior' | 'boundary' | 'hard-case';
  /** False when maxIterations ran out; `p` then holds the last (finite) iterate, or zeros. */
  converged: boolean;
  /** A factorization failed at some λ ≥ 0: A is indefinite (or singular). */
  indefinite: boolean;
}

/** Allocates work for dimension ≤ m. */
export function secularWork(m: number): SecularWork {
  return {
    w: new Float64Array(m),
    z: new Float64Array(m),
    t: new Float64Array(m),
    roots: new Float64Array(2),
  };
}

/** A new state object. */
export function secularState(): SecularState {
  return { lambda: 0, iterations: 0, exit: 'interior', converged: false, indefinite: false };
}

const EPS = Number.EPSILON;
/** τz counts as the hard case when ‖p(λ)‖ < (1 − this)Δ (a label only). */
const HARD_CASE_GAP = 1e-3;

function normOf(x: Float64Array, m: number): number {
  let s = 0;
  for (let i = 0; i < m; i++) s += x[i] * x[i];
  return Math.sqrt(s);
}

/** Safeguarded choice inside [lb, ub] (Moré & Sorensen 1983, (3.4); SciPy's update). */
function inside(lb: number, ub: number): number {
  if (!(ub > lb)) return lb;
  return Math.max(Math.sqrt(lb * ub), lb + 0.01 * (ub - lb));
}

/**
 * z ← an approximate eigenvector for the smallest eigenvalue of A + λI: the LINPACK
 * estimate refined by two steps of inverse iteration with the current factor.
 * Returns ‖Lᵀz‖² = zᵀ(A + λI)z for the unit z.
 */
function smallestDirection(sys: ShiftedSystem, z: Float64Array, t: Float64Array): number {
  const m = sys.size;
  sys.estimateSmallest(z, t);
  for (let k = 0; k < 2; k++) {
    sys.solve(z, z);
    const nz = normOf(z, m);
    if (!(nz > 0 && Number.isFinite(nz))) {
      sys.estimateSmallest(z, t);
      break;
    }
    for (let i = 0; i < m; i++) z[i] /= nz;
  }
  return sys.factorNormSquared(z);
}

/**
 * Moré–Sorensen: p ← argmin gᵀp + ½pᵀAp subject to ‖p‖ ≤ Δ by safeguarded Newton on
 * the secular equation 1/‖p(λ)‖ = 1/Δ, p(λ) = −(A + λI)⁻¹g, with the hard case handled by
 * a step τz along an approximate eigenvector of the smallest eigenvalue. The bounds and
 * updates are those of Conn, Gould & Toint §7.3 as SciPy's `IterativeSubproblem`.
 *
 * `lambdaGuess` (used when inside the initial bounds) warm-starts λ; pass NaN for none.
 *
 * **Reference** J. J. Moré & D. C. Sorensen, "Computing a trust region step", SIAM J. Sci.
 * Stat. Comput. 4 (1983); Conn, Gould & Toint, *Trust-Region Methods* (2000), Alg. 7.3.4–7.3.6,
 * §7.3.8; Nocedal & Wright (2006), Algorithm 4.3 and (4.44).
 */
export function secularNewton(
  sys: ShiftedSystem,
  g: Float64Array,
  radius: number,
  p: Float64Array,
  work: SecularWork,
  options: SecularOptions,
  lambdaGuess: number,
  state: SecularState,
): void {
  const m = sys.size;
  const { w, z, t, roots } = work;
  const { kEasy, kHard, maxIterations } = options;
  const gnorm = normOf(g, m);
  const normBound = Math.min(sys.frobeniusNorm, sys.infNorm);
  let ub = Math.max(0, gnorm / radius + Math.min(-sys.gershgorinLower, normBound));
  let lb = Math.max(0, -sys.minDiagonal, gnorm / radius - Math.min(sys.gershgorinUpper, normBound));
  let lambda = lb === 0 ? 0 : inside(lb, ub);
  if (lambdaGuess >= lb && lambdaGuess <= ub) lambda = lambdaGuess;
  state.iterations = 0;
  state.converged = false;
  state.indefinite = false;
  state.exit = 'boundary';
  let haveP = false;
  let factored = false;
  let widen = 4 * EPS;
  while (state.iterations < maxIterations) {
    let ok = factored;
    if (!factored) {
      ok = sys.factor(lambda);
      state.iterations++;
    }
    factored = false;
    let pn = 0;
    if (ok && gnorm > 0) {
      sys.solve(g, p);
      for (let i = 0; i < m; i++) p[i] = -p[i];
      pn = normOf(p, m);
    }
    if (ok && pn > 0) {
      haveP = true;
      if (pn <= radius && lambda === 0) {
        state.exit = 'interior';
        state.converged = true;
        break;
      }
      sys.lowerSolve(p, w);
      const wn = normOf(w, m);
      const lambdaNew = lambda + (pn / wn) ** 2 * ((pn - radius) / radius);
      if (pn < radius) {
        // Inside with λ > 0: λ is too large, or this is (nearly) the hard case.
        const s2 = smallestDirection(sys, z, t);
        let pz = 0;
        for (let i = 0; i < m; i++) pz += p[i] * z[i];
        boundaryIntersections(pn * pn, pz, 1, radius, roots);
        const tau = Math.abs(roots[0]) < Math.abs(roots[1]) ? roots[0] : roots[1];
        const quad = sys.factorNormSquared(p);
        if (tau * tau * s2 <= kHard * (quad + lambda * radius * radius)) {
          for (let i = 0; i < m; i++) p[i] += tau * z[i];
          // Called the hard case when p(λ) alone was clearly inside the boundary.
          state.exit =
            radius - pn > Math.max(kEasy, HARD_CASE_GAP) * radius ? 'hard-case' : 'boundary';
          state.converged = true;
          break;
        }
        ub = lambda;
        lb = Math.max(lb, lambda - s2);
        if (lambdaNew > lb && state.iterations < maxIterations) {
          state.iterations++;
          if (sys.factor(lambdaNew)) {
            lambda = lambdaNew;
            factored = true;
            continue;
          }
          state.indefinite = true;
          lb = Math.max(lb, lambdaNew);
        }
        lambda = inside(lb, ub);
      } else {
        // Converged, or Newton stalls: ‖p‖ is at Δ to the accuracy the factor allows.
        if (Math.abs(pn - radius) <= kEasy * radius || !(lambdaNew - lambda > 4 * EPS * lambda)) {
          // On the sphere: p(λ) is slightly outside (λ ≤ λ*), and ill-conditioned when λ is
          // near −λ₁; p ← Δ p/‖p‖ keeps the step in the region.
          if (pn > radius) for (let i = 0; i < m; i++) p[i] *= radius / pn;
          state.exit = 'boundary';
          state.converged = true;
          break;
        }
        lb = lambda;
        lambda = lambdaNew < ub ? lambdaNew : inside(lb, ub);
      }
    } else if (ok) {
      // g = 0 (or p(λ) underflows): a step along the eigenvector of the smallest
      // eigenvalue, if negative. (SciPy takes this branch for ‖g‖ ≤ n·ε·‖A‖∞, which
      // stalls on badly scaled problems whose g is small but meaningful.)
      if (lambda === 0) {
        for (let i = 0; i < m; i++) p[i] = 0;
        haveP = true;
        state.exit = 'interior';
        state.converged = true;
        break;
      }
      const s2 = smallestDirection(sys, z, t);
      if (s2 <= kHard * lambda) {
        for (let i = 0; i < m; i++) p[i] = radius * z[i];
        haveP = true;
        state.exit = 'hard-case';
        state.converged = true;
        break;
      }
      ub = lambda;
      lb = Math.max(lb, lambda - s2);
      lambda = inside(lb, ub);
    } else {
      state.indefinite = true;
      lb = Math.max(lb, lambda);
      if (!(ub > lb)) {
        // The bounds met where A + λI is still singular (λ = −λ₁ exactly, as when g = 0):
        // widen the bracket above it, more each time.
        ub = lb + Math.max(Math.abs(lb), 1) * widen;
        widen *= 16;
      }
      lambda = inside(lb, ub);
    }
  }
  if (!haveP) for (let i = 0; i < m; i++) p[i] = 0;
  state.lambda = lambda;
}
