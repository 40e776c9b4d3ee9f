import { execute } from '@hessian/core';
import { describe, expect, it } from 'vitest';
import { gaussNewtonCurvature, sumOfSquaresProblem } from './gauss-newton.js';

// Rosenbrock as residuals: r = (10(x₂ − x₁²), 1 − x₁), J = [[−20x₁, 10], [−1, 0]]
const rosenbrockResiduals = {
  m: 2,
  dimension: 2,
  residuals: (x: Float64Array, out: Float64Array) => {
    out[0] = 10 * (x[1] - x[0] ** 2);
    out[1] = 1 - x[0];
  },
  jvp: (x: Float64Array, v: Float64Array, out: Float64Array) => {
    out[0] = 10 * (v[1] - 2 * x[0] * v[0]);
    out[1] = -v[0];
  },
  vjp: (x: Float64Array, u: Float64Array, out: Float64Array) => {
    out[0] = -20 * x[0] * u[0] - u[1];
    out[1] = 10 * u[0];
  },
};

describe('Gauss–Newton curvature', () => {
  it('multiplies by JᵀJ with one jvp and one vjp, asking the driver nothing', () => {
    const provider = gaussNewtonCurvature({ residuals: rosenbrockResiduals }).create({
      dimension: 2,
      capabilities: { gradient: true, hessian: false, hvp: false },
    });
    const x = Float64Array.of(2, 1);
    const out = new Float64Array(2);
    const { value, evaluations } = execute(
      { value: () => 0 },
      provider.hvp(x, Float64Array.of(1, 0), out),
    );
    expect(value).toBe(0);
    expect(evaluations).toEqual({ value: 0, gradient: 0, hessian: 0, hvp: 0 });
    // J e₁ = (−40, −1); Jᵀ(−40, −1) = (1600 + 1, −400)
    expect(Array.from(out)).toEqual([1601, -400]);
    expect((provider as unknown as { counts: unknown }).counts).toEqual({ jvp: 1, vjp: 1 });
  });

  it('answers NaN for a non-finite product', () => {
    const provider = gaussNewtonCurvature({
      residuals: { m: 1, jvp: (_x, _v, out) => void (out[0] = Number.NaN), vjp: () => undefined },
    }).create({ dimension: 1, capabilities: { gradient: true, hessian: false, hvp: false } });
    const { value } = execute(
      { value: () => 0 },
      provider.hvp(Float64Array.of(1), Float64Array.of(1), new Float64Array(1)),
    );
    expect(value).toBeNaN();
  });

  it('sumOfSquaresProblem gives f = ½‖r‖² and ∇f = Jᵀr', () => {
    const { problem } = sumOfSquaresProblem(rosenbrockResiduals);
    const g = new Float64Array(2);
    const f = problem.valueAndGradient!(Float64Array.of(-1.2, 1), g);
    expect(f).toBeCloseTo(0.5 * 24.2, 12);
    expect(g[0]).toBeCloseTo(-215.6 / 2, 10);
    expect(g[1]).toBeCloseTo(-88 / 2, 10);
  });

  it('validates its residuals with errors naming them', () => {
    expect(() =>
      gaussNewtonCurvature({ residuals: { m: 0, jvp: () => {}, vjp: () => {} } }),
    ).toThrow(new RangeError('gaussNewtonCurvature: residuals.m must be an integer >= 1, got 0'));
    expect(() =>
      gaussNewtonCurvature({ residuals: { m: 2, jvp: 1, vjp: () => {} } as never }),
    ).toThrow(
      new TypeError('gaussNewtonCurvature: residuals.jvp must be a function, got the number 1'),
    );
    expect(() =>
      sumOfSquaresProblem({ ...rosenbrockResiduals, residuals: undefined as never }),
    ).toThrow(new TypeError('sumOfSquaresProblem: residuals must be a function, got a undefined'));
  });
});
