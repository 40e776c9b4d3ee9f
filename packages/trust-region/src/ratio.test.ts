import { describe, expect, it } from 'vitest';
import { reductionRatio, updateRadius } from './ratio.js';

describe('reductionRatio', () => {
  it('is actual over predicted reduction', () => {
    expect(reductionRatio(10, 8, 4)).toBe(0.5);
    expect(reductionRatio(10, 11, 4)).toBe(-0.25);
    expect(reductionRatio(1, 0, 1)).toBe(1);
  });
  it('is −∞ for a non-finite trial value and NaN without predicted decrease', () => {
    expect(reductionRatio(1, Number.NaN, 1)).toBe(Number.NEGATIVE_INFINITY);
    expect(reductionRatio(1, Number.POSITIVE_INFINITY, 1)).toBe(Number.NEGATIVE_INFINITY);
    expect(reductionRatio(1, 0, 0)).toBeNaN();
    expect(reductionRatio(1, 0, -1)).toBeNaN();
  });
});

describe('updateRadius (Nocedal & Wright Alg. 4.1)', () => {
  it('shrinks ×1/4 when ρ < 1/4, including −∞ and NaN', () => {
    expect(updateRadius(2, 0.1, true)).toBe(0.5);
    expect(updateRadius(2, -3, false)).toBe(0.5);
    expect(updateRadius(2, Number.NEGATIVE_INFINITY, false)).toBe(0.5);
    expect(updateRadius(2, Number.NaN, true)).toBe(0.5);
  });
  it('keeps the radius for 1/4 ≤ ρ ≤ 3/4, or ρ > 3/4 inside the region', () => {
    expect(updateRadius(2, 0.25, true)).toBe(2);
    expect(updateRadius(2, 0.75, true)).toBe(2);
    expect(updateRadius(2, 0.9, false)).toBe(2);
  });
  it('doubles up to maxRadius when ρ > 3/4 on the boundary', () => {
    expect(updateRadius(2, 0.9, true)).toBe(4);
    expect(updateRadius(2, 0.9, true, 3)).toBe(3);
    expect(updateRadius(800, 1, true)).toBe(1000);
  });
});
