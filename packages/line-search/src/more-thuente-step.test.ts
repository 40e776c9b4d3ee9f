import { describe, expect, it } from 'vitest';
import { cubicMinimizer, secantMinimizer } from './interpolation.js';
import { moreThuenteStep, type UncertaintyInterval } from './more-thuente-step.js';

/** stx = 0 with phi(0) = 0, phi'(0) = −1, not bracketed. */
function start(): UncertaintyInterval {
  return { stx: 0, fx: 0, dx: -1, sty: 0, fy: 0, dy: -1, bracketed: false };
}

describe('moreThuenteStep (dcstep)', () => {
  it('case 1, a higher value: brackets, takes the cubic step when closer to stx', () => {
    const iv = start();
    const next = moreThuenteStep(iv, 1, 1, -0.5, 0, 4);
    // cubic step 0.10056… (closer to stx = 0 than the quadratic step 0.25)
    expect(next).toBeCloseTo(0.10056217060402, 12);
    expect(next).toBe(cubicMinimizer(0, 0, -1, 1, 1, -0.5));
    expect(iv).toEqual({ stx: 0, fx: 0, dx: -1, sty: 1, fy: 1, dy: -0.5, bracketed: true });
  });

  it('case 1 takes the average of cubic and quadratic steps when the cubic is farther', () => {
    const iv = start();
    // phi(1) = 0.1 just above phi(0): the cubic minimizer lies beyond the quadratic one
    const next = moreThuenteStep(iv, 1, 0.1, 3, 0, 4);
    const stpc = cubicMinimizer(0, 0, -1, 1, 0.1, 3);
    const stpq = 1 / 2.2; // minimizer of q(0) = 0, q'(0) = −1, q(1) = 0.1
    expect(Math.abs(stpc)).toBeGreaterThanOrEqual(Math.abs(stpq));
    expect(next).toBeCloseTo(stpc + (stpq - stpc) / 2, 14);
    expect(iv.bracketed).toBe(true);
  });

  it('case 2, lower value and slopes of opposite sign: brackets, new stx = stp, sty = old stx', () => {
    const iv = start();
    const next = moreThuenteStep(iv, 1, -0.5, 0.5, 0, 4);
    const stpc = cubicMinimizer(1, -0.5, 0.5, 0, 0, -1);
    const stps = secantMinimizer(1, 0.5, 0, -1); // 2/3
    expect(stps).toBeCloseTo(2 / 3, 15);
    expect(next).toBe(Math.abs(stpc - 1) > Math.abs(stps - 1) ? stpc : stps);
    expect(next).toBeCloseTo(2 / 3, 15);
    expect(iv).toEqual({ stx: 1, fx: -0.5, dx: 0.5, sty: 0, fy: 0, dy: -1, bracketed: true });
  });

  it('case 3, same sign and decreasing |slope|, not bracketed: extrapolates within [stpmin, stpmax]', () => {
    const iv = start();
    // the cubic's minimizer lies beyond stpmax: the step is clamped to it
    expect(moreThuenteStep(iv, 1, -0.5, -0.25, 1.1, 4)).toBe(4);
    expect(iv).toEqual({ stx: 1, fx: -0.5, dx: -0.25, sty: 0, fy: 0, dy: -1, bracketed: false });
    // c' = (t − 2.5)(t + 3): slopes −7.5 at 0 and −6 at 1, local minimizer 2.5. Unbracketed,
    // the step farther from stp wins: the secant step 5 over the cubic step 2.5.
    const c = (t: number) => t ** 3 / 3 + 0.25 * t * t - 7.5 * t;
    const dc = (t: number) => (t - 2.5) * (t + 3);
    const at0 = () => ({ ...start(), fx: c(0), dx: dc(0), fy: c(0), dy: dc(0) });
    expect(secantMinimizer(1, dc(1), 0, dc(0))).toBeCloseTo(5, 14);
    expect(moreThuenteStep(at0(), 1, c(1), dc(1), 1.1, 10)).toBeCloseTo(5, 14);
    expect(moreThuenteStep(at0(), 1, c(1), dc(1), 1.1, 4)).toBe(4);
  });

  it('case 3, bracketed: the step stays within 0.66 of the way from stp to sty', () => {
    const iv: UncertaintyInterval = {
      stx: 0,
      fx: 0,
      dx: -1,
      sty: 2,
      fy: 1,
      dy: 5,
      bracketed: true,
    };
    const next = moreThuenteStep(iv, 1, -0.9, -0.01, 0, 2);
    expect(next).toBeGreaterThan(1);
    expect(next).toBeLessThanOrEqual(1 + 0.66 * (2 - 1));
    expect(iv.stx).toBe(1);
    expect(iv.sty).toBe(2);
  });

  it('case 4, same sign and |slope| not decreasing: stpmax unbracketed, the cubic through sty bracketed', () => {
    const iv = start();
    expect(moreThuenteStep(iv, 1, -0.5, -2, 1.1, 4)).toBe(4);
    expect(iv.stx).toBe(1);
    const b: UncertaintyInterval = {
      stx: 0,
      fx: 0,
      dx: -1,
      sty: 2,
      fy: 1,
      dy: 3,
      bracketed: true,
    };
    const next = moreThuenteStep(b, 0.5, -0.6, -1.5, 0, 2);
    expect(next).toBe(cubicMinimizer(0.5, -0.6, -1.5, 2, 1, 3));
    expect(next).toBeGreaterThan(0.5);
    expect(next).toBeLessThan(2);
    expect(b).toMatchObject({ stx: 0.5, fx: -0.6, dx: -1.5, sty: 2, bracketed: true });
  });
});
