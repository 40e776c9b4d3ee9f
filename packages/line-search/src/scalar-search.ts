/**
 * {@link scalarSearch}: any line search on a user's own phi(alpha), without vectors.
 *
 * @packageDocumentation
 */
import { describe } from '@hessian/core';
import { createLineSearchWork, type LineSearch, type LineSearchResult } from './types.js';

/** phi(alpha) and phi'(alpha) from a user's merit function. */
export type ScalarFunction = (alpha: number) => { value: number; slope: number };

/**
 * Runs a line search on a 1-D function phi(alpha) → { value, slope }: the pure entry
 * for tests and for users with their own merit function. It runs the search's own
 * program on the line x = 0, d = 1 (so x + alpha·d = alpha exactly); a value or slope
 * that is not finite reaches the search as NaN, as from the driver.
 *
 * **Requires** phi0 = phi(0) and slope0 = phi'(0) finite, alpha0 > 0 finite; phi is
 * called once per evaluation the search asks for (value-only searches ignore `slope`).
 * **Reference** SciPy's `scalar_search_wolfe1`/`scalar_search_armijo`; LineSearches.jl.
 * @throws TypeError/RangeError naming the argument
 * @example
 * const r = scalarSearch(moreThuente(), (a) => ({ value: (a - 2) ** 2, slope: 2 * (a - 2) }),
 *   { phi0: 4, slope0: -4, alpha0: 1 });
 * // r.status === 'converged', r.alpha === 2
 */
export function scalarSearch(
  search: LineSearch,
  phi: ScalarFunction,
  start: { phi0: number; slope0: number; alpha0: number },
): LineSearchResult {
  if (typeof search !== 'object' || search === null || typeof search.search !== 'function')
    throw new TypeError(`scalarSearch: search must be a LineSearch, got ${describe(search)}`);
  if (typeof phi !== 'function')
    throw new TypeError(`scalarSearch: phi must be a function, got ${describe(phi)}`);
  if (typeof start !== 'object' || start === null)
    throw new TypeError(`scalarSearch: start must be an object, got ${describe(start)}`);
  const x = new Float64Array(1);
  const d = Float64Array.of(1);
  const program = search.search(
    x,
    d,
    start.phi0,
    start.slope0,
    start.alpha0,
    createLineSearchWork(1),
  );
  let answer = 0;
  for (;;) {
    const r = program.next(answer);
    if (r.done) return r.value;
    const y = r.value;
    if (y.op !== 'value' && y.op !== 'gradient')
      throw new TypeError(`scalarSearch: ${search.name} asked for a ${y.op} request`);
    const p = phi(y.x[0]);
    const value = p.value;
    if (y.op === 'gradient') {
      y.out[0] = p.slope;
      answer = Number.isFinite(value) && Number.isFinite(p.slope) ? value : Number.NaN;
    } else answer = Number.isFinite(value) ? value : Number.NaN;
  }
}
