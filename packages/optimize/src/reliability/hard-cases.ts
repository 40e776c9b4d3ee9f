/**
 * Hard cases for every method: condition numbers 1e2 … 1e12, singular Hessians, flat
 * regions, a start that is already optimal, n = 1, and n = 10⁶ for the matrix-free
 * methods. Plain TypeScript: the test and the docs generator share it.
 *
 * @packageDocumentation
 */
import { CONVERGED_STATUSES, normInf, type Status } from '@hessian/core';
import { type MinimizeOptions, type MinimizeResult, minimize } from '../minimize.js';
import { METHOD_NAMES, type MethodName } from '../registry.js';
import {
  alreadyOptimal,
  flatRegion,
  oneDimensional,
  plateau,
  randomQuadratic,
  separable,
  singularAtMinimum,
  singularQuadratic,
  specOf,
  type TestCase,
} from './problems.js';

/** A hard case: the problem, the methods it runs, its options and what is documented. */
export interface HardCase {
  readonly id: string;
  readonly title: string;
  make(): TestCase;
  readonly methods: readonly MethodName[];
  /** Driver options (gradientTolerance is set relative to ‖∇f(x0)‖∞ when `relativeTolerance`). */
  readonly options?: Partial<MinimizeOptions>;
  /** gradientTolerance = relativeTolerance·max(1, ‖∇f(x0)‖∞). */
  readonly relativeTolerance?: number;
  /** Statuses that are correct here besides the converged ones, per method ('*' for all). */
  readonly allowed?: Readonly<Partial<Record<MethodName | '*', readonly Status[]>>>;
  /** Each method must stop at x0, iteration 0 (nothing to do). */
  readonly stopsAtStart?: boolean;
}

const CONDITIONS = [1e2, 1e4, 1e6, 1e8, 1e10, 1e12];

/** Every hard case, in table order. */
export const HARD_CASES: readonly HardCase[] = [
  ...CONDITIONS.map(
    (kappa): HardCase => ({
      id: `condition-${kappa.toExponential(0)}`,
      title: `convex quadratic, n = 10, κ = ${kappa.toExponential(0).replace('e+', 'e')}`,
      make: () => randomQuadratic({ n: 10, condition: kappa, quartic: 0, seed: 7, x0Scale: 1 }),
      methods: METHOD_NAMES,
      relativeTolerance: 1e-9,
      options: { maxIterations: 500 },
      // First-order and baseline methods may run out of iterations on ill-conditioned ones;
      // quasi-Newton line searches may stop when rounding hides any further decrease.
      allowed: {
        '*': ['max-iterations'],
        bfgs: ['max-iterations', 'line-search-failed'],
        lbfgs: ['max-iterations', 'line-search-failed'],
        'newton-cg': ['max-iterations', 'line-search-failed'],
      },
    }),
  ),
  {
    id: 'singular',
    title: 'singular Hessian everywhere: (x₀ + x₁ − 1)²',
    make: singularQuadratic,
    methods: METHOD_NAMES,
    allowed: { newton: ['singular-hessian'] },
  },
  {
    id: 'singular-at-minimum',
    title: 'Hessian singular at x*: x₀⁴ + x₁²',
    make: singularAtMinimum,
    methods: METHOD_NAMES,
    options: { maxIterations: 2000 },
    allowed: { 'trust-region-cauchy': ['max-iterations'] },
  },
  {
    id: 'flat',
    title: 'flat region: −exp(−‖x‖²) from ‖x‖ = 6 (‖∇f‖ ≈ 3e-15)',
    make: flatRegion,
    methods: METHOD_NAMES,
    stopsAtStart: true,
  },
  {
    id: 'plateau',
    title: 'plateau: Σ max(abs(xᵢ) − 1, 0)², ∇²f = 0 on the box',
    make: plateau,
    methods: METHOD_NAMES,
    allowed: { newton: ['singular-hessian'] },
  },
  {
    id: 'x0-optimal',
    title: 'x0 already optimal',
    make: alreadyOptimal,
    methods: METHOD_NAMES,
    stopsAtStart: true,
  },
  {
    id: 'n1',
    title: 'n = 1: x⁴/4 − x + cos x',
    make: oneDimensional,
    methods: METHOD_NAMES,
  },
  {
    id: 'n1e6',
    title: 'n = 10⁶, separable, 5 iterations (matrix-free methods)',
    make: () => separable(1_000_000),
    methods: ['lbfgs', 'trust-ncg', 'newton-cg'],
    options: { maxIterations: 5 },
    allowed: { '*': ['max-iterations'] },
  },
];

/** One cell of the hard-case table. */
export interface HardOutcome {
  readonly case: string;
  readonly method: MethodName;
  readonly status: Status | 'threw';
  readonly iterations: number;
  readonly violations: string[];
  readonly result: MinimizeResult | undefined;
}

/** Runs one method on one hard case and checks the documented behaviour. */
export function runHardCase(c: HardCase, method: MethodName): HardOutcome {
  const problem = c.make();
  const g0 = new Float64Array(problem.n);
  problem.gradient(problem.x0, g0);
  const f0 = problem.value(problem.x0);
  const options: Record<string, unknown> = { ...c.options, method };
  if (c.relativeTolerance !== undefined)
    options.gradientTolerance = c.relativeTolerance * Math.max(1, normInf(g0));
  const tol = (options.gradientTolerance as number | undefined) ?? 1e-6;
  let r: MinimizeResult;
  try {
    r = minimize(specOf(problem), problem.x0, options as MinimizeOptions);
  } catch (error) {
    return {
      case: c.id,
      method,
      status: 'threw',
      iterations: 0,
      violations: [`minimize threw ${String(error)}`],
      result: undefined,
    };
  }
  const v: string[] = [];
  const allowed = [...(c.allowed?.['*'] ?? []), ...(c.allowed?.[method] ?? [])];
  if (!CONVERGED_STATUSES.has(r.status) && !allowed.includes(r.status))
    v.push(`status '${r.status}' (${r.message})`);
  if (
    !(Number.isFinite(r.value) && r.x.every(Number.isFinite) && r.gradient.every(Number.isFinite))
  )
    v.push('non-finite numbers in the result');
  if (!(r.value <= f0)) v.push(`the result f = ${r.value} is worse than f(x0) = ${f0}`);
  // Honest: the value and gradient returned are f and ∇f at the point returned.
  const g = new Float64Array(problem.n);
  problem.gradient(r.x, g);
  if (r.value !== problem.value(r.x)) v.push('result.value is not f(result.x)');
  let same = true;
  for (let i = 0; i < g.length && same; i++) same = Object.is(g[i], r.gradient[i]);
  if (!same) v.push('result.gradient is not ∇f(result.x)');
  if (r.status === 'converged-gradient' && !(normInf(g) <= tol))
    v.push(`converged-gradient, yet ‖∇f(x)‖∞ = ${normInf(g)} > ${tol}`);
  if (c.stopsAtStart) {
    if (r.status !== 'converged-gradient' || r.iterations !== 0)
      v.push(`expected converged-gradient at iteration 0, got '${r.status}' after ${r.iterations}`);
    if (r.evaluations.gradient !== 1 || r.evaluations.value !== 0 || r.evaluations.hvp !== 0)
      v.push(`x0 needed one gradient evaluation, got ${JSON.stringify(r.evaluations)}`);
  }
  return {
    case: c.id,
    method,
    status: r.status,
    iterations: r.iterations,
    violations: v,
    result: r,
  };
}

/** Every hard case × its methods. */
export function runAllHardCases(): HardOutcome[] {
  const out: HardOutcome[] = [];
  for (const c of HARD_CASES) for (const m of c.methods) out.push(runHardCase(c, m));
  return out;
}
