import { describe, expect, it } from 'vitest';
import {
  hagerZhangInitialStep,
  previousAlpha,
  quadraticInitialStep,
  unitStep,
} from './initial-step.js';

describe('initial-step rules', () => {
  it('unitStep is 1 and previousAlpha reuses the last step or falls back', () => {
    expect(unitStep()).toBe(1);
    expect(previousAlpha(0.25)).toBe(0.25);
    expect(previousAlpha(Number.NaN)).toBe(1);
    expect(previousAlpha(0, 0.5)).toBe(0.5);
    expect(previousAlpha(Infinity)).toBe(1);
  });

  it('quadraticInitialStep is the minimizer of the quadratic repeating the last decrease (N&W 3.60)', () => {
    // f_k = 9, f_{k−1} = 10, phi'(0) = −4: alpha0 = 2(9 − 10)/(−4) = 0.5, and the quadratic
    // q(a) = 9 − 4a + 4a² (minimizer 0.5) decreases by exactly f_{k−1} − f_k = 1
    expect(quadraticInitialStep(9, 10, -4)).toBe(0.5);
    const q = (a: number) => 9 - 4 * a + 4 * a * a;
    expect(q(0) - q(0.5)).toBe(1);
    expect(quadraticInitialStep(9, 10, -4, { scale: 1.01, maxAlpha: 1 })).toBeCloseTo(0.505, 15);
    expect(quadraticInitialStep(0, 10, -1, { scale: 1.01, maxAlpha: 1 })).toBe(1);
    expect(quadraticInitialStep(10, 10, -4)).toBe(1); // no decrease yet: the fallback
    expect(quadraticInitialStep(9, 10, 0, { fallback: 0.3 })).toBe(0.3);
  });

  it('hagerZhangInitialStep I0: psi0·‖x‖∞/‖g‖∞, else psi0·|f|/‖g‖², else 1', () => {
    const g = Float64Array.of(3, -4);
    expect(hagerZhangInitialStep({ x: Float64Array.of(2, -1), gradient: g, value: 7 })).toBeCloseTo(
      (0.01 * 2) / 4,
      15,
    );
    expect(hagerZhangInitialStep({ x: new Float64Array(2), gradient: g, value: -50 })).toBeCloseTo(
      (0.01 * 50) / 25,
      15,
    );
    expect(hagerZhangInitialStep({ x: new Float64Array(2), gradient: g, value: 0 })).toBe(1);
    expect(
      hagerZhangInitialStep({ x: new Float64Array(2), gradient: new Float64Array(2), value: 3 }),
    ).toBe(1);
    expect(
      hagerZhangInitialStep(
        { x: Float64Array.of(1), gradient: Float64Array.of(2), value: 1 },
        { psi0: 1 },
      ),
    ).toBe(0.5);
  });

  it('hagerZhangInitialStep I1: the minimizer of the convex quadratic through the trial', () => {
    // phi(a) = (a − 0.8)², phi(0) = 0.64, phi'(0) = −1.6; trial at psi1·alpha_{k−1} = 0.1
    const base = { x: Float64Array.of(1), gradient: Float64Array.of(1), value: 0.64 };
    const state = { ...base, previousAlpha: 1, slope0: -1.6, trial: { alpha: 0.1, value: 0.49 } };
    expect(hagerZhangInitialStep(state)).toBeCloseTo(0.8, 14);
    // the trial did not decrease phi: I2
    const up = { ...state, trial: { alpha: 0.1, value: 0.7 } };
    expect(hagerZhangInitialStep(up)).toBe(2);
    // a concave quadratic through the trial: I2
    const concave = { ...state, trial: { alpha: 0.1, value: 0.64 - 0.2 } };
    expect(hagerZhangInitialStep(concave)).toBe(2);
  });

  it('hagerZhangInitialStep I2: psi2·alpha_{k−1}', () => {
    const base = { x: Float64Array.of(1), gradient: Float64Array.of(1), value: 1 };
    expect(hagerZhangInitialStep({ ...base, previousAlpha: 0.5 })).toBe(1);
    expect(hagerZhangInitialStep({ ...base, previousAlpha: 0.5 }, { psi2: 3 })).toBe(1.5);
    expect(hagerZhangInitialStep({ ...base, previousAlpha: Number.NaN })).toBe(1);
  });
});
