import { describe, expect, it } from 'vitest';
import { moreThuente } from './more-thuente.js';
import { moreThuenteStep } from './more-thuente-step.js';
import { PAPER_ALPHA0, PAPER_FUNCTIONS, PAPER_TABLES } from './paper-functions.js';
import { runPaperCase } from './paper-table.js';
import { type ScalarFunction, scalarSearch } from './scalar-search.js';
import { recording, strongWolfe } from './test-helpers.js';

/** One unit of the last digit printed in the paper: '1.4' → 0.1, '-9.2e-3' → 1e-4. */
function unit(printed: string): number {
  const [mantissa, exponent = '0'] = printed.split('e');
  const decimals = (mantissa.split('.')[1] ?? '').length;
  return 10 ** (Number(exponent) - decimals);
}

/** Named exceptions to the comparison of phi'(alpha) with the paper. */
const SLOPE_EXCEPTIONS: Record<string, string> = {
  // |phi'(0)| = 5.1e-7 here: both 3.8e-9 (ours; also O'Leary's MATLAB translation of MINPACK)
  // and the paper's 7.1e-9 are rounding-level slopes far inside c2·|phi'(0)| = 5.1e-8.
  '2 from 0.001': 'rounding-level slope',
  // The paper prints "10e-10"; we read it as 1.0e-10 and compare below.
  '2 from 0.1': 'misprint',
};

describe('moreThuente on the six functions of Moré & Thuente (1994, §5)', () => {
  for (const F of PAPER_FUNCTIONS) {
    PAPER_ALPHA0.forEach((alpha0, i) => {
      const paper = PAPER_TABLES[F.id - 1][i];
      const key = `${F.id} from ${alpha0}`;
      it(`function ${key}: strong Wolfe, in the paper's evaluations (Table ${F.id})`, () => {
        const start = F.phi(0);
        const r = runPaperCase(moreThuente({ c1: F.mu, c2: F.eta }), F, alpha0);
        expect(r.status).toBe('converged');
        expect(strongWolfe(r, start.value, start.slope, F.mu, F.eta)).toBe(true);
        expect(r.value).toBe(F.phi(r.alpha).value);
        expect(r.slope).toBe(F.phi(r.alpha).slope);
        expect(r.evaluations).toBe(paper.evaluations);
        expect(Math.abs(r.alpha - Number(paper.alpha))).toBeLessThanOrEqual(unit(paper.alpha));
        if (SLOPE_EXCEPTIONS[key] === 'misprint')
          expect(Math.abs(r.slope - 1.0e-10)).toBeLessThanOrEqual(1e-11);
        else if (SLOPE_EXCEPTIONS[key] === undefined)
          expect(Math.abs(r.slope - Number(paper.slope))).toBeLessThanOrEqual(unit(paper.slope));
      });
    });
  }
});

describe('moreThuente', () => {
  const quadratic: ScalarFunction = (a) => ({ value: (a - 2) ** 2, slope: 2 * (a - 2) });

  it('steps on the auxiliary function psi while in the first stage', () => {
    // phi(a) = a² − 2a; the first trial 1.9 lowers phi but not by c1 = 0.3: the next trial
    // is the safeguarded step on psi(a) = phi(a) − 0.3·a·phi'(0), not on phi.
    const { phi, alphas } = recording((a) => ({ value: a * a - 2 * a, slope: 2 * a - 2 }));
    const r = scalarSearch(moreThuente({ c1: 0.3, c2: 0.9 }), phi, {
      phi0: 0,
      slope0: -2,
      alpha0: 1.9,
    });
    expect(r.status).toBe('converged');
    const gtest = 0.3 * -2;
    const onPsi = {
      stx: 0,
      fx: 0,
      dx: -2 - gtest,
      sty: 0,
      fy: 0,
      dy: -2 - gtest,
      bracketed: false,
    };
    const expected = moreThuenteStep(
      onPsi,
      1.9,
      phi(1.9).value - 1.9 * gtest,
      2 * 1.9 - 2 - gtest,
      0,
      9.5,
    );
    const onPhi = { stx: 0, fx: 0, dx: -2, sty: 0, fy: 0, dy: -2, bracketed: false };
    const unmodified = moreThuenteStep(onPhi, 1.9, phi(1.9).value, 2 * 1.9 - 2, 0, 9.5);
    expect(alphas[1]).toBe(expected);
    expect(Math.abs(expected - unmodified)).toBeGreaterThan(0.01);
  });

  it('returns not-descent at once, with no evaluation, when slope0 >= 0', () => {
    const { phi, alphas } = recording(quadratic);
    const r = scalarSearch(moreThuente(), phi, { phi0: 4, slope0: 0, alpha0: 1 });
    expect(r).toEqual({ alpha: 0, value: 4, slope: 0, evaluations: 0, status: 'not-descent' });
    expect(alphas).toEqual([]);
  });

  it('shrinks the step on non-finite values and still converges', () => {
    const phi: ScalarFunction = (a) =>
      a > 2
        ? { value: Number.NaN, slope: Number.NaN }
        : { value: (a - 1.5) ** 2, slope: 2 * (a - 1.5) };
    const r = scalarSearch(moreThuente(), phi, { phi0: 2.25, slope0: -3, alpha0: 100 });
    expect(r.status).toBe('converged');
    expect(strongWolfe(r, 2.25, -3, 1e-4, 0.9)).toBe(true);
    expect(r.alpha).toBeLessThanOrEqual(2);
  });

  it('ends with non-finite and alpha = 0 when every trial is non-finite', () => {
    const inf: ScalarFunction = () => ({ value: Infinity, slope: 1 });
    const r = scalarSearch(moreThuente({ maxEvaluations: 5 }), inf, {
      phi0: 1,
      slope0: -1,
      alpha0: 1,
    });
    expect(r).toEqual({ alpha: 0, value: 1, slope: -1, evaluations: 5, status: 'non-finite' });
  });

  it('ends with max-evaluations at the best point, re-evaluated when it was not the last', () => {
    const F = PAPER_FUNCTIONS[2];
    const start = F.phi(0);
    const { phi, alphas } = recording(F.phi);
    const r = scalarSearch(moreThuente({ c1: 0.1, c2: 0.1, maxEvaluations: 7 }), phi, {
      phi0: start.value,
      slope0: start.slope,
      alpha0: 1e-3,
    });
    expect(r.status).toBe('max-evaluations');
    expect(r.alpha).toBeGreaterThan(0);
    expect(r.value).toBeLessThan(start.value);
    expect(r.value).toBe(F.phi(r.alpha).value);
    expect(r.slope).toBe(F.phi(r.alpha).slope);
    // 7 trials, the 7th worse than the 6th, then the re-request of the 6th
    expect(alphas.length).toBe(8);
    expect(r.evaluations).toBe(8);
    expect(alphas[7]).toBe(r.alpha);
    expect(alphas[6]).not.toBe(r.alpha);
    const tried = alphas.slice(0, 7);
    expect(Math.min(...tried.map((a) => F.phi(a).value))).toBe(r.value);
  });

  it('ends with interval-too-small at alphaMax when phi keeps decreasing', () => {
    const linear: ScalarFunction = (a) => ({ value: -a, slope: -1 });
    const r = scalarSearch(moreThuente({ alphaMax: 10 }), linear, {
      phi0: 0,
      slope0: -1,
      alpha0: 1,
    });
    expect(r).toMatchObject({ alpha: 10, value: -10, slope: -1, status: 'interval-too-small' });
  });

  it('ends with interval-too-small when the interval is narrower than xtol', () => {
    const F = PAPER_FUNCTIONS[2];
    const start = F.phi(0);
    const { phi, alphas } = recording(F.phi);
    const r = scalarSearch(moreThuente({ c1: 0.1, c2: 0.1, xtol: 0.5 }), phi, {
      phi0: start.value,
      slope0: start.slope,
      alpha0: 1e-3,
    });
    expect(r.status).toBe('interval-too-small');
    // the best point stx is returned, re-evaluated (as MINPACK-2 evaluates it again)
    expect(alphas.at(-1)).toBe(r.alpha);
    expect(r.evaluations).toBe(alphas.length);
    expect(r.value).toBeLessThanOrEqual(start.value + 0.1 * r.alpha * start.slope);
    expect(r.value).toBe(F.phi(r.alpha).value);
  });

  it('clamps alpha0 into [alphaMin, alphaMax]', () => {
    const { phi, alphas } = recording(quadratic);
    scalarSearch(moreThuente({ alphaMax: 3 }), phi, { phi0: 4, slope0: -4, alpha0: 50 });
    expect(alphas[0]).toBe(3);
  });

  it('validates its options with messages naming them', () => {
    expect(() => moreThuente({ c2: 0 })).toThrow(
      new RangeError('moreThuente: c2 must be in [c1, 1), got 0'),
    );
    expect(() => moreThuente({ c1: 0.5, c2: 0.4 })).toThrow(
      'moreThuente: c2 must be in [c1, 1), got 0.4',
    );
    expect(() => moreThuente({ c1: 0 })).toThrow('moreThuente: c1 must be in (0, 1), got 0');
    expect(() => moreThuente({ c1: Number.NaN })).toThrow(
      'moreThuente: c1 must be a number, got NaN',
    );
    expect(() => moreThuente({ xtol: 1 })).toThrow('moreThuente: xtol must be in (0, 1), got 1');
    expect(() => moreThuente({ alphaMin: -1 })).toThrow(
      'moreThuente: alphaMin must be a finite number >= 0, got -1',
    );
    expect(() => moreThuente({ alphaMin: 1, alphaMax: 1 })).toThrow(
      'moreThuente: alphaMax must be greater than alphaMin, got 1',
    );
    expect(() => moreThuente({ maxEvaluations: 0 })).toThrow(
      'moreThuente: maxEvaluations must be an integer >= 1, got 0',
    );
    expect(() => moreThuente({ c1: '0.1' as unknown as number })).toThrow(
      new TypeError('moreThuente: c1 must be a number, got a string'),
    );
    expect(() => moreThuente({ ftol: 0.1 } as never)).toThrow(
      new TypeError(
        'moreThuente: unknown option ftol (known: c1, c2, xtol, alphaMin, alphaMax, maxEvaluations)',
      ),
    );
    expect(() => moreThuente(5 as never)).toThrow(
      new TypeError('moreThuente: options must be an object, got the number 5'),
    );
    expect(moreThuente({ c1: 0.1, c2: 0.1 }).name).toBe('moreThuente');
    expect(moreThuente().usesSlope).toBe(true);
  });
});
