import { runSuite } from '@hessian/problems/suite';
import { bfgs } from './bfgs.js';
import { lbfgs } from './lbfgs.js';

// The defaults solve every problem of the suite.
runSuite('bfgs', () => bfgs());
runSuite('lbfgs', () => lbfgs());

// The safeguards and a short memory, on the same problems.
runSuite('bfgs (damping)', () => bfgs({ damping: true }));
// NONDQUAR's minimizer is singular: with 3 pairs L-BFGS converges sublinearly there and
// needs about 1050 iterations (memory 10: 186), past the suite's default 1000.
runSuite('lbfgs (memory 3, damping)', () => lbfgs({ memory: 3, damping: true }), {
  runOptions: { maxIterations: 2000 },
  convergenceExceptions: {
    'freudenstein-roth':
      'reaches the local minimum f = 48.98425… with ‖g‖∞ = 1.9e-6 after 19 iterations; the next ' +
      'decrease is below the rounding of f ≈ 49, so Moré–Thuente ends with interval-too-small ' +
      'along the quasi-Newton direction and along −g (line-search-failed, 2× above the gradient tolerance)',
  },
});
