/**
 * GLTR: the trust-region subproblem solved on the growing Krylov (Lanczos) space.
 *
 * @packageDocumentation
 */
import { dot, type Program, type Vector } from '@hessian/core';
import {
  type SecularOptions,
  type SecularState,
  type SecularWork,
  secularNewton,
  secularState,
  secularWork,
} from './secular.js';
import {
  cauchyStep,
  checkOptionsObject,
  fractionOption,
  type HvpOperator,
  type HvpSubproblem,
  integerOption,
  nonFiniteResult,
  type SubproblemExit,
  type SubproblemResult,
  shortOfCauchy,
  zeroStep,
} from './subproblem.js';
import { TridiagonalSystem } from './tridiagonal.js';

/** Options of {@link gltr}. */
export interface GltrOptions {
  /** Lanczos iterations per solve (all Krylov blocks together). Default n; at most n. */
  maxIterations?: number;
  /**
   * Fixed relative tolerance on the Krylov residual ‖(B + λI)p + g‖ ≤ tolerance·‖g‖.
   * Default: the forcing sequence min(0.5, √‖g‖), as {@link steihaugCG}.
   */
  tolerance?: number;
  /**
   * New Krylov blocks started, from a vector orthogonal to the space found, when the
   * Lanczos process breaks down on an invariant subspace (how the hard case is reached
   * when g is orthogonal to the eigenvector of the smallest eigenvalue). Default 1.
   */
  maxRestarts?: number;
}

/** Work of {@link gltr}. */
export interface GltrWork {
  readonly capacity: number;
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly c: Float64Array;
  readonly dir: Float64Array;
  readonly starts: Float64Array[];
  readonly blockStart: Int32Array;
  readonly tri: TridiagonalSystem;
  readonly h: Float64Array;
  readonly rhs: Float64Array;
  readonly secular: SecularWork;
  readonly state: SecularState;
  readonly dots: Float64Array;
}

/** The tridiagonal subproblems are cheap (O(k) per factorization): solve them tightly. */
const INNER: SecularOptions = { kEasy: 1e-10, kHard: 1e-10, maxIterations: 200 };
/** γ ≤ this × (largest |T| entry seen) is an invariant subspace (Lanczos breakdown). */
const BREAKDOWN = Math.sqrt(Number.EPSILON);

/** v ← v − δq − βq_prev; returns ‖v‖². The same operations in both Lanczos passes. */
function lanczosUpdate(
  v: Float64Array,
  q: Float64Array,
  qPrev: Float64Array,
  delta: number,
  beta: number,
): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    const vi = v[i] - delta * q[i] - beta * qPrev[i];
    v[i] = vi;
    s += vi * vi;
  }
  return s;
}

/** v ← v/γ (the same operation in both Lanczos passes). */
function divide(v: Float64Array, gamma: number): void {
  for (let i = 0; i < v.length; i++) v[i] /= gamma;
}

/** D-Lanczos (CG) update: dir ← (q − β·dir)/η, p ← p + ζ·dir; returns ‖p‖². */
function dLanczosUpdate(
  q: Float64Array,
  dir: Float64Array,
  p: Float64Array,
  beta: number,
  eta: number,
  zeta: number,
): number {
  let pp = 0;
  for (let i = 0; i < p.length; i++) {
    const di = (q[i] - beta * dir[i]) / eta;
    dir[i] = di;
    const pi = p[i] + zeta * di;
    p[i] = pi;
    pp += pi * pi;
  }
  return pp;
}

/** out ← [gᵀp, pᵀBp, ‖p‖²]. */
function stepDots(g: Vector, p: Vector, Bp: Float64Array, out: Float64Array): void {
  let gp = 0;
  let pBp = 0;
  let pp = 0;
  for (let i = 0; i < p.length; i++) {
    gp += g[i] * p[i];
    pBp += p[i] * Bp[i];
    pp += p[i] * p[i];
  }
  out[0] = gp;
  out[1] = pBp;
  out[2] = pp;
}

/** Deterministic uniform(−1, 1) entries (mulberry32), for restart vectors. */
function fillRandom(u: Float64Array, seed: number): void {
  let s = seed >>> 0;
  for (let i = 0; i < u.length; i++) {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    u[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
}

/**
 * Regenerates the Lanczos vectors q_0 … q_{k−1} from the stored tridiagonal (one product per
 * vector but the last of each block), calling `visit(q_j, j)` on each: the second pass of
 * GLTR, which stores no Krylov basis.
 */
function* regenerate(
  hvp: HvpOperator,
  g: Vector,
  gnorm: number,
  work: GltrWork,
  k: number,
  blocks: number,
  visit: (q: Float64Array, j: number) => void,
): Program<number> {
  let q = work.a;
  let qPrev = work.b;
  let v = work.c;
  const { tri, blockStart, starts } = work;
  for (let b = 0; b < blocks; b++) {
    const s = blockStart[b];
    const e = b + 1 < blocks ? blockStart[b + 1] : k;
    if (b === 0) for (let i = 0; i < q.length; i++) q[i] = g[i] / gnorm;
    else q.set(starts[b - 1]);
    qPrev.fill(0);
    let beta = 0;
    for (let j = s; j < e; j++) {
      visit(q, j);
      if (j === e - 1) break;
      const a = yield* hvp(q, v);
      if (a !== 0) return a;
      const gamma = tri.off[j];
      lanczosUpdate(v, q, qPrev, tri.diag[j], beta);
      divide(v, gamma);
      const t = qPrev;
      qPrev = q;
      q = v;
      v = t;
      beta = gamma;
    }
  }
  return 0;
}

/**
 * GLTR (generalized Lanczos trust region): Lanczos on B from q₀ = g/‖g‖ builds the
 * tridiagonal T_k = Q_kᵀBQ_k, and the step is Q_k h with h the solution of the subproblem
 * min ‖g‖h₀ + ½hᵀT_kh, ‖h‖ ≤ Δ on the Krylov space. While T_k is positive definite and the
 * iterate is inside, this is CG (kept as D-Lanczos: no basis is stored); once the boundary
 * or negative curvature is met, the tridiagonal subproblem is solved by Moré–Sorensen on
 * T_k (O(k) per factorization, warm-started), the hard case included, until the residual
 * ‖(B + λI)p + g‖ = γ_{k+1}|h_k| meets the tolerance; a second Lanczos pass then forms
 * Q_k h, and one more product gives the model value at that step (Lanczos vectors lose
 * orthogonality in floating point; the step is also pulled back onto the sphere if they
 * lengthened it). Unlike Steihaug CG it does not stop at the first boundary crossing: near-exact.
 * When Lanczos breaks down (an invariant subspace, e.g. g orthogonal to an eigenvector),
 * up to `maxRestarts` new blocks start from a vector orthogonal to the space found, so the
 * exact hard case is reached as far as those blocks see it.
 *
 * **Requires** only products B·v (`needs: 'hvp'`); B may be indefinite.
 * **Options** `maxIterations` (n), `tolerance` (min(0.5, √‖g‖)), `maxRestarts` (1);
 * see {@link GltrOptions}.
 * **Reference** N. I. M. Gould, S. Lucidi, M. Roma & Ph. L. Toint, "Solving the trust-region
 * subproblem using the Lanczos method", SIAM J. Optim. 9 (1999); Conn, Gould & Toint,
 * *Trust-Region Methods* (2000), §7.5; F. Lenders, C. Kirches & A. Potschka, "trlib" (2018).
 * @example trustRegion({ subproblem: gltr({ tolerance: 1e-8 }) }) // the method 'trust-krylov'
 */
export function gltr(options: GltrOptions = {}): HvpSubproblem<GltrWork> {
  checkOptionsObject('gltr', options);
  const maxIterations = integerOption('gltr', 'maxIterations', options.maxIterations, 1);
  const tolerance = fractionOption('gltr', 'tolerance', options.tolerance);
  const maxRestarts = integerOption('gltr', 'maxRestarts', options.maxRestarts, 0) ?? 1;
  const allocate = (n: number): GltrWork => {
    const capacity = Math.min(maxIterations ?? n, n);
    const starts: Float64Array[] = [];
    for (let r = 0; r < maxRestarts; r++) starts.push(new Float64Array(n));
    return {
      capacity,
      a: new Float64Array(n),
      b: new Float64Array(n),
      c: new Float64Array(n),
      dir: new Float64Array(n),
      starts,
      blockStart: new Int32Array(maxRestarts + 1),
      tri: new TridiagonalSystem(capacity),
      h: new Float64Array(capacity),
      rhs: new Float64Array(capacity),
      secular: secularWork(capacity),
      state: secularState(),
      dots: new Float64Array(3),
    };
  };
  return {
    name: 'gltr',
    needs: 'hvp',
    allocate,
    *solve(
      hvp: HvpOperator,
      g: Vector,
      radius: number,
      p: Vector,
      work: GltrWork = allocate(g.length),
    ): Program<SubproblemResult> {
      const n = g.length;
      const gnorm = Math.sqrt(dot(g, g));
      if (gnorm === 0) return zeroStep(p);
      const tol = (tolerance ?? Math.min(0.5, Math.sqrt(gnorm))) * gnorm;
      const { tri, h, rhs, dir, state, capacity, blockStart, starts } = work;
      let q = work.a;
      let qPrev = work.b;
      let v = work.c;
      for (let i = 0; i < n; i++) {
        q[i] = g[i] / gnorm;
        qPrev[i] = 0;
        p[i] = 0;
        dir[i] = 0;
      }
      rhs.fill(0);
      rhs[0] = gnorm;
      let k = 0;
      let beta = 0;
      let interior = true;
      let negative = false;
      let eta = 0;
      let zeta = 0;
      let lambda = Number.NaN;
      let blocks = 1;
      let scale = 0;
      blockStart[0] = 0;
      for (;;) {
        if ((yield* hvp(q, v)) !== 0) return nonFiniteResult(k + 1);
        const delta = dot(q, v);
        const gammaNext = Math.sqrt(lanczosUpdate(v, q, qPrev, delta, beta));
        tri.diag[k] = delta;
        if (k > 0) tri.off[k - 1] = beta;
        k++;
        scale = Math.max(scale, Math.abs(delta), beta, gammaNext);
        let converged = false;
        if (interior) {
          // D-Lanczos (CG): T_k = L U, pivots eta; p = Q_k T_k⁻¹(−‖g‖e₁).
          const l = k === 1 ? 0 : beta / eta;
          eta = delta - l * beta;
          zeta = k === 1 ? -gnorm : -l * zeta;
          if (!(eta > 0)) {
            interior = false;
            negative = true;
          } else {
            const pp = dLanczosUpdate(q, dir, p, beta, eta, zeta);
            if (pp >= radius * radius) interior = false;
            else if (gammaNext * Math.abs(zeta / eta) <= tol) converged = true;
          }
        }
        if (!interior) {
          tri.setSize(k);
          secularNewton(tri, rhs, radius, h, work.secular, INNER, lambda, state);
          lambda = state.lambda;
          if (gammaNext * Math.abs(h[k - 1]) <= tol) converged = true;
        }
        if (k >= capacity) break;
        if (gammaNext <= BREAKDOWN * scale) {
          // An invariant subspace: the residual is zero, but B may have curvature the
          // space has not seen (the hard case). Explore a new block if allowed.
          if (blocks > maxRestarts || k >= n) break;
          // A new Krylov block from a vector orthogonal to the space found so far.
          const u = starts[blocks - 1];
          fillRandom(u, blocks);
          const before = Math.sqrt(dot(u, u));
          const a = yield* regenerate(hvp, g, gnorm, work, k, blocks, (qj) => {
            const c = dot(qj, u);
            for (let i = 0; i < n; i++) u[i] -= c * qj[i];
          });
          if (a !== 0) return nonFiniteResult(k);
          const un = Math.sqrt(dot(u, u));
          if (!(un > BREAKDOWN * before)) break;
          for (let i = 0; i < n; i++) u[i] /= un;
          q.set(u);
          qPrev.fill(0);
          beta = 0;
          blockStart[blocks++] = k;
          continue;
        }
        if (converged) break;
        divide(v, gammaNext);
        const t = qPrev;
        qPrev = q;
        q = v;
        v = t;
        beta = gammaNext;
      }
      if (interior) {
        // The Krylov Newton point: T_k h = −‖g‖e₁, so m(p) = ½gᵀp.
        return {
          predicted: -0.5 * dot(g, p),
          stepNorm: Math.sqrt(dot(p, p)),
          onBoundary: false,
          exit: 'interior',
          innerIterations: k,
          lambda: 0,
        };
      }
      const exit: SubproblemExit =
        state.exit === 'hard-case'
          ? 'hard-case'
          : state.exit === 'interior'
            ? 'interior'
            : negative
              ? 'negative-curvature'
              : 'boundary';
      if (!state.converged) {
        let hn = 0;
        for (let i = 0; i < k; i++) hn += h[i] * h[i];
        hn = Math.sqrt(hn);
        if (hn > radius) for (let i = 0; i < k; i++) h[i] *= radius / hn;
      }
      p.fill(0);
      let a = yield* regenerate(hvp, g, gnorm, work, k, blocks, (qj, j) => {
        const hj = h[j];
        for (let i = 0; i < n; i++) p[i] += hj * qj[i];
      });
      if (a !== 0) return nonFiniteResult(k);
      // The model at the step itself (one more product): Lanczos vectors lose orthogonality
      // in floating point, so Q_k h is not exactly of norm ‖h‖ nor of model value m(h).
      const Bp = work.a;
      a = yield* hvp(p, Bp);
      if (a !== 0) return nonFiniteResult(k);
      stepDots(g, p, Bp, work.dots);
      const gp = work.dots[0];
      const pBp = work.dots[1];
      let stepNorm = Math.sqrt(work.dots[2]);
      let s = 1;
      if (stepNorm > radius) {
        s = radius / stepNorm;
        for (let i = 0; i < n; i++) p[i] *= s;
        stepNorm = radius;
      }
      const predicted = -(s * gp + 0.5 * s * s * pBp);
      // Never worse than the Cauchy point; gᵀBg = ‖g‖² T₀₀ since q₀ = g/‖g‖.
      const c = cauchyStep(g, gnorm * gnorm, gnorm * gnorm * tri.diag[0], radius, work.b);
      if (shortOfCauchy(predicted, c.predicted)) {
        p.set(work.b);
        c.exit = 'cauchy-fallback';
        c.innerIterations = k;
        return c;
      }
      return {
        predicted,
        stepNorm,
        onBoundary: exit !== 'interior',
        exit,
        innerIterations: k,
        lambda: state.lambda,
      };
    },
  };
}
