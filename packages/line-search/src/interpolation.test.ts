import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cubicMinimizer,
  cubicMinimizerFromValues,
  quadraticMinimizer,
  secantMinimizer,
} from './interpolation.js';

const coordinate = fc.double({ min: -4, max: 4, noNaN: true });

/** A cubic with c'(t) = k (t − r1)(t − r2): its local minimizer is r2 when k > 0 (r1 < r2). */
function cubic(k: number, r1: number, r2: number, c0: number) {
  return {
    value: (t: number) => k * (t ** 3 / 3 - ((r1 + r2) / 2) * t * t + r1 * r2 * t) + c0,
    slope: (t: number) => k * (t - r1) * (t - r2),
    minimizer: k > 0 ? Math.max(r1, r2) : Math.min(r1, r2),
  };
}

describe('quadraticMinimizer and secantMinimizer', () => {
  it('are exact on quadratics', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        coordinate,
        coordinate,
        coordinate,
        fc.double({ min: 0.5, max: 4, noNaN: true }),
        (h, m, c, a, gap) => {
          const b = a + gap;
          const q = (t: number) => h * (t - m) ** 2 + c;
          const dq = (t: number) => 2 * h * (t - m);
          expect(quadraticMinimizer(a, q(a), dq(a), b, q(b))).toBeCloseTo(m, 9);
          expect(secantMinimizer(a, dq(a), b, dq(b))).toBeCloseTo(m, 9);
        },
      ),
      { seed: 42, numRuns: 100 },
    );
  });

  it('quadraticMinimizer returns NaN when the quadratic is not strictly convex', () => {
    expect(quadraticMinimizer(0, 0, -1, 1, -1)).toBeNaN(); // linear
    expect(quadraticMinimizer(0, 0, -1, 1, -2)).toBeNaN(); // concave
    expect(quadraticMinimizer(0, 4, -4, 1, 1)).toBe(2);
  });
});

describe('cubicMinimizer (Hermite) and cubicMinimizerFromValues', () => {
  it('are exact on cubics with a local minimizer', () => {
    const magnitude = fc.double({ min: 0.5, max: 4, noNaN: true });
    fc.assert(
      fc.property(
        fc.double({ min: 0.2, max: 5, noNaN: true }),
        fc.boolean(),
        fc.double({ min: -3, max: 3, noNaN: true }),
        magnitude,
        fc.tuple(fc.boolean(), magnitude),
        fc.tuple(fc.boolean(), magnitude),
        fc.double({ min: -10, max: 10, noNaN: true }),
        (k0, flip, r1, gap, [negA, ua], [negB, ub], c0) => {
          const a = negA ? -ua : ua;
          const b = a + (negB ? -ub : ub);
          fc.pre(Math.abs(b) >= 0.5);
          const c = cubic(flip ? -k0 : k0, r1, r1 + gap, c0);
          const hermite = cubicMinimizer(a, c.value(a), c.slope(a), b, c.value(b), c.slope(b));
          expect(hermite).toBeCloseTo(c.minimizer, 8);
          const fromValues = cubicMinimizerFromValues(
            c.value(0),
            c.slope(0),
            a,
            c.value(a),
            b,
            c.value(b),
          );
          expect(fromValues).toBeCloseTo(c.minimizer, 8);
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it('are exact on quadratics too, and return NaN for a cubic without a local minimizer', () => {
    const q = (t: number) => (t - 0.7) ** 2;
    const dq = (t: number) => 2 * (t - 0.7);
    expect(cubicMinimizer(0, q(0), dq(0), 2, q(2), dq(2))).toBeCloseTo(0.7, 14);
    expect(cubicMinimizerFromValues(q(0), dq(0), 1, q(1), 2, q(2))).toBeCloseTo(0.7, 14);
    // c(t) = t³ + t: c' = 3t² + 1 > 0 has no zero
    const c = (t: number) => t ** 3 + t;
    const dc = (t: number) => 3 * t * t + 1;
    expect(cubicMinimizer(-1, c(-1), dc(-1), 1, c(1), dc(1))).toBeNaN();
    expect(cubicMinimizerFromValues(c(0), dc(0), 1, c(1), 2, c(2))).toBeNaN();
  });

  it('match the documented examples', () => {
    expect(cubicMinimizer(0, 0, -3, 2, 2, 9)).toBeCloseTo(1, 14);
    expect(cubicMinimizerFromValues(0, -3, 2, 2, 3, 18)).toBeCloseTo(1, 14);
    expect(secantMinimizer(0, -4, 1, -2)).toBe(2);
  });
});
