import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backtracking } from './backtracking.js';
import { hagerZhang } from './hager-zhang.js';
import { moreThuente } from './more-thuente.js';
import { type ScalarFunction, scalarSearch } from './scalar-search.js';
import { approximateWolfe, armijo, strongWolfe, wolfe } from './test-helpers.js';
import type { LineSearch, LineSearchResult } from './types.js';

/** A random smooth 1-D function with phi'(0) < 0, and a name for the report. */
interface Case {
  kind: string;
  phi: ScalarFunction;
}

const num = (min: number, max: number) => fc.double({ min, max, noNaN: true });
const logUniform = (lo: number, hi: number) => num(lo, hi).map((e) => 10 ** e);

const quadratics = fc.tuple(num(-100, 100), logUniform(-3, 1), logUniform(-3, 3)).map(
  ([c, s, h]): Case => ({
    kind: 'quadratic',
    phi: (a) => ({ value: c - s * a + 0.5 * h * a * a, slope: -s + h * a }),
  }),
);

const quartics = fc
  .tuple(num(-10, 10), logUniform(-3, 1), num(-10, 10), num(-10, 10), logUniform(-3, 1))
  .map(
    ([c, s, a2, a3, a4]): Case => ({
      kind: 'quartic',
      phi: (a) => ({
        value: c - s * a + a2 * a * a + a3 * a ** 3 + a4 * a ** 4,
        slope: -s + 2 * a2 * a + 3 * a3 * a * a + 4 * a4 * a ** 3,
      }),
    }),
  );

const exponentials = fc
  .array(fc.tuple(logUniform(-1, 1), num(-3, 3)), { minLength: 1, maxLength: 4 })
  .filter((terms) => terms.reduce((s, [w, k]) => s + w * k, 0) < -1e-3)
  .map(
    (terms): Case => ({
      kind: 'exponentials',
      phi: (a) => {
        let value = 0;
        let slope = 0;
        for (const [w, k] of terms) {
          const e = w * Math.exp(k * a);
          value += e;
          slope += k * e;
        }
        return { value, slope };
      },
    }),
  );

const cases = fc.oneof(quadratics, quartics, exponentials);
const alpha0s = logUniform(-3, 3);

/** The invariants of every result, whatever its status. */
function checkInvariants(
  ls: LineSearch,
  phi: ScalarFunction,
  r: LineSearchResult,
  phi0: number,
  slope0: number,
) {
  expect(r.evaluations).toBeLessThanOrEqual(51);
  if (r.alpha === 0) {
    expect(r.status).not.toBe('converged');
    expect([r.value, r.slope]).toEqual([phi0, slope0]);
    return;
  }
  expect(r.value).toBe(phi(r.alpha).value);
  if (ls.usesSlope) expect(r.slope).toBe(phi(r.alpha).slope);
  else expect(r.slope).toBeNaN();
  if (r.status !== 'converged') expect(r.value).toBeLessThan(phi0);
}

/** Runs one search on random cases; `condition` is its documented condition on converged steps. */
function property(
  ls: LineSearch,
  condition: (r: LineSearchResult, phi0: number, slope0: number) => boolean,
) {
  fc.assert(
    fc.property(cases, alpha0s, ({ phi }, alpha0) => {
      const { value: phi0, slope: slope0 } = phi(0);
      const r = scalarSearch(ls, phi, { phi0, slope0, alpha0 });
      checkInvariants(ls, phi, r, phi0, slope0);
      // bounded below, smooth and with phi'(0) < 0: each search must converge
      expect(r.status).toBe('converged');
      expect(condition(r, phi0, slope0)).toBe(true);
    }),
    { seed: 42, numRuns: 200 },
  );
}

describe('every search on random smooth functions with a descent start (fast-check)', () => {
  it('backtracking (cubic, quadratic, none, value-only) returns Armijo steps', () => {
    for (const [ls, c1] of [
      [backtracking(), 1e-4],
      [backtracking({ interpolation: 'quadratic', c1: 0.3 }), 0.3],
      [backtracking({ interpolation: 'none' }), 1e-4],
      [backtracking({ valueOnly: true }), 1e-4],
    ] as const)
      property(ls, (r, phi0, slope0) => armijo(r, phi0, slope0, c1));
  });

  it('moreThuente returns strong Wolfe steps', () => {
    for (const [c1, c2] of [
      [1e-4, 0.9],
      [0.1, 0.1],
      [1e-3, 1e-3],
    ])
      property(moreThuente({ c1, c2 }), (r, phi0, slope0) => strongWolfe(r, phi0, slope0, c1, c2));
  });

  it('hagerZhang returns Wolfe (T1) or approximate Wolfe (T2) steps, T2 only when asked', () => {
    property(hagerZhang(), (r, phi0, slope0) => {
      return wolfe(r, phi0, slope0, 0.1, 0.9) || approximateWolfe(r, phi0, slope0, 0.1, 0.9, 1e-6);
    });
    property(
      hagerZhang({ delta: 0.01, sigma: 0.1, conditions: 'approximate' }),
      (r, phi0, slope0) => approximateWolfe(r, phi0, slope0, 0.01, 0.1, 1e-6),
    );
  });

  it('failures keep the invariants: a limit of 2 evaluations', () => {
    for (const ls of [
      moreThuente({ c1: 0.01, c2: 0.01, maxEvaluations: 2 }),
      hagerZhang({ delta: 0.01, sigma: 0.01, maxEvaluations: 2 }),
      backtracking({ c1: 0.9, maxEvaluations: 2 }),
    ])
      fc.assert(
        fc.property(cases, alpha0s, ({ phi }, alpha0) => {
          const { value: phi0, slope: slope0 } = phi(0);
          const r = scalarSearch(ls, phi, { phi0, slope0, alpha0 });
          checkInvariants(ls, phi, r, phi0, slope0);
          expect(['converged', 'max-evaluations']).toContain(r.status);
          expect(r.evaluations).toBeLessThanOrEqual(3);
        }),
        { seed: 42, numRuns: 100 },
      );
  });
});
