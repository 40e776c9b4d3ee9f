/**
 * Initial-step rules: the first trial alpha0 a method hands its line search.
 * Pure functions; each returns a finite alpha0 > 0.
 *
 * @packageDocumentation
 */
import { normInf, type Vector } from '@hessian/core';
import { quadraticMinimizer } from './interpolation.js';

function positive(v: number, fallback: number): number {
  return v > 0 && v < Infinity ? v : fallback;
}

/**
 * The unit step alpha0 = 1: right for Newton and quasi-Newton directions, whose natural
 * step is 1 (superlinear convergence needs it to be tried first).
 *
 * **Reference** Nocedal & Wright (2006), §3.5 ("Initial step length").
 * @example const alpha0 = unitStep(); // 1
 */
export function unitStep(): number {
  return 1;
}

/**
 * The previous iteration's accepted step, or `fallback` when there is none (not finite or <= 0).
 *
 * **Options** fallback = 1.
 * **Reference** Nocedal & Wright (2006), §3.5; LineSearches.jl `InitialPrevious`.
 * @example previousAlpha(0.25) // 0.25; previousAlpha(Number.NaN) // 1
 */
export function previousAlpha(previous: number, fallback = 1): number {
  return positive(previous, fallback);
}

/** Options of {@link quadraticInitialStep}. */
export interface QuadraticInitialStepOptions {
  /** Multiplies the interpolated step (Nocedal & Wright suggest 1.01 with a cap of 1 for Newton-type methods). Default 1. */
  scale?: number;
  /** Upper bound on the step. Default Infinity. */
  maxAlpha?: number;
  /** Returned when the formula gives no finite positive step (no decrease yet, slope0 >= 0). Default 1. */
  fallback?: number;
}

/**
 * The minimizer of the quadratic through phi(0) = f_k, phi'(0) = slope0, assuming the
 * decrease f_{k−1} − f_k of the last iteration repeats: alpha0 = 2(f_k − f_{k−1})/phi'(0),
 * then min(maxAlpha, scale·alpha0).
 *
 * **Requires** f_k = value, f_{k−1} = previousValue, slope0 = ∇f(x_k)ᵀd_k < 0.
 * **Options** scale = 1, maxAlpha = Infinity, fallback = 1.
 * **Reference** Nocedal & Wright (2006), eq. (3.60) and the remark after it.
 * @example quadraticInitialStep(9, 10, -4) // 0.5
 * @example quadraticInitialStep(f, fPrev, s0, { scale: 1.01, maxAlpha: 1 }) // Newton-type
 */
export function quadraticInitialStep(
  value: number,
  previousValue: number,
  slope0: number,
  options: QuadraticInitialStepOptions = {},
): number {
  const { scale = 1, maxAlpha = Infinity, fallback = 1 } = options;
  const alpha = Math.min(maxAlpha, (scale * 2 * (value - previousValue)) / slope0);
  return positive(alpha, fallback);
}

/** What {@link hagerZhangInitialStep} needs: the current iterate and, after the first iteration, the previous step. */
export interface HagerZhangInitialState {
  /** The current iterate x_k (used on the first iteration only). */
  readonly x: Vector;
  /** ∇f(x_k) (used on the first iteration only). */
  readonly gradient: Vector;
  /** f(x_k) = phi(0). */
  readonly value: number;
  /** The previous accepted step alpha_{k−1}; absent on the first iteration (rule I0). */
  readonly previousAlpha?: number;
  /** phi'(0) = ∇f(x_k)ᵀd_k (rule I1). */
  readonly slope0?: number;
  /** phi at psi1·alpha_{k−1}, when the caller evaluated it (rule I1). */
  readonly trial?: { readonly alpha: number; readonly value: number };
}

/** Options of {@link hagerZhangInitialStep} (CG_DESCENT's names and defaults). */
export interface HagerZhangInitialStepOptions {
  /** Scale of the first step (I0). Default 0.01. */
  psi0?: number;
  /** Where to evaluate the trial of I1, as a fraction of alpha_{k−1}. Default 0.1. */
  psi1?: number;
  /** Growth of the previous step (I2). Default 2. */
  psi2?: number;
}

/**
 * The initial step of Hager & Zhang's CG_DESCENT.
 * - I0 (first iteration, no previousAlpha): psi0·‖x‖∞/‖g‖∞ when x ≠ 0, else
 *   psi0·|f|/‖g‖₂² when f ≠ 0, else 1.
 * - I1: when `trial` (phi at psi1·alpha_{k−1}) is given, trial.value <= phi(0) and the
 *   quadratic through phi(0), phi'(0) and the trial is strictly convex: its minimizer.
 * - I2: otherwise psi2·alpha_{k−1}.
 *
 * **Requires** on the first iteration, d_0 = −∇f(x_0) (I0 measures the step in gradient units).
 * **Options** psi0 = 0.01, psi1 = 0.1 (the caller evaluates phi(psi1·alpha_{k−1}) for I1),
 * psi2 = 2.
 * **Reference** Hager & Zhang, "Algorithm 851: CG_DESCENT", ACM TOMS 32(1), 2006, §3, rules I0–I2.
 * @example hagerZhangInitialStep({ x, gradient: g, value: f }) // first iteration
 * @example hagerZhangInitialStep({ x, gradient: g, value: f, previousAlpha: 0.5 }) // 1 (I2)
 */
export function hagerZhangInitialStep(
  state: HagerZhangInitialState,
  options: HagerZhangInitialStepOptions = {},
): number {
  const { psi0 = 0.01, psi2 = 2 } = options;
  const { x, gradient, value, previousAlpha: previous, slope0, trial } = state;
  if (previous === undefined) {
    const xNorm = normInf(x);
    const gNorm = normInf(gradient);
    if (xNorm > 0 && gNorm > 0) return positive((psi0 * xNorm) / gNorm, 1);
    let g2 = 0;
    for (let i = 0; i < gradient.length; i++) g2 += gradient[i] * gradient[i];
    if (value !== 0 && g2 > 0) return positive((psi0 * Math.abs(value)) / g2, 1);
    return 1;
  }
  if (trial !== undefined && slope0 !== undefined && slope0 < 0 && trial.value <= value) {
    const c = quadraticMinimizer(0, value, slope0, trial.alpha, trial.value);
    if (c > 0 && c < Infinity) return c;
  }
  return positive(psi2 * previous, 1);
}
