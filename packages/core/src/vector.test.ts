import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allFinite } from './vector.js';

describe('allFinite', () => {
  it('is true exactly when every entry is finite (NaN, ±∞ anywhere, −0, huge and tiny values)', () => {
    const entry = fc.oneof(
      { weight: 10, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 5e-324, 1.7e308),
      },
    );
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 23 }), (values) => {
        const expected = values.every(Number.isFinite);
        expect(allFinite(values)).toBe(expected);
        expect(allFinite(Float64Array.from(values))).toBe(expected);
      }),
      { seed: 11, numRuns: 500 },
    );
    expect(allFinite([])).toBe(true);
  });
});
