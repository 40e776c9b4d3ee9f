import { finiteDifferenceCurvature } from '@hessian/core';
import { runSuite } from '@hessian/problems/suite';
import { newtonCg } from './newton-cg.js';

runSuite('newton-cg', () => newtonCg());
runSuite('newton-cg (eisenstat-walker-1)', () => newtonCg({ forcing: 'eisenstat-walker-1' }));
runSuite('newton-cg (superlinear)', () => newtonCg({ forcing: 'superlinear' }));
runSuite('newton-cg (quadratic)', () => newtonCg({ forcing: 'quadratic' }));
runSuite('newton-cg (diagonal)', () => newtonCg({ preconditioner: 'diagonal' }));
runSuite('newton-cg (hutchinson)', () => newtonCg({ preconditioner: 'hutchinson' }));
runSuite('newton-cg (lbfgs)', () => newtonCg({ preconditioner: 'lbfgs' }));
runSuite('newton-cg (finite differences)', () =>
  newtonCg({ curvature: finiteDifferenceCurvature() }),
);
runSuite('newton-cg (martens)', () => newtonCg({ damping: 1, warmStart: true }));
