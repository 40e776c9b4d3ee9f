import { CONVERGED_STATUSES, type Method, run } from '@hessian/core';
import { dampedNewton } from '@hessian/damped-newton';
import { newtonCg } from '@hessian/hessian-free';
import { newton } from '@hessian/newton';
import { logisticRegression } from '@hessian/problems';
import { dogleg, trustExact, trustKrylov, trustNcg } from '@hessian/trust-region';
import { describe, expect, it } from 'vitest';
import { autodiffProblem, matVec } from './index.js';

/** Extended Rosenbrock, n = 40, from the standard x0 = (−1.2, 1, …); x* = (1, …, 1). */
const n = 40;
const rosenbrock = autodiffProblem((x) => {
  const a = x.slice(0, n, 2);
  const b = x.slice(1, n, 2);
  return b.sub(a.square()).square().mul(100).add(a.sub(1).square()).sum();
}, n);
const x0 = Float64Array.from({ length: n }, (_, i) => (i % 2 ? 1 : -1.2));

/** Logistic regression, m = 200 samples, 8 features (strictly convex). */
const data = logisticRegression({ m: 200, n: 8, lambda: 1e-3, seed: 5 });
const logistic = autodiffProblem(
  (w) =>
    matVec({ rows: data.m, cols: 8, data: data.features }, w)
      .mul(data.labels)
      .neg()
      .softplus()
      .mean()
      .add(w.dot(w).mul(data.lambda / 2)),
  8,
);

const METHODS: [string, () => Method, 'hessian' | 'hvp'][] = [
  ['newton', () => newton(), 'hessian'],
  ['damped newton', () => dampedNewton(), 'hessian'],
  ['trust-exact', () => trustExact(), 'hessian'],
  ['dogleg', () => dogleg(), 'hessian'],
  ['trust-ncg', () => trustNcg(), 'hvp'],
  ['trust-krylov', () => trustKrylov(), 'hvp'],
  ['newton-cg (hessian-free)', () => newtonCg(), 'hvp'],
];

describe('Newton-type methods minimize autodiff problems (core run)', () => {
  for (const [name, make, uses] of METHODS)
    it(`${name}: extended Rosenbrock to x* = 1 and logistic regression to ‖∇f‖ <= 1e-8, on exact ${uses === 'hessian' ? 'Hessians' : 'HVPs'}`, () => {
      const r = run(make(), rosenbrock, x0, { gradientTolerance: 1e-8, maxIterations: 500 });
      expect(CONVERGED_STATUSES.has(r.status), `${r.status}: ${r.message}`).toBe(true);
      for (const t of r.x) expect(Math.abs(t - 1)).toBeLessThanOrEqual(1e-6);
      expect(r.evaluations[uses]).toBeGreaterThan(0);

      const s = run(make(), logistic, new Float64Array(8), { gradientTolerance: 1e-8 });
      expect(CONVERGED_STATUSES.has(s.status), `${s.status}: ${s.message}`).toBe(true);
      const g = new Float64Array(8);
      data.gradient(s.x, g); // the hand-written gradient agrees that x is the minimizer
      expect(Math.max(...Array.from(g, Math.abs))).toBeLessThanOrEqual(1e-8);
      expect(s.evaluations[uses]).toBeGreaterThan(0);
    });
});
