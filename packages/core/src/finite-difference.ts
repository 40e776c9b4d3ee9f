/**
 * Finite-difference gradients as programs: they yield `value` requests only.
 *
 * @packageDocumentation
 */
import type { Program } from './protocol.js';
import type { Vector } from './vector.js';

/** Difference scheme: forward (n + 1 values, error O(h)) or central (2n + 1 values, O(h²)). */
export type DifferenceScheme = 'forward' | 'central';

/**
 * Relative step for a scheme: √ε for forward differences and ∛ε for central ones,
 * which balance truncation error against rounding error (Nocedal & Wright (8.6), (8.9)).
 */
export function defaultRelativeStep(scheme: DifferenceScheme): number {
  return scheme === 'forward' ? Math.sqrt(Number.EPSILON) : Math.cbrt(Number.EPSILON);
}

/**
 * out ← an approximation of ∇f(x) by finite differences of f; returns f(x), or NaN
 * when any value was not finite. Step h_i = relStep·max(|x_i|, 1), rounded so that
 * x_i + h_i − x_i is exact. `work` is a length-n scratch vector.
 *
 * **Reference** Nocedal & Wright, *Numerical Optimization* (2006), §8.1, (8.1) and (8.7).
 */
export function* finiteDifferenceGradient(
  x: Vector,
  out: Vector,
  work: Vector,
  scheme: DifferenceScheme = 'central',
  relStep = defaultRelativeStep(scheme),
): Program<number> {
  const n = x.length;
  work.set(x);
  const f0 = yield { op: 'value', x: work };
  if (!Number.isFinite(f0)) return Number.NaN;
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    const h = relStep * Math.max(Math.abs(xi), 1);
    work[i] = xi + h;
    const hp = work[i] - xi;
    const fp = yield { op: 'value', x: work };
    if (scheme === 'forward') {
      work[i] = xi;
      if (!Number.isFinite(fp)) return Number.NaN;
      out[i] = (fp - f0) / hp;
    } else {
      work[i] = xi - h;
      const hm = xi - work[i];
      const fm = yield { op: 'value', x: work };
      work[i] = xi;
      if (!Number.isFinite(fp) || !Number.isFinite(fm)) return Number.NaN;
      out[i] = (fp - fm) / (hp + hm);
    }
  }
  return f0;
}
