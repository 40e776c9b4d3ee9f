import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundaryIntersections } from './boundary.js';

describe('boundaryIntersections', () => {
  it('gives both roots of ‖z + t d‖ = Δ, sorted, negative then positive', () => {
    // z = (0.5, 0), d = (1, 0), Δ = 1: t = 0.5 and t = -1.5.
    const r = boundaryIntersections(0.25, 0.5, 1, 1);
    expect(Array.from(r)).toEqual([-1.5, 0.5]);
    expect(Array.from(boundaryIntersections(0, 0, 4, 1))).toEqual([-0.5, 0.5]);
  });

  it('is free of cancellation when z is near the sphere and d along z', () => {
    // z = (1 − 1e-10) e1, d = e1, Δ = 1: t₂ = 1 − ‖z‖ to full relative precision, and the
    // other root from the product of the roots.
    const zn = 1 - 1e-10;
    const r = boundaryIntersections(zn * zn, zn, 1, 1);
    const exact = 1 - zn; // exact in floating point (Sterbenz)
    expect(Math.abs(r[1] - exact) / exact).toBeLessThan(1e-12);
    expect(r[0]).toBeCloseTo(-(1 + zn), 15);
    // z on the sphere, d pointing inward: roots 0 and −2zᵀd/dᵀd.
    const on = boundaryIntersections(1, -1, 1, 1);
    expect(on[0]).toBe(0);
    expect(on[1]).toBe(2);
    // z and d orthogonal on the sphere: both roots 0 (no division by zero).
    expect(Array.from(boundaryIntersections(1, 0, 1, 1))).toEqual([0, 0]);
  });

  it('puts z + t d on the sphere for random z inside and random d (property)', () => {
    const v = fc.array(fc.double({ min: -10, max: 10, noNaN: true }), {
      minLength: 3,
      maxLength: 3,
    });
    fc.assert(
      fc.property(v, v, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (z0, d, radius) => {
        const dd = d.reduce((s, x) => s + x * x, 0);
        if (dd < 1e-12) return;
        const zn0 = Math.hypot(...z0);
        const z = z0.map((x) => (zn0 > 0 ? (x / zn0) * radius * 0.99 * Math.min(1, zn0) : 0));
        const zz = z.reduce((s, x) => s + x * x, 0);
        const zd = z.reduce((s, x, i) => s + x * d[i], 0);
        const [ta, tb] = boundaryIntersections(zz, zd, dd, radius);
        expect(ta).toBeLessThanOrEqual(0);
        expect(tb).toBeGreaterThanOrEqual(0);
        for (const t of [ta, tb]) {
          const norm = Math.hypot(...z.map((x, i) => x + t * d[i]));
          expect(Math.abs(norm - radius)).toBeLessThanOrEqual(1e-12 * radius);
        }
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});
