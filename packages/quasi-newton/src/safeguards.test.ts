import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  curvatureConditionHolds,
  inverseScaling,
  powellTheta,
  sr1UpdateIsSafe,
} from './safeguards.js';

describe('safeguards', () => {
  it('curvatureConditionHolds compares sᵀy with epsilon‖s‖‖y‖', () => {
    expect(curvatureConditionHolds(1e-9, 1, 1, 1e-8)).toBe(false);
    expect(curvatureConditionHolds(2e-8, 1, 1, 1e-8)).toBe(true);
    expect(curvatureConditionHolds(-1, 1, 1, 0)).toBe(false);
    expect(curvatureConditionHolds(Number.NaN, 1, 1, 0)).toBe(false);
  });

  it('powellTheta makes sᵀr = 0.2 sᵀBs exactly when it damps (Procedure 18.2)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.double({ min: 1e-3, max: 10, noNaN: true }),
        (sy, sBs) => {
          const theta = powellTheta(sy, sBs);
          const sr = theta * sy + (1 - theta) * sBs;
          if (sy >= 0.2 * sBs) expect(theta).toBe(1);
          else {
            expect(theta).toBeGreaterThanOrEqual(0);
            expect(theta).toBeLessThan(1);
            expect(sr).toBeCloseTo(0.2 * sBs, 10);
          }
        },
      ),
      { seed: 42, numRuns: 100 },
    );
    expect(powellTheta(-1, 1)).toBeCloseTo(0.4, 15);
  });

  it('inverseScaling and sr1UpdateIsSafe', () => {
    expect(inverseScaling(2, 4)).toBe(0.5);
    expect(sr1UpdateIsSafe(1, 1, 1, 1e-8)).toBe(true);
    expect(sr1UpdateIsSafe(1e-9, 1, 1, 1e-8)).toBe(false);
    expect(sr1UpdateIsSafe(0, 1, 0, 1e-8)).toBe(false); // y = Bs: nothing to update
  });
});
