import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allFinite, normInf } from './vector.js';

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

describe('normInf', () => {
  it('is max |xᵢ|, NaN when any entry is NaN (wherever it stands), 0 for no entries', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true }), { maxLength: 23 }),
        fc.nat(),
        (values, at) => {
          const x = Float64Array.from(values);
          expect(normInf(x)).toBe(x.length ? Math.max(...Array.from(x, Math.abs)) : 0);
          if (x.length) {
            x[at % x.length] = Number.NaN;
            expect(normInf(x)).toBeNaN();
          }
        },
      ),
      { seed: 12, numRuns: 300 },
    );
  });
});
