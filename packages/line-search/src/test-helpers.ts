/**
 * Condition checks and a recording phi, shared by the tests (internal).
 *
 * @packageDocumentation
 */
import type { ScalarFunction } from './scalar-search.js';
import type { LineSearchResult } from './types.js';

/** Armijo: phi(a) <= phi(0) + c1·a·phi'(0). */
export function armijo(r: LineSearchResult, phi0: number, slope0: number, c1: number): boolean {
  return r.value <= phi0 + c1 * r.alpha * slope0;
}

/** Strong Wolfe: Armijo and |phi'(a)| <= c2·|phi'(0)|. */
export function strongWolfe(
  r: LineSearchResult,
  phi0: number,
  slope0: number,
  c1: number,
  c2: number,
): boolean {
  return armijo(r, phi0, slope0, c1) && Math.abs(r.slope) <= c2 * -slope0;
}

/** Hager–Zhang's approximate Wolfe conditions (T2) with ε_k = epsilon·|phi(0)|. */
export function approximateWolfe(
  r: LineSearchResult,
  phi0: number,
  slope0: number,
  delta: number,
  sigma: number,
  epsilon: number,
): boolean {
  return (
    sigma * slope0 <= r.slope &&
    r.slope <= (2 * delta - 1) * slope0 &&
    r.value <= phi0 + epsilon * Math.abs(phi0)
  );
}

/** The (weak) Wolfe conditions (T1) with delta and sigma. */
export function wolfe(
  r: LineSearchResult,
  phi0: number,
  slope0: number,
  delta: number,
  sigma: number,
): boolean {
  return r.value - phi0 <= delta * r.alpha * slope0 && r.slope >= sigma * slope0;
}

/** phi wrapped to record every alpha it is called at. */
export function recording(phi: ScalarFunction): { phi: ScalarFunction; alphas: number[] } {
  const alphas: number[] = [];
  return {
    alphas,
    phi: (a) => {
      alphas.push(a);
      return phi(a);
    },
  };
}
