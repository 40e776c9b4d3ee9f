/**
 * Runs any program (a line search, a curvature provider, a subproblem solver)
 * synchronously against a problem, without the driver's stopping tests. For tests,
 * analysis and tools; methods are run with `run`, `runAsync` or `start`.
 *
 * @packageDocumentation
 */
import { defineProblem, type Problem, type ProblemSpec } from './problem.js';
import { CONTINUE, type Program, type Request } from './protocol.js';
import type { EvaluationCounts } from './result.js';
import { allFinite } from './vector.js';

/** The program's return value and the evaluations it cost. */
export interface Executed<R> {
  value: R;
  evaluations: EvaluationCounts;
}

function answer(problem: Problem, y: Request, counts: EvaluationCounts): number {
  let r: unknown;
  switch (y.op) {
    case 'value':
      counts.value++;
      r = problem.value(y.x);
      break;
    case 'gradient':
      counts.gradient++;
      if (!problem.valueAndGradient)
        throw new TypeError('execute: the program asked for a gradient the problem does not give');
      r = problem.valueAndGradient(y.x, y.out);
      if (typeof r === 'number' && !allFinite(y.out)) return Number.NaN;
      break;
    case 'hessian':
      counts.hessian++;
      if (!problem.hessian)
        throw new TypeError('execute: the program asked for a Hessian the problem does not give');
      problem.hessian(y.x, y.out);
      return allFinite(y.out.data) ? 0 : Number.NaN;
    case 'hvp':
      counts.hvp++;
      if (!problem.hessianVectorProduct)
        throw new TypeError(
          'execute: the program asked for a Hessian-vector product the problem does not give',
        );
      problem.hessianVectorProduct(y.x, y.v, y.out);
      return allFinite(y.out) ? 0 : Number.NaN;
  }
  if (typeof r !== 'number')
    throw new TypeError('execute: problem functions must be synchronous here');
  return Number.isFinite(r) ? r : Number.NaN;
}

/**
 * Runs `program` to its end, answering its requests from `problem` (non-finite
 * answers become NaN, as in the driver) and every iteration report with CONTINUE.
 * Errors thrown by the problem propagate.
 *
 * @example const { value: f } = execute(problem, moreThuente().search(x, d, f0, s0, 1, work));
 */
export function execute<R>(problem: ProblemSpec | Problem, program: Program<R>): Executed<R> {
  const p = defineProblem(problem);
  const counts: EvaluationCounts = { value: 0, gradient: 0, hessian: 0, hvp: 0 };
  let a = 0;
  for (;;) {
    const r = program.next(a);
    if (r.done) return { value: r.value, evaluations: counts };
    const y = r.value;
    a = y.op === 'iteration' ? CONTINUE : answer(p, y, counts);
  }
}
