/**
 * Exact Newton (unit step) on the shared problem suite. Exact Newton seeks critical
 * points, not only minima, and has no globalization: where its iterates reach a saddle
 * it stops there (and says so in `extra.criticalPoint`). Those runs are the exceptions.
 */
import { runSuite } from '@hessian/problems/suite';
import { newton } from './newton.js';

runSuite('newton', () => newton(), {
  skip: {
    'powell-badly-scaled':
      'converges in 16 iterations to a saddle near (−1.0e-4, −1.0e-4) with f = 2, above f(x0) = 1.135, which even an exception may not end with',
  },
  convergenceExceptions: {
    beale:
      'the first unit step lands exactly on the saddle (0, 1), where ∇f = 0 and f = 14.203 = f(x0): exact Newton stops at a saddle',
    wood: 'converges to the saddle near (−0.968, 0.947, −0.970, 0.951) with f = 7.877',
    'chained-rosenbrock': 'converges to a saddle with x₁ = 0 and f = 19.81',
    fletchcr:
      'unit steps without globalization wander for 66 iterations to a point where ∇²f is singular to working precision, far from the minimizer (f = 49.6)',
  },
});
