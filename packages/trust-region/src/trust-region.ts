/**
 * The trust-region driver (one algorithm, any subproblem solver, any curvature) and the
 * SciPy-named methods built on it.
 *
 * @packageDocumentation
 */
import {
  type CurvatureProvider,
  type CurvatureSource,
  DenseMatrix,
  decodeNumber,
  decodeVector,
  defaultCurvature,
  encodeNumber,
  encodeVector,
  type Method,
  type MethodContext,
  type MethodExit,
  norm2,
  type Program,
  providerCanCheckpoint,
  report,
  restoreProvider,
  saveProvider,
  startOrResume,
  symmetrize,
  type Vector,
} from '@hessian/core';
import { cauchyPoint } from './cauchy.js';
import { doglegStep } from './dogleg.js';
import { type GltrOptions, gltr } from './gltr.js';
import { type MoreSorensenOptions, moreSorensen } from './more-sorensen.js';
import { reductionRatio, updateRadius } from './ratio.js';
import { type SteihaugOptions, steihaugCG } from './steihaug.js';
import {
  checkOptionsObject,
  type HvpOperator,
  type Subproblem,
  type SubproblemResult,
  show,
} from './subproblem.js';

/** The built-in solvers by short name, with their default options. */
export type SubproblemName = 'exact' | 'ncg' | 'krylov' | 'dogleg' | 'cauchy';

const BY_NAME: Readonly<Record<SubproblemName, () => Subproblem>> = {
  exact: () => moreSorensen(),
  ncg: () => steihaugCG(),
  krylov: () => gltr(),
  dogleg: () => doglegStep(),
  cauchy: () => cauchyPoint(),
};

/** Options of {@link trustRegion} (and of every method factory here). */
export interface TrustRegionOptions {
  /**
   * The subproblem solver, or a built-in one by name: `'exact'` ({@link moreSorensen}),
   * `'ncg'` ({@link steihaugCG}), `'krylov'` ({@link gltr}), `'dogleg'`, `'cauchy'`.
   * Default {@link steihaugCG}().
   */
  subproblem?: Subproblem | SubproblemName;
  /**
   * Where B comes from: `exactCurvature()`, `finiteDifferenceCurvature()`, or a quasi-Newton
   * source (BFGS, SR1, …) passed in. Default: exact when the problem gives a Hessian or
   * HVP, finite differences otherwise (core's `defaultCurvature`).
   */
  curvature?: CurvatureSource;
  /** Accept the step when ρ > eta; in [0, 0.25). Default 0.15 (SciPy). */
  eta?: number;
  /** Initial radius Δ₀ > 0. Default 1. */
  radius0?: number;
  /** Largest radius, ≥ radius0. Default 1000. */
  maxRadius?: number;
  /**
   * The run ends with status `radius-too-small` when Δ < minRadius·max(1, ‖x‖₂); in
   * [0, radius0). Default ε ≈ 2.2e-16: below it x + p rounds to x.
   */
  minRadius?: number;
}

/** A method factory's options: the driver's, without the subproblem. */
export type TrustRegionMethodOptions = Omit<TrustRegionOptions, 'subproblem'>;

interface Resolved {
  subproblem: Subproblem;
  curvature: CurvatureSource | undefined;
  eta: number;
  radius0: number;
  maxRadius: number;
  minRadius: number;
}

/** SciPy's names for the methods whose subproblem solvers are built in. */
const METHOD_NAMES: Readonly<Record<string, string>> = {
  'cauchy-point': 'trust-region-cauchy',
  dogleg: 'dogleg',
  'steihaug-cg': 'trust-ncg',
  'more-sorensen': 'trust-exact',
  gltr: 'trust-krylov',
};

/** A number option; `ok` decides validity (NaN and non-numbers never pass). */
function numberOption(
  owner: string,
  name: string,
  v: unknown,
  dflt: number,
  ok: (x: number) => boolean,
  must: string,
): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !ok(v))
    throw new RangeError(`${owner}: ${name} must be ${must}, got ${show(v)}`);
  return v;
}

function resolve(owner: string, options: TrustRegionOptions): Resolved {
  checkOptionsObject(owner, options);
  const given = options.subproblem ?? 'ncg';
  const sub =
    typeof given === 'string' && Object.hasOwn(BY_NAME, given)
      ? BY_NAME[given as SubproblemName]()
      : given;
  if (
    typeof sub !== 'object' ||
    sub === null ||
    typeof sub.name !== 'string' ||
    (sub.needs !== 'dense' && sub.needs !== 'hvp') ||
    typeof sub.solve !== 'function' ||
    typeof sub.allocate !== 'function'
  )
    throw new TypeError(
      `${owner}: subproblem must be a subproblem solver { name, needs: 'dense' | 'hvp', allocate, solve } or one of 'exact', 'ncg', 'krylov', 'dogleg', 'cauchy', got ${typeof sub === 'string' ? `'${sub}'` : show(sub)}`,
    );
  const curvature = options.curvature;
  if (
    curvature !== undefined &&
    (typeof curvature !== 'object' || curvature === null || typeof curvature.create !== 'function')
  )
    throw new TypeError(
      `${owner}: curvature must be a CurvatureSource { kind, dense, create }, got ${show(curvature)}`,
    );
  const eta = numberOption(
    owner,
    'eta',
    options.eta,
    0.15,
    (x) => x >= 0 && x < 0.25,
    'in [0, 0.25)',
  );
  const radius0 = numberOption(
    owner,
    'radius0',
    options.radius0,
    1,
    (x) => x > 0 && x < Infinity,
    'a finite number > 0',
  );
  const maxRadius = numberOption(
    owner,
    'maxRadius',
    options.maxRadius,
    Math.max(1000, radius0),
    (x) => x >= radius0 && x < Infinity,
    `a finite number >= radius0 (${radius0})`,
  );
  const minRadius = numberOption(
    owner,
    'minRadius',
    options.minRadius,
    Number.EPSILON,
    (x) => x >= 0 && x < radius0,
    `in [0, radius0) = [0, ${radius0})`,
  );
  return { subproblem: sub, curvature, eta, radius0, maxRadius, minRadius };
}

/** The dense B from n products B·e_j, for a provider that has no `hessian` (then symmetrized). */
function* assembleHessian(
  provider: CurvatureProvider,
  x: Vector,
  B: DenseMatrix,
  e: Float64Array,
  column: Float64Array,
): Program<number> {
  const n = x.length;
  e.fill(0);
  for (let j = 0; j < n; j++) {
    e[j] = 1;
    const a = yield* provider.hvp(x, e, column);
    e[j] = 0;
    if (a !== 0) return a;
    for (let i = 0; i < n; i++) B.data[i * n + j] = column[i];
  }
  symmetrize(B);
  return 0;
}

function* program(x: Vector, context: MethodContext, o: Resolved): Program<MethodExit> {
  const n = context.dimension;
  const provider = (o.curvature ?? defaultCurvature(context)).create(context);
  const sub = o.subproblem;
  const work = sub.allocate(n);
  const g = new Float64Array(n);
  const xt = new Float64Array(n);
  const gt = new Float64Array(n);
  const p = new Float64Array(n);
  const learns = typeof provider.update === 'function';
  const y = learns ? new Float64Array(n) : undefined;
  const B = sub.needs === 'dense' ? new DenseMatrix(n, n) : undefined;
  const e = B && !provider.hessian ? new Float64Array(n) : undefined;
  const column = e ? new Float64Array(n) : undefined;
  const hvp: HvpOperator = (v, out) => provider.hvp(x, v, out);

  let f: number;
  let radius = o.radius0;
  let haveB = false;
  // Whether f (and ∇f, when asked) was finite at the last trial point: a radius that shrank
  // below its floor because f is NaN or infinite around x ends with 'non-finite'.
  let trialFinite = true;
  // Everything the next iteration depends on besides x, f and ∇f: the radius, the model
  // matrix B when it is kept for the next iteration (after a rejected step), the provider.
  const checkpoint = providerCanCheckpoint(provider)
    ? () => ({
        radius: encodeNumber(radius),
        B: haveB ? encodeVector(B!.data) : null,
        trialFinite,
        curvature: saveProvider(provider),
      })
    : undefined;
  const resume = context.resume;
  f = yield* startOrResume(x, g, context, 'trust-region', (state) => {
    radius = decodeNumber(state.radius, 'trust-region: state.radius');
    trialFinite = state.trialFinite !== false;
    if (B && state.B !== null && state.B !== undefined) {
      decodeVector(state.B, n * n, 'trust-region: state.B', B.data);
      haveB = true;
    }
    restoreProvider(provider, state.curvature, 'trust-region');
  });
  if (!Number.isFinite(f))
    return { status: 'non-finite', message: 'trust-region: f or ∇f is not finite at x0.' };
  if (
    yield* report({ op: 'iteration', x, value: f, gradient: g, initial: true, radius, checkpoint })
  )
    return { extra: { radius } };
  // The radius floor is tested after each iteration's report: at the top of the next one,
  // and so also right after a resumed run's first report (a checkpoint's iteration).
  let testFloor = resume !== undefined;
  for (;;) {
    if (testFloor) {
      const floor = o.minRadius * Math.max(1, norm2(x));
      if (radius < floor)
        return trialFinite
          ? {
              status: 'radius-too-small',
              message: `trust-region: the radius ${radius} fell below minRadius·max(1, ‖x‖) = ${floor}.`,
              extra: { radius },
            }
          : {
              status: 'non-finite',
              message: `trust-region: f or ∇f is not finite at the trial points near x: the radius shrank to ${radius}, below minRadius·max(1, ‖x‖) = ${floor}.`,
              extra: { radius },
            };
    }
    testFloor = true;
    let r: SubproblemResult;
    if (sub.needs === 'dense') {
      if (!haveB) {
        const a = provider.hessian
          ? yield* provider.hessian(x, B!)
          : yield* assembleHessian(provider, x, B!, e!, column!);
        if (a !== 0)
          return {
            status: 'non-finite',
            message: 'trust-region: the Hessian (model matrix) is not finite at the current point.',
            extra: { radius },
          };
        haveB = true;
      }
      r = sub.solve(B!, g, radius, p, work);
    } else {
      r = yield* sub.solve(hvp, g, radius, p, work);
    }
    if (!Number.isFinite(r.predicted))
      return {
        status: 'non-finite',
        message:
          'trust-region: the model is not finite at the current point (a Hessian-vector product, or the predicted reduction overflowed).',
        extra: { radius },
      };
    if (!(r.predicted > 0))
      return {
        status: 'no-predicted-decrease',
        message: `trust-region: the ${sub.name} step predicts no decrease of the model (m(0) − m(p) = ${r.predicted}).`,
        extra: { radius },
      };
    for (let i = 0; i < n; i++) xt[i] = x[i] + p[i];
    let ft = learns ? yield { op: 'gradient', x: xt, out: gt } : yield { op: 'value', x: xt };
    trialFinite = Number.isFinite(ft);
    let rho = reductionRatio(f, ft, r.predicted);
    let accepted = rho > o.eta;
    if (learns && Number.isFinite(ft)) {
      // Secant providers learn from every step where ∇f at the trial point is known.
      for (let i = 0; i < n; i++) y![i] = gt[i] - g[i];
      provider.update!(p, y!);
      haveB = false;
    }
    if (accepted && !learns) {
      ft = yield { op: 'gradient', x: xt, out: gt };
      trialFinite = Number.isFinite(ft);
      if (!Number.isFinite(ft)) {
        accepted = false;
        rho = Number.NEGATIVE_INFINITY;
      }
    }
    radius = updateRadius(radius, rho, r.onBoundary, o.maxRadius);
    if (accepted) {
      x.set(xt);
      g.set(gt);
      f = ft;
      haveB = false;
    }
    const info = { rho, accepted, exit: r.exit };
    if (
      yield* report({
        op: 'iteration',
        x,
        value: f,
        gradient: g,
        stepNorm: accepted ? r.stepNorm : undefined,
        radius,
        innerIterations: r.innerIterations,
        info,
        checkpoint,
      })
    )
      return { extra: { radius } };
  }
}

function make(owner: string, options: TrustRegionOptions): Method {
  const o = resolve(owner, options);
  const name = METHOD_NAMES[o.subproblem.name] ?? `trust-region-${o.subproblem.name}`;
  return { name, resumable: true, program: (x0, context) => program(x0, context, o) };
}

/**
 * The trust-region method: at x_k minimize the model m(p) = f + gᵀp + ½pᵀBp over ‖p‖ ≤ Δ
 * with the chosen subproblem solver, accept x_k + p when ρ = (f(x_k) − f(x_k + p)) /
 * (m(0) − m(p)) > η, shrink Δ ×1/4 when ρ < 1/4 (also when f(x_k + p) is not finite), grow
 * it ×2 (up to maxRadius) when ρ > 3/4 and the step is on the boundary. B comes from any
 * curvature provider; a provider with `update` (BFGS, SR1) learns from every step where ∇f
 * at the trial point is known, rejected ones included. Each iteration, accepted or not, is
 * reported: the trace has `radius`, `innerIterations` and `info: { rho, accepted, exit }`.
 * The run ends by itself with `no-predicted-decrease` (the model predicts no decrease),
 * `radius-too-small` (Δ < minRadius·max(1, ‖x‖)), or `non-finite` when the radius fell
 * below that floor and f (or ∇f) was not finite at the last trial point.
 * Checkpoints (`report.checkpoint()`, `options.resume`) hold the radius, B when it is kept
 * for the next iteration, and the curvature provider's state.
 *
 * The method's name is SciPy's for the built-in solvers (`trust-ncg`, `trust-exact`,
 * `trust-krylov`, `dogleg`, `trust-region-cauchy`), else `trust-region-<solver name>`.
 *
 * **Requires** a gradient (or the driver's finite differences); see each solver for B.
 * **Options** `subproblem` (steihaugCG(); or 'exact', 'ncg', 'krylov', 'dogleg', 'cauchy'), `curvature` (exact if the problem has it, else
 * finite differences), `eta` (0.15), `radius0` (1), `maxRadius` (1000), `minRadius` (ε);
 * see {@link TrustRegionOptions}.
 * **Reference** Nocedal & Wright, *Numerical Optimization* (2006), Algorithm 4.1;
 * Conn, Gould & Toint, *Trust-Region Methods* (2000), Algorithm 6.1.1.
 * @example run(trustRegion({ subproblem: moreSorensen() }), problem, x0)
 * @example trustRegion({ subproblem: 'exact', curvature: sr1Curvature() }) // SR1 trust region
 * @throws RangeError/TypeError naming the option, e.g. `trustRegion: eta must be in [0, 0.25), got 0.5`
 */
export function trustRegion(options: TrustRegionOptions = {}): Method {
  return make('trustRegion', options);
}

/** Options of {@link trustExact}: the driver's and `inner` for {@link moreSorensen}. */
export interface TrustExactOptions extends TrustRegionMethodOptions {
  inner?: MoreSorensenOptions;
}
/** Options of {@link trustNcg}: the driver's and `inner` for {@link steihaugCG}. */
export interface TrustNcgOptions extends TrustRegionMethodOptions {
  inner?: SteihaugOptions;
}
/** Options of {@link trustKrylov}: the driver's and `inner` for {@link gltr}. */
export interface TrustKrylovOptions extends TrustRegionMethodOptions {
  inner?: GltrOptions;
}

function withSubproblem(
  owner: string,
  options: TrustRegionMethodOptions & { inner?: unknown },
  subproblem: Subproblem,
): Method {
  checkOptionsObject(owner, options);
  const { inner: _inner, ...rest } = options;
  if ('subproblem' in rest)
    throw new TypeError(`${owner}: subproblem is fixed by this method; use trustRegion()`);
  return make(owner, { ...rest, subproblem });
}

/**
 * `trust-exact`: the trust-region method with the Moré–Sorensen solver on the dense Hessian.
 * Fewest iterations of the family; O(n³) per factorization, for small and medium n.
 *
 * **Requires** a dense B: a Hessian, or n HVPs per iteration to build one.
 * **Options** the driver's ({@link trustRegion}) and `inner` ({@link moreSorensen}: kEasy 0.1, kHard 0.2).
 * **Reference** Moré & Sorensen (1983); Nocedal & Wright (2006), Algorithms 4.1 and 4.3.
 * @example run(trustExact(), rosenbrock, [-1.2, 1])
 */
export function trustExact(options: TrustExactOptions = {}): Method {
  return withSubproblem('trustExact', options, moreSorensen(options?.inner));
}

/**
 * `trust-ncg`: the trust-region method with Steihaug–Toint truncated CG. HVPs only: for large n.
 *
 * **Requires** Hessian-vector products (exact, finite differences, or a provider's).
 * **Options** the driver's ({@link trustRegion}) and `inner` ({@link steihaugCG}).
 * **Reference** Steihaug (1983); Nocedal & Wright (2006), Algorithms 4.1 and 7.2.
 * @example run(trustNcg(), problem, x0)
 */
export function trustNcg(options: TrustNcgOptions = {}): Method {
  return withSubproblem('trustNcg', options, steihaugCG(options?.inner));
}

/**
 * `trust-krylov`: the trust-region method with GLTR (the subproblem on the Lanczos space,
 * near-exact). HVPs only: for large n, fewer outer iterations than trust-ncg on hard problems.
 *
 * **Requires** Hessian-vector products.
 * **Options** the driver's ({@link trustRegion}) and `inner` ({@link gltr}).
 * **Reference** Gould, Lucidi, Roma & Toint (1999); Conn, Gould & Toint (2000), §7.5.
 * @example run(trustKrylov(), problem, x0)
 */
export function trustKrylov(options: TrustKrylovOptions = {}): Method {
  return withSubproblem('trustKrylov', options, gltr(options?.inner));
}

/**
 * `dogleg`: the trust-region method with the dogleg step; on an indefinite B it takes the
 * Cauchy point (trace exit `cauchy-fallback`).
 *
 * **Requires** a dense B, best positive definite (a convex problem, or a BFGS provider).
 * **Options** the driver's ({@link trustRegion}).
 * **Reference** Powell (1970); Nocedal & Wright (2006), §4.1.
 * @example run(dogleg(), problem, x0)
 */
export function dogleg(options: TrustRegionMethodOptions = {}): Method {
  return withSubproblem('dogleg', options, doglegStep());
}

/**
 * `trust-region-cauchy`: the trust-region method with the Cauchy point (steepest descent
 * in a trust region). Slow; a baseline and a test of the driver.
 *
 * **Requires** Hessian-vector products (one per iteration).
 * **Options** the driver's ({@link trustRegion}).
 * **Reference** Nocedal & Wright (2006), Algorithms 4.1 and 4.2.
 * @example run(trustRegionCauchy(), problem, x0, { maxIterations: 10000 })
 */
export function trustRegionCauchy(options: TrustRegionMethodOptions = {}): Method {
  return withSubproblem('trustRegionCauchy', options, cauchyPoint());
}
