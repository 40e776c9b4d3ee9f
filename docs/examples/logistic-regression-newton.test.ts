import { checkDerivatives, distance2, run } from '@hessian/core';
import { dampedNewton } from '@hessian/damped-newton';
import { criticalPointOf } from '@hessian/newton';
import { lbfgs } from '@hessian/quasi-newton';
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

  it('agrees with the L-BFGS answer', () => {
    const r = train(data);
    // L ≈ 214 here, so L-BFGS's line search meets the rounding of L near ‖∇L‖∞ ≈ 1e-8;
    // ask it for 1e-7.
    const q = run(lbfgs(), logisticLoss(data), new Float64Array(data.d), {
      gradientTolerance: 1e-7,
    });
    expect(q.status).toBe('converged-gradient');
    // L is λ-strongly convex (λ = 1), so ‖w − w*‖ ≤ ‖∇L(w)‖₂ / λ ≤ √d · 1e-7.
    expect(distance2(r.x, q.x)).toBeLessThan(Math.sqrt(data.d) * 1e-7);
    expect(Math.abs(r.value - q.value)).toBeLessThan(1e-12 * Math.abs(r.value));
  });

  it('agrees with damped Newton started elsewhere', () => {
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
