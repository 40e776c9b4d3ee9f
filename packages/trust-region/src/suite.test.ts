import { runSuite } from '@hessian/problems/suite';
import { dogleg, trustExact, trustKrylov, trustNcg, trustRegionCauchy } from './trust-region.js';

/** Every method with the default maxRadius 1000 (SciPy's `max_trust_radius`). */
const farAway =
  'x* = (1e6, 2e-6) is 1e6 from x0 = (1, 1) and steps are capped by maxRadius = 1000: more than 1000 iterations (solved below with maxRadius 1e7)';

runSuite('trust-exact', () => trustExact(), {
  convergenceExceptions: {
    'brown-badly-scaled': farAway,
    'biggs-exp6':
      'the exact steps follow a valley to infinity (x3, x4, x6 grow without bound, f → 0.2427) where the Hessian becomes singular: a stationary point only after ≈ 11600 iterations; the inexact trust-ncg and trust-krylov steps reach f* = 0',
  },
});

runSuite('trust-ncg', () => trustNcg(), {
  convergenceExceptions: { 'brown-badly-scaled': farAway },
});

runSuite('trust-krylov', () => trustKrylov(), {
  convergenceExceptions: { 'brown-badly-scaled': farAway },
});

runSuite('dogleg', () => dogleg(), {
  convergenceExceptions: {
    'brown-badly-scaled': farAway,
    wood: 'the Hessian is indefinite along the path: dogleg takes Cauchy (steepest-descent) steps and needs ≈ 2900 iterations',
    'biggs-exp6':
      'the Hessian is indefinite along the path: dogleg takes Cauchy (steepest-descent) steps, which crawl (f = 5.66e-3 after 20000 iterations)',
  },
});

// Steepest descent in a trust region: linear convergence at the rate of the condition number.
const slow = (what: string) =>
  `Cauchy steps are steepest descent, and ${what}: not solved in 20000 iterations`;
const noise = (f: string) =>
  `near the solution (f = ${f}) the predicted decrease of a steepest-descent step falls below the rounding of f, steps are rejected until the radius is below its floor ('radius-too-small') with ‖∇f‖∞ just above the tolerance`;
runSuite('trust-region-cauchy', () => trustRegionCauchy(), {
  runOptions: { maxIterations: 20000 },
  convergenceExceptions: {
    'freudenstein-roth': noise('48.98'),
    'powell-badly-scaled': slow(
      'the Hessian is numerically singular near x* (eigenvalues 1.7e10 and ≈ 1e-6)',
    ),
    'brown-badly-scaled': slow(farAway),
    gaussian: noise('1.1e-8, ‖∇f‖ ≈ 1e-11 against a scaled tolerance of 1e-12'),
    'powell-singular': slow('the Hessian is singular at x*'),
    'biggs-exp6': slow(
      'it creeps along ill-conditioned valleys near the local minimum f = 5.66e-3',
    ),
    watson: slow('the Hessian has condition ≈ 1e5 at x*'),
    'penalty-2': slow('the Hessian has condition ≈ 2e6 at x*'),
    bdqrtic: noise('58.3'),
    powellsg: slow('the Hessian is singular at x*'),
    nondquar: slow('the Hessian is singular at x*'),
  },
});

// Brown badly scaled with room to move: every method but the Cauchy point solves it.
for (const [name, make] of [
  ['trust-exact', trustExact],
  ['trust-ncg', trustNcg],
  ['trust-krylov', trustKrylov],
  ['dogleg', dogleg],
] as const)
  runSuite(`${name} (maxRadius 1e7)`, () => make({ maxRadius: 1e7 }), {
    problems: ['brown-badly-scaled'],
  });
