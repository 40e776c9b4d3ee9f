import { autodiffProblem, sub } from '@hessian/autodiff';
import { problemFromExpression } from '@hessian/symbolic';
import { describe, expect, it } from 'vitest';
import { minimize } from './index.js';

// Rosenbrock written three ways: the minimizer is (1, 1) whatever computes the derivatives.
describe('minimize on problems from @hessian/symbolic and @hessian/autodiff', () => {
  const symbolic = problemFromExpression('100*(y - x^2)^2 + (1 - x)^2', ['x', 'y']);
  const autodiff = autodiffProblem((x) => {
    const a = x.at(0);
    const b = x.at(1);
    return b.sub(a.square()).square().mul(100).add(sub(1, a).square());
  }, 2);

  it.each([
    ['symbolic', symbolic],
    ['autodiff', autodiff],
  ] as const)('%s Rosenbrock: every Newton-type method reaches (1, 1)', (_, problem) => {
    for (const method of [
      'newton',
      'damped-newton',
      'trust-exact',
      'trust-ncg',
      'newton-cg',
    ] as const) {
      const r = minimize(problem, [-1.2, 1], { method, gradientTolerance: 1e-9 });
      expect(r.status, method).toBe('converged-gradient');
      expect(Math.abs(r.x[0] - 1), method).toBeLessThan(1e-7);
      expect(Math.abs(r.x[1] - 1), method).toBeLessThan(1e-7);
    }
  });

  it('the automatic choice sees their exact Hessians', () => {
    expect(minimize(symbolic, [-1.2, 1]).methodChoice.method).toBe('trust-exact');
    expect(minimize(autodiff, [-1.2, 1]).methodChoice.method).toBe('trust-exact');
  });
});
