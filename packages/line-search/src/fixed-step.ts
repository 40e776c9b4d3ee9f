/**
 * The fixed step: no search at all.
 *
 * @packageDocumentation
 */
import { lineSearch } from './protocol-adapter.js';
import type { ScalarProgram } from './scalar.js';
import type { LineSearch } from './types.js';

function* step(alpha: number, phi0: number, slope0: number): ScalarProgram {
  const t = yield alpha;
  if (Number.isNaN(t.value)) return { alpha: 0, value: phi0, slope: slope0, status: 'non-finite' };
  return { alpha, value: t.value, slope: Number.NaN, status: 'converged' };
}

/**
 * Always takes the step `alpha` (ignoring the search's alpha0): one `value` request,
 * status `converged` whatever the value (no decrease is checked), or `non-finite`
 * with alpha = 0 when the value is not finite. Value-only: the result's slope is NaN.
 *
 * **Requires** alpha, a finite number > 0; a descent direction (slope0 < 0; else `not-descent`).
 * **Options** alpha = 1.
 * **Reference** the constant step of gradient descent (Nocedal & Wright (2006), §3.1).
 * @throws RangeError `"fixedStep: alpha must be a finite number > 0, got 0"`
 * @example const ls = fixedStep(0.1);
 */
export function fixedStep(alpha = 1): LineSearch {
  if (typeof alpha !== 'number' || !(alpha > 0 && alpha < Infinity))
    throw new RangeError(`fixedStep: alpha must be a finite number > 0, got ${String(alpha)}`);
  return lineSearch('fixedStep', false, (phi0, slope0) => step(alpha, phi0, slope0));
}
