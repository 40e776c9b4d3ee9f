/**
 * Properties of every method on random problems (fast-check, seeded): convex quadratics of
 * a chosen condition number with quartic perturbations, and indefinite quadratics made
 * bounded below by a quartic term.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type MinimizeOptions, type MinimizeResult, minimize, minimizeAsync } from '../minimize.js';
import { METHOD_NAMES, type MethodName } from '../registry.js';
import { randomQuadratic, specOf, type TestCase } from './problems.js';

/** A convex quadratic of condition 10^logK in dimension n, with a quartic term c/4 Σx⁴. */
const convex = fc
  .record({
    n: fc.integer({ min: 1, max: 6 }),
    logK: fc.integer({ min: 0, max: 8 }),
    quartic: fc.constantFrom(0, 0.1, 1),
    seed: fc.integer({ min: 1, max: 1_000_000 }),
  })
  .map(({ n, logK, quartic, seed }) =>
    randomQuadratic({ n, condition: 10 ** logK, quartic, seed, x0Scale: 2 }),
  );

/** An indefinite quadratic (1 … n−1 negative eigenvalues) plus a quartic term: bounded below. */
const indefinite = fc
  .record({
    n: fc.integer({ min: 2, max: 6 }),
    logK: fc.integer({ min: 0, max: 4 }),
    negative: fc.integer({ min: 1, max: 5 }),
    quartic: fc.constantFrom(0.1, 1),
    seed: fc.integer({ min: 1, max: 1_000_000 }),
  })
  .map(({ n, logK, negative, quartic, seed }) =>
    randomQuadratic({
      n,
      condition: 10 ** logK,
      quartic,
      negative: Math.min(negative, n - 1),
      seed,
      x0Scale: 2,
    }),
  );

const problems = fc.oneof(convex, indefinite);

const RUNS = { seed: 42, numRuns: 10 };
const OPTIONS = { maxIterations: 200, gradientTolerance: 1e-8, trace: true } as const;

function solve(c: TestCase, method: MethodName, extra: Record<string, unknown> = {}) {
  const xs: Float64Array[] = [];
  const r = minimize(specOf(c), c.x0, {
    ...OPTIONS,
    ...extra,
    method,
    onIteration: (row) => {
      xs.push(Float64Array.from(row.x));
    },
  } as MinimizeOptions);
  return { r, xs };
}

/**
 * How much f may rise in one iteration of a line-search method: 0 for the Wolfe searches of
 * BFGS and L-BFGS; damped Newton takes a unit step whose change is within rounding,
 * 10ε|f| ({@link unitStepInRounding}); Newton-CG takes a unit step within 1e-10|f| (or
 * its first-order decrease) when its search finds no decrease below rounding.
 */
const RISE: Partial<Record<MethodName, (f: number) => number>> = {
  'damped-newton': (f) => 10 * Number.EPSILON * Math.abs(f),
  bfgs: () => 0,
  lbfgs: () => 0,
  'newton-cg': (f) => 1e-10 * Math.abs(f),
};
const LINE_SEARCH_METHODS = Object.keys(RISE) as MethodName[];
const TRUST_REGION_METHODS: MethodName[] = [
  'trust-exact',
  'trust-ncg',
  'trust-krylov',
  'dogleg',
  'trust-region-cauchy',
  'sr1-trust-region',
];

function traceRows(r: MinimizeResult) {
  return (r.trace ?? []).map(({ elapsedMs: _t, ...row }) => row);
}

describe('properties on random problems', () => {
  it('line-search methods decrease f monotonically (up to their documented rounding steps)', () => {
    fc.assert(
      fc.property(problems, (c) => {
        for (const m of LINE_SEARCH_METHODS) {
          const { r } = solve(c, m);
          const values = r.trace!.map((row) => row.value);
          for (let k = 1; k < values.length; k++)
            expect(values[k], `${m} on ${c.name}, iteration ${k}`).toBeLessThanOrEqual(
              values[k - 1] + RISE[m]!(values[k - 1]),
            );
        }
      }),
      RUNS,
    );
  });

  it('trust-region methods accept a step exactly when ρ > η, and then f decreases', () => {
    fc.assert(
      fc.property(problems, fc.constantFrom(0, 0.1, 0.2), (c, eta) => {
        for (const m of TRUST_REGION_METHODS) {
          const { r, xs } = solve(c, m, { eta });
          const t = r.trace!;
          for (let k = 1; k < t.length; k++) {
            const { rho, accepted } = t[k].info as { rho: number; accepted: boolean };
            const where = `${m} on ${c.name}, η = ${eta}, iteration ${k}`;
            expect(accepted, where).toBe(rho > eta);
            if (accepted) expect(t[k].value, where).toBeLessThan(t[k - 1].value);
            else {
              expect(t[k].value, where).toBe(t[k - 1].value);
              expect(Array.from(xs[k]), where).toEqual(Array.from(xs[k - 1]));
            }
            // ρ < ¼ (or not a number) shrinks the radius to a quarter.
            if (!(rho >= 0.25)) expect(t[k].radius, where).toBe(0.25 * t[k - 1].radius!);
          }
        }
      }),
      RUNS,
    );
  });

  it('the result is never worse than x0 (Newton: unless it says it found no minimum)', () => {
    fc.assert(
      fc.property(problems, (c) => {
        const f0 = c.value(c.x0);
        for (const m of METHOD_NAMES) {
          const { r } = solve(c, m);
          expect(Number.isFinite(r.value), `${m} on ${c.name}`).toBe(true);
          if (r.value <= f0) continue;
          // Exact Newton seeks critical points of any kind; converged to a saddle or a
          // maximum above f(x0), it says so.
          expect(m, `${m} on ${c.name}: ${r.value} > f(x0) = ${f0}`).toBe('newton');
          expect(r.success).toBe(true);
          expect((r.extra!.criticalPoint as { kind: string }).kind).not.toBe('minimum');
        }
      }),
      RUNS,
    );
  });

  it('two runs of the same input are identical bit for bit, sync and async alike', async () => {
    await fc.assert(
      fc.asyncProperty(problems, async (c) => {
        for (const m of METHOD_NAMES) {
          const a = solve(c, m).r;
          const b = solve(c, m).r;
          const spec = specOf(c);
          const asyncSpec = { ...spec, value: async (x: Float64Array) => spec.value(x) };
          const d = await minimizeAsync(asyncSpec, c.x0, {
            ...OPTIONS,
            method: m,
          } as MinimizeOptions);
          for (const other of [b, d]) {
            expect(Array.from(other.x)).toEqual(Array.from(a.x));
            expect(Object.is(other.value, a.value)).toBe(true);
            expect(other.status).toBe(a.status);
            expect(other.evaluations).toEqual(a.evaluations);
            expect(traceRows(other)).toEqual(traceRows(a));
          }
        }
      }),
      { seed: 42, numRuns: 5 },
    );
  });
});
