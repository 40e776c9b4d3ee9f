/**
 * Damped Newton on the shared problem suite, with each Hessian modification, under
 * the default Moré–Thuente search (no exceptions) and under Armijo backtracking.
 */
import { runSuite } from '@hessian/problems/suite';
import { dampedNewton } from './damped-newton.js';
import { MODIFICATIONS } from './modification.js';

for (const modification of MODIFICATIONS)
  runSuite(`dampedNewton({ modification: '${modification}' })`, () =>
    dampedNewton({ modification }),
  );

/**
 * Backtracking never tries α > 1. Where the modified Hessian overstates the curvature
 * of a flat direction, steps stay short and only Moré–Thuente's extrapolation
 * (α up to 85 in these runs) makes up for it.
 */
const backtrackingExceptions: Record<string, Record<string, string>> = {
  'cholesky-shift': {
    'biggs-exp6':
      "in the flat valley near f = 0.2427 the Hessian's diagonal is not positive, so Algorithm 3.3 adds τ ≥ β = 1e-3 every iteration, far above the valley's curvature: unit steps are short gradient steps and ‖g‖∞ is still 1e-5 after 1000 iterations (Moré–Thuente: 409)",
  },
  'modified-cholesky': {},
  eigen: {
    'powell-badly-scaled':
      'κ(∇²f(x*)) ≈ 1e18: the eigenvalue floor δ = 1e-12·max|λ| ≈ 2e-2 lifts the smallest eigenvalue (≈ 1e-8) a million-fold, the steps along it shrink as much, and 1000 unit steps do not get there (Moré–Thuente: 137)',
  },
  levenberg: {},
};
for (const modification of MODIFICATIONS)
  runSuite(
    `dampedNewton({ modification: '${modification}', lineSearch: 'backtracking' })`,
    () => dampedNewton({ modification, lineSearch: 'backtracking' }),
    { convergenceExceptions: backtrackingExceptions[modification] },
  );
