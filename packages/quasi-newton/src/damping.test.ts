import { jsKernels, SG_OLD, SY, YY } from '@hessian/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blendInto, blendWithGradient, powellDampPair } from './damping.js';

describe('Powell blending', () => {
  it('blendInto and blendWithGradient form theta·y + (1 − theta)·w', () => {
    const y = Float64Array.of(1, 2);
    blendInto(0.25, y, Float64Array.of(5, -6));
    expect(Array.from(y)).toEqual([0.25 + 0.75 * 5, 0.5 - 0.75 * 6]);
    const z = Float64Array.of(1, 2);
    blendWithGradient(0.5, z, 2, Float64Array.of(1, 1)); // w = −2·g
    expect(Array.from(z)).toEqual([0.5 - 1, 1 - 1]);
  });
});

describe('powellDampPair', () => {
  it('damps exactly when sᵀy < 0.2·sᵀBs, to sᵀr = 0.2·sᵀBs (Procedure 18.2), and updates prod', () => {
    fc.assert(
      fc.property(
        fc.float64Array({ minLength: 5, maxLength: 5, min: -3, max: 3, noNaN: true }),
        fc.float64Array({ minLength: 5, maxLength: 5, min: -3, max: 3, noNaN: true }),
        fc.double({ min: 0.1, max: 2, noNaN: true }),
        (g, dy, alpha) => {
          // H = I: d = −g, s = alpha·d, so B s = −alpha·g
          const x = new Float64Array(5);
          const xNew = g.map((v) => -alpha * v);
          const gNew = g.map((v, i) => v + dy[i]);
          const s = new Float64Array(5);
          const y = new Float64Array(5);
          const prod = jsKernels.secantPair(xNew, x, gNew, g, s, y, new Float64Array(5));
          const sBs = -alpha * prod[SG_OLD];
          const before = prod[SY];
          const damped = powellDampPair(prod, s, y, alpha, g);
          expect(damped).toBe(sBs > 0 && before < 0.2 * sBs);
          expect(prod[SY]).toBe(jsKernels.dot(s, y));
          expect(prod[YY]).toBe(jsKernels.dot(y, y));
          if (damped) expect(prod[SY]).toBeCloseTo(0.2 * sBs, 9);
          else expect(prod[SY]).toBe(before);
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });
});
