import { describe, expect, it } from 'vitest';
import { backtracking, backtrackingStep } from './backtracking.js';
import { fixedStep } from './fixed-step.js';
import { cubicMinimizerFromValues, quadraticMinimizer } from './interpolation.js';
import { type ScalarFunction, scalarSearch } from './scalar-search.js';
import { recording } from './test-helpers.js';

const quadratic: ScalarFunction = (a) => ({ value: (a - 0.3) ** 2, slope: 2 * (a - 0.3) });

describe('backtracking', () => {
  it('accepts alpha0 when it satisfies the Armijo condition', () => {
    const r = scalarSearch(backtracking(), quadratic, { phi0: 0.09, slope0: -0.6, alpha0: 0.5 });
    expect(r).toEqual({ alpha: 0.5, ...quadratic(0.5), evaluations: 1, status: 'converged' });
  });

  it('steps to the quadratic interpolant first: exact on a quadratic', () => {
    const r = scalarSearch(backtracking(), quadratic, { phi0: 0.09, slope0: -0.6, alpha0: 1 });
    expect(r.status).toBe('converged');
    expect(r.evaluations).toBe(2);
    expect(r.alpha).toBeCloseTo(0.3, 14);
  });

  it('steps to the cubic through the last two trials next, safeguarded in [rhoLow·a, rhoHigh·a]', () => {
    // phi(a) = 1000a³ − 0.3a: minimizer 0.01; alpha0 = 1 and the clamped quadratic step 0.1 both fail
    const cubic: ScalarFunction = (a) => ({
      value: 1000 * a ** 3 - 0.3 * a,
      slope: 3000 * a * a - 0.3,
    });
    const { phi, alphas } = recording(cubic);
    const r = scalarSearch(backtracking({ c1: 0.5 }), phi, { phi0: 0, slope0: -0.3, alpha0: 1 });
    expect(r.status).toBe('converged');
    expect(r.value).toBeLessThanOrEqual(0.5 * r.alpha * -0.3);
    expect(alphas.length).toBe(3);
    expect(r.alpha).toBeCloseTo(0.01, 12); // the cubic step is exact on a cubic
    const q = quadraticMinimizer(0, 0, -0.3, 1, cubic(1).value);
    expect(alphas[1]).toBe(Math.min(Math.max(q, 0.1), 0.5));
    const c = cubicMinimizerFromValues(
      0,
      -0.3,
      1,
      cubic(1).value,
      alphas[1],
      cubic(alphas[1]).value,
    );
    expect(alphas[2]).toBe(Math.min(Math.max(c, 0.1 * alphas[1]), 0.5 * alphas[1]));
    for (let i = 1; i < alphas.length; i++) {
      expect(alphas[i]).toBeGreaterThanOrEqual(0.1 * alphas[i - 1] * (1 - 1e-15));
      expect(alphas[i]).toBeLessThanOrEqual(0.5 * alphas[i - 1]);
    }
  });

  it("with interpolation 'none' contracts by rhoHigh", () => {
    const { phi, alphas } = recording(quadratic);
    scalarSearch(backtracking({ interpolation: 'none', rhoHigh: 0.25 }), phi, {
      phi0: 0.09,
      slope0: -0.6,
      alpha0: 4,
    });
    expect(alphas).toEqual([4, 1, 0.25]);
  });

  it('backtrackingStep keeps every contraction in [rhoLow, rhoHigh]', () => {
    // a huge value at alpha: the quadratic step is tiny, clamped to rhoLow·alpha
    expect(backtrackingStep(0, -1, 2, 1e6, Number.NaN, Number.NaN, 'quadratic', 0.1, 0.5)).toBe(
      0.2,
    );
    // a value barely above the Armijo line: the quadratic step is near alpha, clamped to rhoHigh·alpha
    expect(backtrackingStep(0, -1, 2, -1.9999, Number.NaN, Number.NaN, 'quadratic', 0.1, 0.5)).toBe(
      1,
    );
    expect(backtrackingStep(0, -1, 1, 1, Number.NaN, Number.NaN, 'cubic', 0.1, 0.5)).toBe(0.25);
  });

  it('in value-only mode yields value requests and returns slope NaN', () => {
    const ls = backtracking({ valueOnly: true });
    expect(ls.usesSlope).toBe(false);
    const r = scalarSearch(ls, (a) => ({ value: (a - 0.3) ** 2, slope: Number.NaN }), {
      phi0: 0.09,
      slope0: -0.6,
      alpha0: 1,
    });
    expect(r.status).toBe('converged');
    expect(r.alpha).toBeCloseTo(0.3, 14);
    expect(r.slope).toBeNaN();
  });

  it('shrinks by rhoHigh on non-finite values, and says non-finite when they last', () => {
    const { phi, alphas } = recording((a) =>
      a > 0.5 ? { value: Infinity, slope: 0 } : quadratic(a),
    );
    const r = scalarSearch(backtracking(), phi, { phi0: 0.09, slope0: -0.6, alpha0: 4 });
    expect(alphas.slice(0, 4)).toEqual([4, 2, 1, 0.5]);
    expect(r).toMatchObject({ alpha: 0.5, status: 'converged' });
    const nan = scalarSearch(
      backtracking({ maxEvaluations: 3 }),
      () => ({ value: Number.NaN, slope: 0 }),
      {
        phi0: 1,
        slope0: -1,
        alpha0: 1,
      },
    );
    expect(nan).toEqual({ alpha: 0, value: 1, slope: -1, evaluations: 3, status: 'non-finite' });
  });

  it('stops with interval-too-small once the predicted decrease is below the rounding of phi(0)', () => {
    // phi(a) = 1e6 + a: increasing along d although slope0 claims −1 (a wrong gradient)
    const r = scalarSearch(backtracking(), (a) => ({ value: 1e6 + a, slope: 1 }), {
      phi0: 1e6,
      slope0: -1,
      alpha0: 1,
    });
    expect(r).toMatchObject({ alpha: 0, value: 1e6, status: 'interval-too-small' });
    expect(r.evaluations).toBeLessThan(50);
  });

  it('ends with max-evaluations at the best point below phi(0)', () => {
    // phi(a) = a² − 0.5a decreases, but never by 0.9·a·|slope0| with the claimed slope0 = −1
    const { phi, alphas } = recording((a) => ({ value: a * a - 0.5 * a, slope: 2 * a - 0.5 }));
    const r = scalarSearch(backtracking({ maxEvaluations: 3, c1: 0.9 }), phi, {
      phi0: 0,
      slope0: -1,
      alpha0: 1,
    });
    expect(r.status).toBe('max-evaluations');
    const values = alphas.slice(0, 3).map((a) => a * a - 0.5 * a);
    expect(r.value).toBe(Math.min(...values));
    expect(r.value).toBeLessThan(0);
    expect(alphas.at(-1)).toBe(r.alpha);
    expect(r.evaluations).toBe(alphas.length);
  });

  it('validates its options with messages naming them', () => {
    expect(() => backtracking({ c1: 0 })).toThrow(
      new RangeError('backtracking: c1 must be in (0, 1), got 0'),
    );
    expect(() => backtracking({ rhoLow: 0 })).toThrow(
      'backtracking: rhoLow must be in (0, 1), got 0',
    );
    expect(() => backtracking({ rhoHigh: 0.05 })).toThrow(
      'backtracking: rhoHigh must be in [rhoLow, 1), got 0.05',
    );
    expect(() => backtracking({ interpolation: 'linear' as never })).toThrow(
      "backtracking: interpolation must be one of 'cubic', 'quadratic', 'none', got 'linear'",
    );
    expect(() => backtracking({ valueOnly: 1 as never })).toThrow(
      new TypeError('backtracking: valueOnly must be a boolean, got the number 1'),
    );
    expect(() => backtracking({ maxEvaluations: Infinity })).toThrow(
      'backtracking: maxEvaluations must be an integer >= 1, got Infinity',
    );
  });
});

describe('fixedStep', () => {
  it('takes its own alpha with one value request, whatever the value', () => {
    const ls = fixedStep(0.1);
    expect(ls).toMatchObject({ name: 'fixedStep', usesSlope: false });
    const { phi, alphas } = recording((a) => ({ value: 5 + a, slope: 1 }));
    const r = scalarSearch(ls, phi, { phi0: 1, slope0: -1, alpha0: 7 });
    expect(r).toEqual({
      alpha: 0.1,
      value: 5.1,
      slope: Number.NaN,
      evaluations: 1,
      status: 'converged',
    });
    expect(alphas).toEqual([0.1]);
  });

  it('returns non-finite with alpha = 0 on a non-finite value, not-descent without evaluating', () => {
    const nan = scalarSearch(fixedStep(), () => ({ value: Number.NaN, slope: 0 }), {
      phi0: 1,
      slope0: -1,
      alpha0: 1,
    });
    expect(nan).toEqual({ alpha: 0, value: 1, slope: -1, evaluations: 1, status: 'non-finite' });
    const up = scalarSearch(fixedStep(), () => ({ value: 0, slope: 0 }), {
      phi0: 1,
      slope0: 1,
      alpha0: 1,
    });
    expect(up.status).toBe('not-descent');
    expect(up.evaluations).toBe(0);
  });

  it('validates alpha', () => {
    expect(() => fixedStep(0)).toThrow(
      new RangeError('fixedStep: alpha must be a finite number > 0, got 0'),
    );
    expect(() => fixedStep(Infinity)).toThrow(
      'fixedStep: alpha must be a finite number > 0, got Infinity',
    );
  });
});
