/**
 * Forcing terms of inexact Newton methods: how accurately the inner CG solves
 * H p = −g, as a fraction η of ‖g‖ (stop when ‖H p + g‖ ≤ η ‖g‖).
 *
 * @packageDocumentation
 */

/** The named forcing sequences {@link newtonCg} accepts. */
export type ForcingName = 'superlinear' | 'quadratic' | 'eisenstat-walker-1' | 'eisenstat-walker-2';

/** Every {@link ForcingName}, in the order error messages list them. */
export const FORCING_NAMES: readonly ForcingName[] = [
  'superlinear',
  'quadratic',
  'eisenstat-walker-1',
  'eisenstat-walker-2',
];

/** The golden ratio (1 + √5)/2: the exponent of Eisenstat & Walker's choice-1 safeguard. */
const GOLDEN = (1 + Math.sqrt(5)) / 2;

/**
 * η = min(ηmax, √‖g‖): superlinear convergence (Nocedal & Wright's choice in Alg. 7.1).
 *
 * **Reference** Nocedal & Wright, *Numerical Optimization* (2nd ed., 2006), Thm. 7.2 and Alg. 7.1.
 * @example superlinearForcing(1e-4) // 0.01
 */
export function superlinearForcing(gradientNorm: number, max = 0.5): number {
  return Math.min(max, Math.sqrt(gradientNorm));
}

/**
 * η = min(ηmax, ‖g‖): quadratic convergence (Nocedal & Wright Thm. 7.2 with η_k = O(‖∇f_k‖)).
 *
 * **Reference** Nocedal & Wright (2006), Thm. 7.2.
 * @example quadraticForcing(1e-4) // 1e-4
 */
export function quadraticForcing(gradientNorm: number, max = 0.5): number {
  return Math.min(max, gradientNorm);
}

/** What Eisenstat & Walker's choices need from the previous iteration. */
export interface EisenstatWalkerState {
  /** ‖g_k‖₂ at the new point. */
  readonly gradientNorm: number;
  /** ‖g_{k−1}‖₂. */
  readonly previousGradientNorm: number;
  /** η_{k−1}. */
  readonly previousForcing: number;
  /** Choice 1 only: ‖g_{k−1} + H_{k−1} s_{k−1}‖₂, the linear model's residual at the step taken. */
  readonly linearResidualNorm?: number;
  /** Upper bound ηmax. Default 0.5. */
  readonly max?: number;
}

/**
 * Eisenstat & Walker's choice 1: η_k = |‖g_k‖ − ‖g_{k−1} + H_{k−1}s_{k−1}‖| / ‖g_{k−1}‖, how
 * well the linear model predicted the new gradient, with the safeguard
 * η_k ← max(η_k, η_{k−1}^φ) when η_{k−1}^φ > 0.1 (φ = (1 + √5)/2), then η_k ← min(η_k, ηmax).
 *
 * **Reference** S. C. Eisenstat and H. F. Walker, "Choosing the forcing terms in an inexact
 * Newton method", SIAM J. Sci. Comput. 17(1), 1996, (2.1) and safeguard (2.4).
 * @example eisenstatWalker1({ gradientNorm: 1e-3, previousGradientNorm: 1e-1, linearResidualNorm: 2e-3, previousForcing: 0.5 })
 */
export function eisenstatWalker1(s: EisenstatWalkerState): number {
  const max = s.max ?? 0.5;
  const lin = s.linearResidualNorm ?? Number.NaN;
  let eta = Math.abs(s.gradientNorm - lin) / s.previousGradientNorm;
  if (!Number.isFinite(eta)) return max;
  const guard = s.previousForcing ** GOLDEN;
  if (guard > 0.1) eta = Math.max(eta, guard);
  return Math.min(eta, max);
}

/**
 * Eisenstat & Walker's choice 2: η_k = γ (‖g_k‖/‖g_{k−1}‖)^α, with the safeguard
 * η_k ← max(η_k, γ η_{k−1}^α) when γ η_{k−1}^α > 0.1, then η_k ← min(η_k, ηmax).
 *
 * **Options** `gamma` 0.9 and `alpha` 2 (the paper's recommended pair; α in (1, 2]).
 * **Reference** Eisenstat & Walker (1996), (2.6) and safeguard (2.6′).
 * @example eisenstatWalker2({ gradientNorm: 1e-2, previousGradientNorm: 1e-1, previousForcing: 0.5 }) // 0.225
 */
export function eisenstatWalker2(s: EisenstatWalkerState, gamma = 0.9, alpha = 2): number {
  const max = s.max ?? 0.5;
  let eta = gamma * (s.gradientNorm / s.previousGradientNorm) ** alpha;
  if (!Number.isFinite(eta)) return max;
  const guard = gamma * s.previousForcing ** alpha;
  if (guard > 0.1) eta = Math.max(eta, guard);
  return Math.min(eta, max);
}
