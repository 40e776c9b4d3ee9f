import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  eisenstatWalker1,
  eisenstatWalker2,
  quadraticForcing,
  superlinearForcing,
} from './forcing.js';

describe('forcing terms', () => {
  it('superlinear: min(0.5, √‖g‖)', () => {
    expect(superlinearForcing(1e-4)).toBeCloseTo(1e-2, 15);
    expect(superlinearForcing(4)).toBe(0.5);
    expect(superlinearForcing(0.04, 0.1)).toBe(0.1);
  });

  it('quadratic: min(0.5, ‖g‖)', () => {
    expect(quadraticForcing(1e-4)).toBe(1e-4);
    expect(quadraticForcing(3)).toBe(0.5);
  });

  it('Eisenstat–Walker choice 1: model mismatch over the previous gradient norm', () => {
    // |1e-3 − 2e-3| / 1e-1 = 1e-2; safeguard 0.05^φ ≈ 0.0078 ≤ 0.1 is not applied
    expect(
      eisenstatWalker1({
        gradientNorm: 1e-3,
        previousGradientNorm: 1e-1,
        linearResidualNorm: 2e-3,
        previousForcing: 0.05,
      }),
    ).toBeCloseTo(1e-2, 15);
    // safeguard: previous η = 0.5, 0.5^φ ≈ 0.3255 > 0.1 lifts η
    expect(
      eisenstatWalker1({
        gradientNorm: 1e-3,
        previousGradientNorm: 1e-1,
        linearResidualNorm: 2e-3,
        previousForcing: 0.5,
      }),
    ).toBeCloseTo(0.5 ** ((1 + Math.sqrt(5)) / 2), 15);
    // capped at ηmax
    expect(
      eisenstatWalker1({
        gradientNorm: 2,
        previousGradientNorm: 1,
        linearResidualNorm: 0,
        previousForcing: 0.01,
        max: 0.9,
      }),
    ).toBe(0.9);
  });

  it('Eisenstat–Walker choice 2: γ(‖g_k‖/‖g_{k−1}‖)^α with its safeguard', () => {
    // 0.9 · 0.1² = 0.009, raised to 0.9 · 0.5² = 0.225
    expect(
      eisenstatWalker2({ gradientNorm: 1e-2, previousGradientNorm: 1e-1, previousForcing: 0.5 }),
    ).toBeCloseTo(0.225, 15);
    // safeguard off: 0.9 · 0.2² = 0.036 ≤ 0.1
    expect(
      eisenstatWalker2({ gradientNorm: 1e-2, previousGradientNorm: 1e-1, previousForcing: 0.2 }),
    ).toBeCloseTo(0.009, 15);
    expect(
      eisenstatWalker2(
        { gradientNorm: 1e-2, previousGradientNorm: 1e-1, previousForcing: 0.01 },
        0.5,
        1.5,
      ),
    ).toBeCloseTo(0.5 * 0.1 ** 1.5, 15);
  });

  it('every choice stays in [0, ηmax] and is non-increasing in ‖g‖ → 0', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-12, max: 1e3, noNaN: true }),
        fc.double({ min: 1e-12, max: 1e3, noNaN: true }),
        fc.double({ min: 0, max: 1e3, noNaN: true }),
        fc.double({ min: 1e-6, max: 0.5, noNaN: true }),
        (gn, prev, lin, eta) => {
          const s = {
            gradientNorm: gn,
            previousGradientNorm: prev,
            linearResidualNorm: lin,
            previousForcing: eta,
          };
          for (const v of [
            superlinearForcing(gn),
            quadraticForcing(gn),
            eisenstatWalker1(s),
            eisenstatWalker2(s),
          ]) {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(0.5);
          }
          expect(superlinearForcing(gn / 2)).toBeLessThanOrEqual(superlinearForcing(gn));
          expect(quadraticForcing(gn)).toBeLessThanOrEqual(superlinearForcing(gn) + 1e-300);
        },
      ),
      { seed: 42, numRuns: 100 },
    );
  });
});
