/**
 * Newton-CG (truncated Newton, Hessian-free): line-search Newton whose step is an
 * inexact solution of H p = −g by preconditioned CG on Hessian-vector products.
 *
 * @packageDocumentation
 */
import {
  type CurvatureProvider,
  type CurvatureSource,
  type DenseMatrix,
  decodeNumber,
  decodeVector,
  defaultCurvature,
  describe,
  dot,
  encodeNumber,
  encodeVector,
  type Method,
  type MethodContext,
  type MethodExit,
  norm2,
  type Program,
  pointAlong,
  providerCanCheckpoint,
  report,
  restoreProvider,
  saveProvider,
  startOrResume,
  type Vector,
} from '@hessian/core';
import { backtracking, createLineSearchWork, type LineSearch } from '@hessian/line-search';
import {
  eisenstatWalker1,
  eisenstatWalker2,
  FORCING_NAMES,
  type ForcingName,
  quadraticForcing,
  superlinearForcing,
} from './forcing.js';
import { acceptStep, linearResidualNorm, scaleInPlace } from './kernels.js';
import {
  DiagonalPreconditioner,
  denseHessianDiagonal,
  denseScratch,
  hutchinsonDiagonal,
  LbfgsPreconditioner,
  probingDiagonal,
  safeguardDiagonal,
} from './preconditioners.js';
import {
  type CGPreconditioner,
  createTruncatedCGWork,
  type TruncatedCGResult,
  truncatedCG,
} from './truncated-cg.js';

/** The preconditioners {@link newtonCg} builds itself. */
export type PreconditionerName = 'none' | 'diagonal' | 'hutchinson' | 'hessian-diagonal' | 'lbfgs';

/** Every {@link PreconditionerName}, in the order error messages list them. */
export const PRECONDITIONER_NAMES: readonly PreconditionerName[] = [
  'none',
  'diagonal',
  'hutchinson',
  'hessian-diagonal',
  'lbfgs',
];

/**
 * A diagonal D ≈ diag(H) given by the user, with entries > 0: fixed, or computed at each
 * outer iterate by a synchronous function writing into `out` (or returning an array).
 */
export interface UserDiagonal {
  readonly diagonal: ArrayLike<number> | ((x: Vector, out: Vector) => ArrayLike<number> | void);
}

/** Options of {@link newtonCg}. */
export interface NewtonCgOptions {
  /** Where Hessian-vector products come from. Default: core's `defaultCurvature` (exact when the problem has them, else finite differences of gradients). */
  curvature?: CurvatureSource;
  /** The line search on the CG direction, first trial α = 1. Default `backtracking({ maxEvaluations: 20 })` (Armijo, c₁ = 1e-4). */
  lineSearch?: LineSearch;
  /** Forcing sequence η_k: stop CG when ‖Hp + g‖₂ ≤ η_k‖g‖₂. A name, or a constant in (0, 1). Default 'eisenstat-walker-2'. */
  forcing?: ForcingName | number;
  /** ηmax, the cap of every named forcing sequence (and η₀ of Eisenstat–Walker). Default 0.5. */
  maxForcing?: number;
  /** Cap on CG iterations per outer iteration. Default min(n, 500). */
  maxInnerIterations?: number;
  /** Preconditioner of the inner CG. Default 'none'. */
  preconditioner?: PreconditionerName | UserDiagonal;
  /** HVPs per diagonal estimate ('diagonal': probing colors; 'hutchinson': samples). Default 5. */
  probes?: number;
  /** Pairs kept by the 'lbfgs' preconditioner. Default 5. */
  memory?: number;
  /** Initial damping λ₀ ≥ 0; λ > 0 turns on Martens' adaptive damping (H + λI). Default 0 (off). */
  damping?: number;
  /** Warm-start CG from ζ·(previous direction): true means ζ = 0.95 (Martens), or ζ in (0, 1]. Default false. */
  warmStart?: boolean | number;
}

interface Resolved {
  curvature: CurvatureSource | undefined;
  lineSearch: LineSearch;
  forcing: ForcingName | number;
  maxForcing: number;
  maxInnerIterations: number | undefined;
  preconditioner: PreconditionerName | UserDiagonal;
  probes: number;
  memory: number;
  damping: number;
  warmStart: number;
}

const NAME = 'newtonCg';
/**
 * Armijo backtracking from α = 1, at most 20 trials: on the problem library no Newton-CG
 * search needs more than 10, and 20 failing trials mean the predicted decrease is lost in
 * the rounding of f (then the rounding test below decides), not a step to find.
 */
const DEFAULT_LINE_SEARCH = backtracking({ maxEvaluations: 20 });
/** A unit step whose f rose by at most this times |f| is within rounding (see the line search). */
const ROUNDING = 1e-10;
const KNOWN = [
  'curvature',
  'lineSearch',
  'forcing',
  'maxForcing',
  'maxInnerIterations',
  'preconditioner',
  'probes',
  'memory',
  'damping',
  'warmStart',
] as const;

function show(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'number') return String(v);
  return describe(v);
}

function quoted(names: readonly string[]): string {
  return names.map((s) => `'${s}'`).join(', ');
}

function positiveInteger(name: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
    throw new RangeError(`${NAME}: ${name} must be an integer >= 1, got ${show(v)}`);
  return v;
}

function validate(options: NewtonCgOptions): Resolved {
  if (typeof options !== 'object' || options === null)
    throw new TypeError(`${NAME}: options must be an object, got ${show(options)}`);
  const o = options;
  for (const key of Object.keys(o))
    if (!(KNOWN as readonly string[]).includes(key))
      throw new TypeError(`${NAME}: unknown option ${key} (known: ${KNOWN.join(', ')})`);
  const curvature = o.curvature;
  if (
    curvature !== undefined &&
    (typeof curvature !== 'object' ||
      curvature === null ||
      typeof (curvature as CurvatureSource).create !== 'function')
  )
    throw new TypeError(
      `${NAME}: curvature must be a CurvatureSource { kind, dense, create }, got ${show(curvature)}`,
    );
  const lineSearch = o.lineSearch;
  if (
    lineSearch !== undefined &&
    (typeof lineSearch !== 'object' ||
      lineSearch === null ||
      typeof (lineSearch as LineSearch).search !== 'function')
  )
    throw new TypeError(
      `${NAME}: lineSearch must be a LineSearch { name, usesSlope, search }, got ${show(lineSearch)}`,
    );
  const forcing = o.forcing ?? 'eisenstat-walker-2';
  if (
    !(typeof forcing === 'number' && forcing > 0 && forcing < 1) &&
    !(typeof forcing === 'string' && (FORCING_NAMES as readonly string[]).includes(forcing))
  )
    throw new RangeError(
      `${NAME}: forcing must be one of ${quoted(FORCING_NAMES)} or a number in (0, 1), got ${show(forcing)}`,
    );
  const maxForcing = o.maxForcing ?? 0.5;
  if (typeof maxForcing !== 'number' || !(maxForcing > 0 && maxForcing < 1))
    throw new RangeError(`${NAME}: maxForcing must be a number in (0, 1), got ${show(maxForcing)}`);
  const maxInnerIterations =
    o.maxInnerIterations === undefined
      ? undefined
      : positiveInteger('maxInnerIterations', o.maxInnerIterations, 1);
  const preconditioner = o.preconditioner ?? 'none';
  if (typeof preconditioner === 'string') {
    if (!(PRECONDITIONER_NAMES as readonly string[]).includes(preconditioner))
      throw new RangeError(
        `${NAME}: preconditioner must be one of ${quoted(PRECONDITIONER_NAMES)} or { diagonal }, got ${show(preconditioner)}`,
      );
  } else if (typeof preconditioner === 'object' && preconditioner !== null) {
    const D = (preconditioner as UserDiagonal).diagonal;
    if (typeof D !== 'function') {
      if (
        typeof D !== 'object' ||
        D === null ||
        typeof (D as ArrayLike<number>).length !== 'number'
      )
        throw new TypeError(
          `${NAME}: preconditioner.diagonal must be an array of numbers > 0 or a function (x, out), got ${show(D)}`,
        );
      checkDiagonal(D as ArrayLike<number>);
    }
  } else
    throw new RangeError(
      `${NAME}: preconditioner must be one of ${quoted(PRECONDITIONER_NAMES)} or { diagonal }, got ${show(preconditioner)}`,
    );
  const probes = positiveInteger('probes', o.probes, 5);
  const memory = positiveInteger('memory', o.memory, 5);
  const damping = o.damping ?? 0;
  if (typeof damping !== 'number' || !(damping >= 0 && damping < Infinity))
    throw new RangeError(`${NAME}: damping must be a finite number >= 0, got ${show(damping)}`);
  const w = o.warmStart ?? false;
  let warmStart: number;
  if (w === false) warmStart = 0;
  else if (w === true) warmStart = 0.95;
  else if (typeof w === 'number' && w > 0 && w <= 1) warmStart = w;
  else
    throw new RangeError(
      `${NAME}: warmStart must be a boolean or a number in (0, 1], got ${show(w)}`,
    );
  return {
    curvature,
    lineSearch: lineSearch ?? DEFAULT_LINE_SEARCH,
    forcing,
    maxForcing,
    maxInnerIterations,
    preconditioner,
    probes,
    memory,
    damping,
    warmStart,
  };
}

function checkDiagonal(D: ArrayLike<number>, n?: number): void {
  if (n !== undefined && D.length !== n)
    throw new RangeError(
      `${NAME}: preconditioner.diagonal must have length ${n}, got length ${D.length}`,
    );
  for (let i = 0; i < D.length; i++) {
    const v = D[i];
    if (typeof v !== 'number' || !(v > 0 && v < Infinity))
      throw new RangeError(
        `${NAME}: preconditioner.diagonal must hold finite numbers > 0, got ${show(v)} at index ${i}`,
      );
  }
}

/**
 * The damping update of Martens (2010) §4.1, Levenberg–Marquardt style: λ ← 3λ/2 when the
 * reduction ratio ρ < 1/4 (or is not a number), λ ← 2λ/3 when ρ > 3/4, else unchanged.
 *
 * **Reference** J. Martens, "Deep learning via Hessian-free optimization", ICML 2010, §4.1.
 * @example updateDamping(1, 0.9) // 0.666…
 */
export function updateDamping(lambda: number, ratio: number): number {
  if (!(ratio >= 0.25)) return lambda * 1.5;
  if (ratio > 0.75) return lambda / 1.5;
  return lambda;
}

/**
 * Reduction ratio ρ = (f(x + s) − f(x)) / (gᵀs + ½ sᵀHs): actual over predicted change.
 * −∞ when the model predicts no decrease (pred ≥ 0) or a value is not finite.
 *
 * **Reference** Nocedal & Wright (2006) (4.4); Martens (2010) §4.1.
 * @example reductionRatio(-0.9, -1) // 0.9
 */
export function reductionRatio(actual: number, predicted: number): number {
  if (!(predicted < 0) || !Number.isFinite(actual)) return -Infinity;
  return actual / predicted;
}

/**
 * Newton-CG: at each outer iteration, truncated preconditioned CG on (H + λI) p = −g with
 * Hessian-vector products only, stopped when ‖(H + λI)p + g‖₂ ≤ η_k‖g‖₂ or after
 * `maxInnerIterations`; negative curvature on the first CG iteration gives the
 * (preconditioned) steepest-descent direction, later the last CG iterate. Then a line
 * search from α = 1. The run stops on the driver's gradient test (‖g‖∞ ≤ gradientTolerance),
 * not on step size.
 *
 * - Curvature: any provider (exact HVPs, finite differences of gradients, a quasi-Newton
 *   provider, {@link gaussNewtonCurvature}); the Hessian is never formed (except by the
 *   'hessian-diagonal' preconditioner, which asks for it).
 * - Preconditioners: 'none'; 'diagonal' = probing (`probes` HVPs per outer iteration, exact
 *   for banded H of half-bandwidth < probes); 'hutchinson' (`probes` Rademacher HVPs);
 *   'hessian-diagonal' (the dense Hessian's diagonal, one Hessian per outer iteration);
 *   { diagonal } from the user; 'lbfgs' from the last `memory` outer steps. Estimated
 *   diagonals are safeguarded to |D_i| ≥ 1e-4 max|D|.
 * - Martens mode (`damping` > 0, `warmStart`): λ is adapted from the reduction ratio of the
 *   undamped model, ρ < ¼ → λ·3/2, ρ > ¾ → λ·2/3; CG starts from ζ·p_{k−1}.
 *
 * Each report carries `innerIterations` (CG iterations) and `info`: `forcing` η_k, `cg` (why
 * CG stopped), `hvps` (curvature products this iteration, preconditioner's included), and
 * running counts `negativeCurvature` and `steepestDescent`; with damping, `damping` λ.
 * `result.extra` has the totals.
 *
 * **Checkpoints** (`report.checkpoint()`, `options.resume`): k, η, ‖g‖₂, the previous ‖g‖₂,
 * the linear residual, λ, the warm-start direction, the running totals, the preconditioner's
 * state (diagonal and its inverse, or the L-BFGS pairs) and the curvature provider's state.
 *
 * **Requires** f and ∇f (∇f by finite differences otherwise); HVPs from `curvature`.
 * **Options** see {@link NewtonCgOptions}: `curvature` (default core's), `lineSearch`
 * (`backtracking({ maxEvaluations: 20 })`), `forcing` ('eisenstat-walker-2'), `maxForcing` (0.5), `maxInnerIterations`
 * (min(n, 500)), `preconditioner` ('none'), `probes` (5), `memory` (5), `damping` (0),
 * `warmStart` (false).
 * **Reference** Nocedal & Wright, *Numerical Optimization* (2nd ed., 2006), Alg. 7.1
 * (line-search Newton-CG) and (7.3) (forcing); S. C. Eisenstat and H. F. Walker, SIAM J. Sci.
 * Comput. 17, 1996; J. Martens, "Deep learning via Hessian-free optimization", ICML 2010;
 * S. G. Nash, "A survey of truncated-Newton methods", J. Comput. Appl. Math. 124, 2000.
 * @throws RangeError/TypeError naming the option, e.g.
 *   `newtonCg: forcing must be one of 'superlinear', 'quadratic', 'eisenstat-walker-1', 'eisenstat-walker-2' or a number in (0, 1), got 'fast'`
 * @example
 * import { run } from '@hessian/core';
 * const r = run(newtonCg({ forcing: 'eisenstat-walker-2' }), problem, x0);
 * console.log(r.status, r.iterations, r.trace?.map((row) => row.innerIterations));
 */
export function newtonCg(options: NewtonCgOptions = {}): Method {
  const o = validate(options);
  return {
    name: 'newton-cg',
    resumable: true,
    program: (x0, context) => newtonCgProgram(o, x0, context),
  };
}

function* newtonCgProgram(o: Resolved, x: Vector, context: MethodContext): Program<MethodExit> {
  const n = context.dimension;
  const provider: CurvatureProvider = (o.curvature ?? defaultCurvature(context)).create(context);
  const lineSearch = o.lineSearch;
  const maxInner = o.maxInnerIterations ?? Math.min(n, 500);

  // Work vectors: all allocated here, none per iteration.
  const g = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  const cg = createTruncatedCGWork(n);
  const lsWork = createLineSearchWork(n);
  const gNew = lineSearch.usesSlope ? lsWork.g : new Float64Array(n);
  const d = cg.d;

  // Preconditioner.
  const pc = o.preconditioner;
  let diagonalM: DiagonalPreconditioner | undefined;
  let lbfgsM: LbfgsPreconditioner | undefined;
  let D: Float64Array | undefined;
  let probeV: Float64Array | undefined;
  let probeHv: Float64Array | undefined;
  let H: DenseMatrix | undefined;
  let userFn: ((x: Vector, out: Vector) => ArrayLike<number> | void) | undefined;
  if (pc === 'lbfgs') lbfgsM = new LbfgsPreconditioner(n, o.memory);
  else if (pc !== 'none') {
    diagonalM = new DiagonalPreconditioner(n);
    D = new Float64Array(n);
    if (pc === 'diagonal' || pc === 'hutchinson') {
      probeV = new Float64Array(n);
      probeHv = new Float64Array(n);
    } else if (pc === 'hessian-diagonal') {
      if (!provider.hessian)
        throw new TypeError(
          `${NAME}: preconditioner 'hessian-diagonal' needs a curvature provider with a dense hessian, got '${provider.kind}'`,
        );
      H = denseScratch(n);
    } else if (typeof pc.diagonal === 'function') userFn = pc.diagonal;
    else {
      checkDiagonal(pc.diagonal, n);
      D.set(pc.diagonal);
    }
  }
  const M: CGPreconditioner | undefined = diagonalM ?? lbfgsM;

  let lambda = o.damping;
  const damped = lambda > 0;
  const minDamping = 1e-10 * lambda;
  let innerTotal = 0;
  let productsTotal = 0;
  let negativeCurvature = 0;
  let steepestDescent = 0;
  const extra = () => ({
    innerIterations: innerTotal,
    curvatureProducts: productsTotal,
    negativeCurvature,
    steepestDescent,
    ...(damped ? { damping: lambda } : {}),
  });

  let k = 0;
  let gnorm = Number.NaN;
  let previousGnorm = Number.NaN;
  let eta = o.maxForcing;
  let linearResidual = Number.NaN;
  let haveDirection = false;

  // Everything the next iteration depends on besides x, f and ∇f. The counter k picks the
  // forcing term and seeds Hutchinson; gnorm is the fused pass's (not recomputed); d is the
  // warm start; the diagonal preconditioner keeps its 1/(D + λ) (a constant user diagonal
  // is set only at k = 0) and D; the L-BFGS preconditioner its pairs.
  const checkpoint = providerCanCheckpoint(provider)
    ? () => ({
        k,
        eta: encodeNumber(eta),
        gnorm: encodeNumber(gnorm),
        previousGnorm: encodeNumber(previousGnorm),
        linearResidual: encodeNumber(linearResidual),
        lambda: encodeNumber(lambda),
        haveDirection,
        d: haveDirection && o.warmStart > 0 ? encodeVector(d) : null,
        innerIterations: innerTotal,
        curvatureProducts: productsTotal,
        negativeCurvature,
        steepestDescent,
        diagonal: D ? encodeVector(D) : null,
        inverse: diagonalM ? diagonalM.save() : null,
        lbfgs: lbfgsM ? lbfgsM.save() : null,
        curvature: saveProvider(provider),
      })
    : undefined;

  let f = yield* startOrResume(x, g, context, NAME, (state) => {
    k = count(state.k, 'k');
    eta = decodeNumber(state.eta, `${NAME}: state.eta`);
    gnorm = decodeNumber(state.gnorm, `${NAME}: state.gnorm`);
    previousGnorm = decodeNumber(state.previousGnorm, `${NAME}: state.previousGnorm`);
    linearResidual = decodeNumber(state.linearResidual, `${NAME}: state.linearResidual`);
    lambda = decodeNumber(state.lambda, `${NAME}: state.lambda`);
    haveDirection = state.haveDirection === true;
    if (haveDirection && o.warmStart > 0) decodeVector(state.d, n, `${NAME}: state.d`, d);
    innerTotal = count(state.innerIterations, 'innerIterations');
    productsTotal = count(state.curvatureProducts, 'curvatureProducts');
    negativeCurvature = count(state.negativeCurvature, 'negativeCurvature');
    steepestDescent = count(state.steepestDescent, 'steepestDescent');
    if (D) decodeVector(state.diagonal, n, `${NAME}: state.diagonal`, D);
    diagonalM?.restore(state.inverse, `${NAME}: state.inverse`);
    lbfgsM?.restore(state.lbfgs, `${NAME}: state.lbfgs`);
    restoreProvider(provider, state.curvature, NAME);
  });
  if (!Number.isFinite(f))
    return { status: 'non-finite', message: `${NAME}: f or ∇f is not finite at x0` };
  if (!context.resume) gnorm = norm2(g);
  if (yield* report({ op: 'iteration', x, value: f, gradient: g, initial: true, checkpoint }))
    return { extra: extra() };

  for (;;) {
    // Forcing term η_k.
    const forcing = o.forcing;
    if (typeof forcing === 'number') eta = forcing;
    else if (forcing === 'superlinear') eta = superlinearForcing(gnorm, o.maxForcing);
    else if (forcing === 'quadratic') eta = quadraticForcing(gnorm, o.maxForcing);
    else if (k > 0) {
      const state = {
        gradientNorm: gnorm,
        previousGradientNorm: previousGnorm,
        previousForcing: eta,
        linearResidualNorm: linearResidual,
        max: o.maxForcing,
      };
      eta = forcing === 'eisenstat-walker-1' ? eisenstatWalker1(state) : eisenstatWalker2(state);
    }

    // Preconditioner at x.
    let products = 0;
    if (diagonalM && D) {
      let ok = 0;
      if (pc === 'diagonal') {
        ok = yield* probingDiagonal(provider, x, o.probes, D, probeV!, probeHv!);
        products += Math.min(o.probes, n);
      } else if (pc === 'hutchinson') {
        ok = yield* hutchinsonDiagonal(provider, x, o.probes, k + 1, D, probeV!, probeHv!);
        products += o.probes;
      } else if (pc === 'hessian-diagonal') ok = yield* denseHessianDiagonal(provider, x, H!, D);
      else if (userFn) {
        const r = userFn(x, D);
        if (r !== undefined && r !== D) D.set(r);
        checkDiagonal(D, n);
      }
      if (ok !== 0)
        return {
          status: 'non-finite',
          message: `${NAME}: a curvature product for the preconditioner was not finite`,
          extra: extra(),
        };
      if (userFn === undefined && typeof pc === 'string') safeguardDiagonal(D);
      if (k === 0 || damped || typeof pc === 'string' || userFn) diagonalM.setDiagonal(D, lambda);
    }

    // Inner CG.
    const warm = o.warmStart > 0 && haveDirection;
    if (warm) scaleInPlace(d, o.warmStart);
    const res: TruncatedCGResult = yield* truncatedCG(provider, x, g, cg, {
      tolerance: eta * gnorm,
      maxIterations: maxInner,
      damping: lambda,
      preconditioner: M,
      warmStart: warm,
    });
    products += res.products;
    innerTotal += res.iterations;
    productsTotal += products;
    if (res.exit === 'non-finite')
      return {
        status: 'non-finite',
        message: `${NAME}: a Hessian-vector product was not finite`,
        extra: extra(),
      };
    if (res.exit === 'negative-curvature') negativeCurvature++;
    let fallback = res.exit === 'steepest-descent';
    let slope = res.slope;
    let curvature = res.curvature;
    let dd = res.normSquared;
    if (!(slope < 0)) {
      // Not a descent direction (rounding, or a warm start gone stale): −M⁻¹g.
      slope = -steepest(g, d, M);
      curvature = Number.NaN;
      dd = dot(d, d);
      fallback = true;
    }
    if (fallback) steepestDescent++;
    haveDirection = true;
    if (!Number.isFinite(slope))
      return {
        status: 'non-finite',
        message: `${NAME}: the slope gᵀd is not finite (the gradient is too large to use)`,
        extra: extra(),
      };

    // Line search from α = 1.
    let alpha = 0;
    let fNext = f;
    let roundingStep = false;
    let ls = yield* lineSearch.search(x, d, f, slope, 1, lsWork);
    if (ls.alpha > 0 && ls.value < f) {
      alpha = ls.alpha;
      fNext = ls.value;
    } else if (ls.status === 'interval-too-small' || ls.status === 'max-evaluations') {
      // No trial showed a decrease: near a minimizer the predicted decrease gᵀd falls
      // below the rounding of f. Take the unit step when ‖∇f‖₂ decreases and f rises by no
      // more than its rounding or the predicted first-order decrease |gᵀd|.
      pointAlong(x, 1, d, lsWork.x);
      const f1 = yield { op: 'gradient', x: lsWork.x, out: gNew };
      if (f1 - f <= Math.max(ROUNDING * Math.abs(f), -slope) && norm2(gNew) < gnorm) {
        alpha = 1;
        fNext = f1;
        roundingStep = true;
      }
    }
    if (alpha === 0 && !fallback) {
      // One retry along −M⁻¹g before giving up.
      slope = -steepest(g, d, M);
      curvature = Number.NaN;
      dd = dot(d, d);
      steepestDescent++;
      fallback = true;
      if (!Number.isFinite(slope))
        return {
          status: 'non-finite',
          message: `${NAME}: the slope gᵀd is not finite (the gradient is too large to use)`,
          extra: extra(),
        };
      ls = yield* lineSearch.search(x, d, f, slope, 1, lsWork);
      if (ls.alpha > 0 && ls.value < f) {
        alpha = ls.alpha;
        fNext = ls.value;
      }
    }
    if (alpha === 0)
      return {
        status: ls.status === 'non-finite' ? 'non-finite' : 'line-search-failed',
        message: `${NAME}: the line search found no decrease along the direction (${ls.status})`,
        extra: extra(),
      };

    // The linear model's residual ‖g + αHd‖ (undamped) for Eisenstat–Walker choice 1.
    if (o.forcing === 'eisenstat-walker-1')
      linearResidual = Number.isNaN(curvature)
        ? Number.NaN
        : linearResidualNorm(g, cg.r, d, alpha, lambda);

    // Accept: x ← x + αd; ∇f at the new point.
    const fOld = f;
    x.set(lsWork.x);
    f = fNext;
    if (!lineSearch.usesSlope) {
      f = yield { op: 'gradient', x, out: gNew };
      if (!Number.isFinite(f))
        return {
          status: 'non-finite',
          message: `${NAME}: ∇f is not finite at the accepted point`,
          extra: extra(),
        };
    }
    // s = αd, y = g⁺ − g, g ← g⁺, ‖g⁺‖² in one pass.
    const gg = acceptStep(s, y, g, gNew, d, alpha);
    provider.update?.(s, y);
    lbfgsM?.update(s, y);
    previousGnorm = gnorm;
    gnorm = Math.sqrt(gg);

    if (damped && !Number.isNaN(curvature)) {
      const predicted = alpha * slope + 0.5 * alpha * alpha * (curvature - lambda * dd);
      lambda = Math.max(updateDamping(lambda, reductionRatio(f - fOld, predicted)), minDamping);
    }

    const info: Record<string, number | string | boolean> = {
      forcing: eta,
      cg: fallback ? 'steepest-descent' : res.exit,
      hvps: products,
      negativeCurvature,
      steepestDescent,
    };
    if (damped) info.damping = lambda;
    if (o.warmStart > 0) info.warmStart = res.warmStarted;
    if (roundingStep) info.roundingStep = true;
    k++; // before the report: a checkpoint taken there saves the next iteration's k
    if (
      yield* report({
        op: 'iteration',
        x,
        value: f,
        gradient: g,
        stepNorm: alpha * Math.sqrt(dd),
        stepLength: alpha,
        innerIterations: res.iterations,
        info,
        checkpoint,
      })
    )
      return { extra: extra() };
  }
}

/** A running count from a checkpoint's state: an integer ≥ 0. */
function count(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
    throw new RangeError(`${NAME}: state.${name} must be an integer >= 0, got ${show(v)}`);
  return v;
}

/** d ← −M⁻¹g (or −g); returns gᵀM⁻¹g. */
function steepest(g: Vector, d: Vector, M: CGPreconditioner | undefined): number {
  let gz: number;
  if (M) gz = M.apply(g, d);
  else {
    gz = 0;
    for (let i = 0; i < g.length; i++) gz += g[i] * g[i];
    d.set(g);
  }
  for (let i = 0; i < d.length; i++) d[i] = -d[i];
  return gz;
}
