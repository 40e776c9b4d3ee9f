import { checkDerivatives, distance2, run } from '@hessian/core';
import { dampedNewton } from '@hessian/damped-newton';
import { criticalPointOf } from '@hessian/newton';
import { describe, expect, it } from 'vitest';
import { logisticLoss, main, syntheticData, train } from './logistic-regression-newton.js';

describe('logistic regression by Newton (IRLS)', () => {
  const data = syntheticData();

  it('has the gradient and Hessian it writes out', () => {
    for (const w of [new Float64Array(data.d), Float64Array.from(data.trueWeights)]) {
      const report = checkDerivatives(logisticLoss(data), w);
      expect(report.gradient!.ok).toBe(true);
      expect(report.hessian!.ok).toBe(true);
    }
  });

  it('reaches ‖∇L‖∞ ≤ 1e-10 in at most 15 iterations, at the minimizer', () => {
    const r = train(data);
    expect(r.status).toBe('converged-gradient');
    expect(r.gradientNorm).toBeLessThanOrEqual(1e-10);
    expect(r.iterations).toBeLessThanOrEqual(15);
    expect(criticalPointOf(r)?.kind).toBe('minimum');
    // quadratic convergence at the end: each gradient norm at most a constant times the
    // square of the one before, once below 1
    const g = r.trace!.map((t) => t.gradientNorm);
    for (let k = 1; k < g.length; k++) if (g[k - 1] < 1) expect(g[k]).toBeLessThan(g[k - 1] ** 2);
  });

  it('agrees with damped Newton started elsewhere (L-BFGS comparison once it exists)', () => {
    const r = train(data);
    const other = run(dampedNewton(), logisticLoss(data), data.trueWeights, {
      gradientTolerance: 1e-10,
    });
    expect(other.status).toBe('converged-gradient');
    expect(distance2(r.x, other.x)).toBeLessThan(1e-10);
  });

  it('is deterministic and prints its report', () => {
    const a = main();
    expect(main()).toBe(a);
    expect(a).toContain('status: converged-gradient after 6 iterations');
    expect(a).toContain('critical point: minimum');
    expect(Array.from(syntheticData().X)).toEqual(Array.from(data.X));
  });
});
