import { describe, expect, it } from 'vitest';
import { hagerZhang, hagerZhangConditions } from './hager-zhang.js';
import { PAPER_ALPHA0, PAPER_FUNCTIONS } from './paper-functions.js';
import { runPaperCase } from './paper-table.js';
import { type ScalarFunction, scalarSearch } from './scalar-search.js';
import { approximateWolfe, recording, wolfe } from './test-helpers.js';

describe('hagerZhang on the 24 cases of Moré & Thuente (1994, §5)', () => {
  for (const F of PAPER_FUNCTIONS) {
    for (const alpha0 of PAPER_ALPHA0) {
      const start = F.phi(0);
      it(`function ${F.id} from ${alpha0}: approximate Wolfe (T2) with delta = μ, sigma = η`, () => {
        const search = hagerZhang({ delta: F.mu, sigma: F.eta, conditions: 'approximate' });
        const r = runPaperCase(search, F, alpha0);
        expect(r.status).toBe('converged');
        expect(approximateWolfe(r, start.value, start.slope, F.mu, F.eta, 1e-6)).toBe(true);
        expect(r.value).toBe(F.phi(r.alpha).value);
        expect(r.slope).toBe(F.phi(r.alpha).slope);
      });
      it(`function ${F.id} from ${alpha0}: T1 or T2, with delta = μ, sigma = η and with the defaults`, () => {
        for (const [delta, sigma] of [
          [F.mu, F.eta],
          [0.1, 0.9],
        ]) {
          const r = runPaperCase(hagerZhang({ delta, sigma }), F, alpha0);
          expect(r.status).toBe('converged');
          const t1 = wolfe(r, start.value, start.slope, delta, sigma);
          const t2 = approximateWolfe(r, start.value, start.slope, delta, sigma, 1e-6);
          expect(t1 || t2).toBe(true);
        }
      });
    }
  }
});

describe('hagerZhang', () => {
  it('expands by rho until the slope turns non-negative (B3, B1), then secant² lands on a quadratic minimizer', () => {
    const { phi, alphas } = recording((a) => ({ value: (a - 100) ** 2, slope: 2 * (a - 100) }));
    const r = scalarSearch(
      hagerZhang({ delta: 0.45, sigma: 0.45, conditions: 'approximate' }),
      phi,
      {
        phi0: 1e4,
        slope0: -200,
        alpha0: 1,
      },
    );
    expect(alphas.slice(0, 4)).toEqual([1, 5, 25, 125]);
    expect(r.status).toBe('converged');
    expect(r.alpha).toBeCloseTo(100, 10); // the secant step on [25, 125] is exact
    expect(r.evaluations).toBe(5);
  });

  it("shrinks [0, c] by U3 when phi(c) > phi(0) + ε with phi'(c) < 0 (B2)", () => {
    // phi = a⁴ − 8a³ + 18a² − 8a: phi(3) = 3 > 0 = phi(0) and phi'(3) = −8 < 0
    const { phi, alphas } = recording((a) => ({
      value: a ** 4 - 8 * a ** 3 + 18 * a * a - 8 * a,
      slope: 4 * a ** 3 - 24 * a * a + 36 * a - 8,
    }));
    const r = scalarSearch(hagerZhang(), phi, { phi0: 0, slope0: -8, alpha0: 3 });
    expect(alphas[1]).toBe(1.5); // (1 − theta)·0 + theta·3
    expect(r.status).toBe('converged');
    expect(r.value).toBeLessThan(0);
  });

  it('accepts by T2 where rounding hides every decrease, which T1 (and Armijo) cannot', () => {
    // phi(a) = 1 + 1e-17((a − 1)² − 1): every phi(a) rounds to 1, phi'(0) = −2e-17
    const flat: ScalarFunction = (a) => ({
      value: 1 + 1e-17 * ((a - 1) ** 2 - 1),
      slope: 2e-17 * (a - 1),
    });
    const start = { phi0: 1, slope0: -2e-17, alpha0: 0.3 };
    const r = scalarSearch(hagerZhang(), flat, start);
    expect(r.status).toBe('converged');
    expect(approximateWolfe(r, 1, -2e-17, 0.1, 0.9, 1e-6)).toBe(true);
    const t1 = scalarSearch(hagerZhang({ conditions: 'wolfe', maxEvaluations: 20 }), flat, start);
    expect(t1.status).not.toBe('converged');
  });

  it('halves non-finite trials toward the last good point and converges', () => {
    const phi: ScalarFunction = (a) =>
      a > 2
        ? { value: Number.NaN, slope: Number.NaN }
        : { value: (a - 1.5) ** 2, slope: 2 * (a - 1.5) };
    const r = scalarSearch(hagerZhang(), phi, { phi0: 2.25, slope0: -3, alpha0: 100 });
    expect(r.status).toBe('converged');
    expect(r.alpha).toBeLessThanOrEqual(2);
    expect(
      hagerZhangConditions(r.alpha, r.value, r.slope, 2.25, -3, 0.1, 0.9, 2.25 * (1 + 1e-6)),
    ).toBe(true);
    const nan: ScalarFunction = () => ({ value: Number.NaN, slope: 0 });
    expect(
      scalarSearch(hagerZhang({ maxEvaluations: 4 }), nan, { phi0: 1, slope0: -1, alpha0: 1 }),
    ).toEqual({ alpha: 0, value: 1, slope: -1, evaluations: 4, status: 'non-finite' });
  });

  it('ends with max-evaluations at its best point', () => {
    const F = PAPER_FUNCTIONS[1];
    const start = F.phi(0);
    const { phi, alphas } = recording(F.phi);
    const r = scalarSearch(hagerZhang({ delta: 0.1, sigma: 0.1, maxEvaluations: 3 }), phi, {
      phi0: start.value,
      slope0: start.slope,
      alpha0: 1e-3,
    });
    expect(r.status).toBe('max-evaluations');
    const values = alphas.slice(0, 3).map((a) => F.phi(a).value);
    expect(r.value).toBe(Math.min(...values));
    expect(r.value).toBe(F.phi(r.alpha).value);
    expect(r.evaluations).toBe(alphas.length);
  });

  it('returns not-descent at once when slope0 >= 0', () => {
    const { phi, alphas } = recording(() => ({ value: 0, slope: 0 }));
    const r = scalarSearch(hagerZhang(), phi, { phi0: 1, slope0: 2, alpha0: 1 });
    expect(r).toEqual({ alpha: 0, value: 1, slope: 2, evaluations: 0, status: 'not-descent' });
    expect(alphas).toEqual([]);
  });

  it('hagerZhangConditions tells T1, T2 and either apart', () => {
    // phi0 = 0, phi'(0) = −1, delta = 0.1, sigma = 0.9, fLimit = 0
    const test = (a: number, f: number, s: number, c: 'either' | 'wolfe' | 'approximate') =>
      hagerZhangConditions(a, f, s, 0, -1, 0.1, 0.9, 0, c);
    expect(test(1, -0.5, 0.95, 'wolfe')).toBe(true); // T1 only: slope above 0.8
    expect(test(1, -0.5, 0.95, 'approximate')).toBe(false);
    expect(test(1, -0.05, 0, 'approximate')).toBe(true); // T2 only: decrease below delta·a·|phi'(0)|
    expect(test(1, -0.05, 0, 'wolfe')).toBe(false);
    expect(test(1, -0.05, 0, 'either')).toBe(true);
    expect(test(1, -0.5, -0.95, 'either')).toBe(false); // slope below sigma·phi'(0)
  });

  it('validates its options with messages naming them', () => {
    expect(() => hagerZhang({ delta: 0.5 })).toThrow(
      new RangeError('hagerZhang: delta must be in (0, 0.5), got 0.5'),
    );
    expect(() => hagerZhang({ sigma: 0.05 })).toThrow(
      'hagerZhang: sigma must be in [delta, 1), got 0.05',
    );
    expect(() => hagerZhang({ epsilon: -1 })).toThrow(
      'hagerZhang: epsilon must be a finite number >= 0, got -1',
    );
    expect(() => hagerZhang({ theta: 1 })).toThrow('hagerZhang: theta must be in (0, 1), got 1');
    expect(() => hagerZhang({ gamma: 0 })).toThrow('hagerZhang: gamma must be in (0, 1), got 0');
    expect(() => hagerZhang({ rho: 1 })).toThrow(
      'hagerZhang: rho must be a finite number > 1, got 1',
    );
    expect(() => hagerZhang({ maxEvaluations: 1.5 })).toThrow(
      'hagerZhang: maxEvaluations must be an integer >= 1, got 1.5',
    );
    expect(() => hagerZhang({ conditions: 'strong' as never })).toThrow(
      "hagerZhang: conditions must be one of 'either', 'wolfe', 'approximate', got 'strong'",
    );
    expect(hagerZhang().name).toBe('hagerZhang');
  });
});
