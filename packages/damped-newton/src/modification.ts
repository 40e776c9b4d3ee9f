/**
 * Hessian modifications: make a symmetric H positive definite, H̃ = H + E, so that
 * the step p = −H̃⁻¹g is a descent direction. Pure helpers, each tested alone.
 *
 * @packageDocumentation
 */
import {
  allFinite,
  cholesky,
  choleskySolve,
  DenseMatrix,
  symmetricEigen,
  type Vector,
} from '@hessian/core';

/** The Hessian modification strategies of {@link modifiedNewtonStep}. */
export type Modification = 'cholesky-shift' | 'modified-cholesky' | 'eigen' | 'levenberg';

/** Every {@link Modification}, in the order the docs list them. */
export const MODIFICATIONS: readonly Modification[] = [
  'cholesky-shift',
  'modified-cholesky',
  'eigen',
  'levenberg',
];

/**
 * L ← the Cholesky factor of H + τI for the smallest τ in the sequence τ₀, then
 * τ ← max(2τ, β), for which the factorization succeeds with every pivot l_jj² above
 * ε²·max_i(h_ii + τ) (smaller pivots mean κ(H + τI) > 1/ε²: success in rounding only);
 * returns that τ (NaN when H is not finite). τ₀ is raised to −min h_ii + β when some h_ii ≤ 0, since H + τI cannot
 * be positive definite for a smaller τ. `L` may not be `H`.
 *
 * **Reference** Nocedal & Wright, *Numerical Optimization* (2nd ed.), Algorithm 3.3.
 * @example shiftedCholesky(DenseMatrix.from([[1, 0], [0, -1]]), 0, 1e-3, L) // 1.001
 */
export function shiftedCholesky(
  H: DenseMatrix,
  tau0: number,
  beta: number,
  L: DenseMatrix,
): number {
  const n = H.rows;
  const h = H.data;
  const l = L.data;
  if (!allFinite(h)) return Number.NaN;
  let minDiag = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) minDiag = Math.min(minDiag, h[i * n + i]);
  let tau = Math.max(tau0, minDiag > 0 ? 0 : beta - minDiag);
  while (Number.isFinite(tau)) {
    l.set(h);
    for (let i = 0; i < n; i++) l[i * n + i] += tau;
    if (cholesky(L, L) && pivotsAreSafe(L, H, tau)) return tau;
    tau = Math.max(2 * tau, beta);
  }
  return Number.NaN;
}

/**
 * Whether a Cholesky factor L of H + τI is usable: every pivot l_jj² above
 * ε²·max_i (h_ii + τ). A smaller pivot means κ(H + τI) > 1/ε²: the factorization
 * "succeeded" in rounding only (a denormal h_ii next to normal ones does it) and the
 * step would be astronomically long. The bound is deliberately far below the classical
 * "singular to working precision" (κ > 1/ε): on powell-badly-scaled, κ(∇²f(x*)) ≈ 1e18,
 * and the Newton step from a pivot near rounding is still what gets the run there.
 */
function pivotsAreSafe(L: DenseMatrix, H: DenseMatrix, tau: number): boolean {
  const n = H.rows;
  let maxDiagonal = 0;
  let minPivot = Number.POSITIVE_INFINITY;
  for (let j = 0; j < n; j++) {
    maxDiagonal = Math.max(maxDiagonal, H.data[j * n + j] + tau);
    minPivot = Math.min(minPivot, L.data[j * n + j] ** 2);
  }
  return minPivot > Number.EPSILON * Number.EPSILON * maxDiagonal;
}

/**
 * Cholesky with added multiple of the identity: L ← chol(H + τI) for the first τ of
 * 0 (when every h_ii > 0) or −min h_ii + β, doubled (at least β) until the
 * factorization succeeds. Returns τ, the amount added to each diagonal entry.
 *
 * **Reference** Nocedal & Wright, *Numerical Optimization* (2nd ed.), Algorithm 3.3
 * (β = 10⁻³ there).
 * @example choleskyWithShift(DenseMatrix.from([[1, 2], [2, 1]]), 1e-3, L) // 1.024 (eigenvalues -1, 3)
 */
export function choleskyWithShift(H: DenseMatrix, beta: number, out: DenseMatrix): number {
  return shiftedCholesky(H, 0, beta, out);
}

/** Scratch vectors of {@link modifiedCholesky} and {@link ldlSolve}, grown on demand, never per call. */
let column = new Float64Array(0);
let reduced = new Float64Array(0);
let permuted = new Float64Array(0);

/**
 * Gill–Murray–Wright modified Cholesky with symmetric pivoting:
 * P(H + E)Pᵀ = L D Lᵀ with P the permutation `perm` (row j of PHPᵀ is row perm[j] of H),
 * L unit lower triangular, D = diag(d) positive and E diagonal, E = 0 when H is
 * sufficiently positive definite. Step j brings the largest remaining |c_qq| to the
 * pivot (GMW's interchanges: without them L can be unbounded in effect, and on an
 * indefinite H the factor's entries, though bounded, compound into a useless step),
 * then takes d_j = max(|c_jj|, (θ_j/β)², δ), θ_j = max_{i>j} |c_ij|, which bounds
 * |l_ij|·√d_j ≤ β and so ‖E‖; β² = max(γ, ξ/√(n²−1), ε) with γ, ξ the largest diagonal
 * and off-diagonal magnitudes of H, δ = ε·max(γ + ξ, 1).
 *
 * Writes L (strict upper triangle zeroed), d, `perm` and, when given, E's diagonal in
 * H's own order into `e`; returns max E_ii, the most added to one diagonal entry.
 * Left-looking, n³/6 multiply-adds, H read through the permutation; not blocked (several
 * times slower than core's blocked `cholesky` for n in the thousands).
 *
 * **Requires** H symmetric (the lower triangle is read) and finite; `L` may not be `H`;
 * d, e of length n, perm an Int32Array of length n.
 * **Reference** Nocedal & Wright, *Numerical Optimization* (2nd ed.), §3.4, Algorithm 3.4,
 * (3.42)–(3.44) and the symmetric interchanges discussed after it; Gill, Murray & Wright,
 * *Practical Optimization* (1981), §4.4.2.2.
 * @example modifiedCholesky(DenseMatrix.from([[1, 2], [2, 1]]), L, d, perm) // ≈ 2.46 = E_11 (eigenvalues of H: −1, 3)
 */
export function modifiedCholesky(
  H: DenseMatrix,
  L: DenseMatrix,
  d: Vector,
  perm: Int32Array,
  e?: Vector,
): number {
  const n = H.rows;
  const h = H.data;
  const c = L.data;
  const eps = Number.EPSILON;
  let gamma = 0;
  let xi = 0;
  for (let i = 0; i < n; i++) {
    gamma = Math.max(gamma, Math.abs(h[i * n + i]));
    for (let j = 0; j < i; j++) xi = Math.max(xi, Math.abs(h[i * n + j]));
  }
  const nu = Math.max(1, Math.sqrt(n * n - 1));
  const beta2 = Math.max(gamma, xi / nu, eps);
  const delta = eps * Math.max(gamma + xi, 1);
  // Left-looking: column j of L from the rows of L before it (dot products on contiguous
  // rows); H is read through perm, so the interchanges move only rows of L and the
  // reduced diagonal, which chooses the pivots.
  if (column.length < n) {
    column = new Float64Array(n);
    reduced = new Float64Array(n);
  }
  const w = column;
  const diag = reduced;
  for (let i = 0; i < n; i++) {
    perm[i] = i;
    diag[i] = h[i * n + i];
  }
  c.fill(0);
  let added = 0;
  for (let j = 0; j < n; j++) {
    let q = j;
    for (let i = j + 1; i < n; i++) if (Math.abs(diag[i]) > Math.abs(diag[q])) q = i;
    if (q !== j) {
      for (let k = 0; k < j; k++) {
        const t = c[j * n + k];
        c[j * n + k] = c[q * n + k];
        c[q * n + k] = t;
      }
      const t = perm[j];
      perm[j] = perm[q];
      perm[q] = t;
      const r = diag[j];
      diag[j] = diag[q];
      diag[q] = r;
    }
    const pj = perm[j];
    const rowJ = j * n;
    let cjj = h[pj * n + pj];
    for (let s = 0; s < j; s++) {
      const ws = d[s] * c[rowJ + s];
      w[s] = ws;
      cjj -= ws * c[rowJ + s];
    }
    let theta = 0;
    for (let i = j + 1; i < n; i++) {
      const pi = perm[i];
      let cij = pi > pj ? h[pi * n + pj] : h[pj * n + pi];
      const row = i * n;
      for (let s = 0; s < j; s++) cij -= w[s] * c[row + s];
      c[row + j] = cij;
      theta = Math.max(theta, Math.abs(cij));
    }
    const dj = Math.max(Math.abs(cjj), (theta * theta) / beta2, delta);
    d[j] = dj;
    const ej = dj - cjj;
    if (e) e[pj] = ej;
    added = Math.max(added, ej);
    for (let i = j + 1; i < n; i++) {
      const cij = c[i * n + j];
      const lij = cij / dj;
      c[i * n + j] = lij;
      diag[i] -= cij * lij;
    }
    c[rowJ + j] = 1;
  }
  return added;
}

/**
 * out ← (Pᵀ L D Lᵀ P)⁻¹ b for L unit lower triangular, D = diag(d) and the permutation
 * `perm` of {@link modifiedCholesky} (identity when absent). `out` may be `b`.
 * Allocation-free after the first call at a given size.
 *
 * **Reference** Golub & Van Loan, *Matrix Computations* (4th ed.), §4.1.2 (LDLᵀ).
 * @example modifiedCholesky(H, L, d, perm); ldlSolve(L, d, g, p, perm); // p = (H + E)⁻¹g
 */
export function ldlSolve(
  L: DenseMatrix,
  d: Vector,
  b: Vector,
  out: Vector,
  perm?: Int32Array,
): Vector {
  const n = L.rows;
  const l = L.data;
  if (permuted.length < n) permuted = new Float64Array(n);
  const y = permuted;
  for (let i = 0; i < n; i++) y[i] = b[perm ? perm[i] : i];
  for (let i = 0; i < n; i++) {
    let s = y[i];
    const row = i * n;
    for (let k = 0; k < i; k++) s -= l[row + k] * y[k];
    y[i] = s;
  }
  for (let i = 0; i < n; i++) y[i] /= d[i];
  for (let i = n - 1; i >= 0; i--) {
    const v = y[i];
    for (let k = 0; k < i; k++) y[k] -= l[i * n + k] * v;
  }
  for (let i = 0; i < n; i++) out[perm ? perm[i] : i] = y[i];
  return out;
}

/** How {@link eigenModify} treats eigenvalues below the floor δ. */
export type EigenMode = 'flip' | 'floor';

/**
 * out ← V diag(λ̃) Vᵀ from H = V diag(λ) Vᵀ, with λ̃_i = max(|λ_i|, δ) (`'flip'`: negative
 * curvature becomes positive curvature of the same size) or λ̃_i = max(λ_i, δ)
 * (`'floor'`), δ = floor·max(1, max_i |λ_i|) (relative to H's scale, with an
 * absolute floor as in core's `analyzeHessian` and the δ of {@link modifiedCholesky}). Returns
 * max_i |λ̃_i − λ_i| = ‖out − H‖₂, what was added.
 *
 * Uses core's `symmetricEigen` (O(n³) with a large constant, seconds at n = 1000):
 * for small n only.
 *
 * **Reference** Nocedal & Wright, *Numerical Optimization* (2nd ed.), §3.4, (3.39)–(3.41);
 * Greenstadt (1967) for the absolute-value ('flip') modification.
 * @example eigenModify(DenseMatrix.from([[1, 0], [0, -2]]), out, 'flip', 1e-8) // 4; out = diag(1, 2)
 */
export function eigenModify(
  H: DenseMatrix,
  out: DenseMatrix,
  mode: EigenMode,
  floor: number,
): number {
  const n = H.rows;
  const { values, vectors } = symmetricEigen(H);
  const delta = floor * Math.max(1, Math.abs(values[0]), Math.abs(values[n - 1]));
  const v = vectors.data;
  const o = out.data;
  o.fill(0);
  let added = 0;
  for (let k = 0; k < n; k++) {
    const lambda = values[k];
    const modified = Math.max(mode === 'flip' ? Math.abs(lambda) : lambda, delta);
    added = Math.max(added, modified - lambda);
    for (let i = 0; i < n; i++) {
      const w = modified * v[i * n + k];
      for (let j = 0; j <= i; j++) o[i * n + j] += w * v[j * n + k];
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) o[j * n + i] = o[i * n + j];
  return added;
}

/** Work space of {@link modifiedNewtonStep}, allocated once per run. */
export interface ModificationWork {
  readonly L: DenseMatrix;
  readonly d: Float64Array;
  readonly perm: Int32Array;
  readonly M: DenseMatrix;
}

/**
 * Allocates the work space of {@link modifiedNewtonStep} for dimension `n` (once per run).
 * @example const work = createModificationWork(x0.length);
 */
export function createModificationWork(n: number): ModificationWork {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`createModificationWork: n must be an integer >= 1, got ${String(n)}`);
  return {
    L: new DenseMatrix(n, n),
    d: new Float64Array(n),
    perm: new Int32Array(n),
    M: new DenseMatrix(n, n),
  };
}

/** The parameters of {@link modifiedNewtonStep}. */
export interface ModificationSettings {
  readonly modification: Modification;
  /** Shift floor β of `cholesky-shift` and `levenberg`. */
  readonly beta: number;
  /** `eigen`: flip or floor. */
  readonly eigenMode: EigenMode;
  /** `eigen`: relative eigenvalue floor. */
  readonly eigenFloor: number;
  /** `levenberg`: the damping λ to try first. */
  readonly lambda: number;
}

/**
 * out ← p = −H̃⁻¹g with H̃ = H + E positive definite, E chosen by `settings.modification`:
 * `cholesky-shift` ({@link choleskyWithShift}), `modified-cholesky` ({@link modifiedCholesky}),
 * `eigen` ({@link eigenModify}) or `levenberg` (H + λI, starting from `settings.lambda`,
 * doubled until positive definite: {@link shiftedCholesky}). Since H̃ is positive
 * definite, gᵀp = −gᵀH̃⁻¹g < 0 whenever g ≠ 0: p is a descent direction.
 *
 * Returns what was added (τ, max E_jj, ‖H̃ − H‖₂ or the λ used), or NaN when no finite
 * step was found (H not finite).
 *
 * **Reference** Nocedal & Wright, *Numerical Optimization* (2nd ed.), §3.4, Algorithm 3.2.
 * @example const added = modifiedNewtonStep(H, g, p, work, { modification: 'eigen', beta: 1e-3, eigenMode: 'flip', eigenFloor: 1e-12, lambda: 0 });
 */
export function modifiedNewtonStep(
  H: DenseMatrix,
  g: Vector,
  out: Vector,
  work: ModificationWork,
  settings: ModificationSettings,
): number {
  const { L, d, perm, M } = work;
  let added: number;
  switch (settings.modification) {
    case 'cholesky-shift':
      added = choleskyWithShift(H, settings.beta, L);
      choleskySolve(L, g, out);
      break;
    case 'levenberg':
      added = shiftedCholesky(H, settings.lambda, settings.beta, L);
      choleskySolve(L, g, out);
      break;
    case 'modified-cholesky':
      if (!allFinite(H.data)) return Number.NaN;
      added = modifiedCholesky(H, L, d, perm);
      ldlSolve(L, d, g, out, perm);
      break;
    case 'eigen':
      if (!allFinite(H.data)) return Number.NaN;
      added = eigenModify(H, M, settings.eigenMode, settings.eigenFloor);
      if (!cholesky(M, L)) return Number.NaN;
      choleskySolve(L, g, out);
      break;
  }
  if (!Number.isFinite(added)) return Number.NaN;
  for (let i = 0; i < out.length; i++) {
    const v = -out[i];
    if (v - v !== 0) return Number.NaN;
    out[i] = v;
  }
  return added;
}

/**
 * The next Levenberg damping from ρ = (actual reduction)/(predicted reduction) of the
 * last step: λ·max(1/3, 1 − (2ρ − 1)³) when ρ > 0 (a smooth version of "shrink when the
 * model was good, grow when it was poor": ρ = 1 divides λ by 3, ρ = ½ keeps it, ρ → 0
 * doubles it), 2λ otherwise.
 *
 * **Reference** Moré & Sorensen, "Newton's method", in *Studies in Numerical Analysis*
 * (1984), §4 (Levenberg–Marquardt damping of Newton's method); Nielsen, "Damping
 * parameter in Marquardt's method", IMM-REP-1999-05, (2.6).
 * @example levenbergUpdate(1, 1) // 1/3
 */
export function levenbergUpdate(lambda: number, rho: number): number {
  if (!(rho > 0)) return 2 * lambda;
  return lambda * Math.max(1 / 3, 1 - (2 * rho - 1) ** 3);
}

/**
 * The reduction that the Newton model q(s) = gᵀs + ½ sᵀHs predicts for the step s = αp
 * when (H + λI) p = −g: −q(αp) = −α gᵀp (1 − α/2) + ½ α² λ ‖p‖², without a product
 * with H (since pᵀHp = −gᵀp − λ‖p‖²).
 *
 * **Reference** Nocedal & Wright, *Numerical Optimization* (2nd ed.), (4.4) (the ratio ρ).
 * @example predictedReduction(-2, 1, 0, 1) // 1: with λ = 0 the model predicts −½ gᵀp
 */
export function predictedReduction(
  slope: number,
  alpha: number,
  lambda: number,
  pNormSquared: number,
): number {
  return -alpha * slope * (1 - alpha / 2) + 0.5 * alpha * alpha * lambda * pNormSquared;
}

/**
 * Whether to accept the unit step x + p without a line search because f is in its
 * rounding regime: f changed by at most 10ε·|f| either way (rounding noise, which an
 * Armijo test reads as failure when it is a rise) while ‖∇f‖∞ at least halved (so the
 * step made real progress). Near a minimizer f(x + p) − f(x) ≈ ½∇fᵀp falls below ε|f| long before
 * ‖∇f‖ meets a tight tolerance; without this a line search stalls there.
 *
 * **Reference** Hager & Zhang, "A new conjugate gradient method with guaranteed descent
 * and an efficient line search", SIAM J. Optim. 16 (2005), §4 (the approximate Wolfe
 * conditions, for the same reason).
 * @example unitStepInRounding(378.76919180868435, 378.76919180868447, 2.8e-6, 2.2e-13) // true
 */
export function unitStepInRounding(
  f: number,
  fUnit: number,
  gradientNorm: number,
  gradientNormUnit: number,
): boolean {
  return (
    Number.isFinite(fUnit) &&
    Math.abs(fUnit - f) <= 10 * Number.EPSILON * Math.abs(f) &&
    gradientNormUnit <= 0.5 * gradientNorm
  );
}
