/**
 * Hessian analysis: the Hessian at a point (exact or by finite differences), its
 * eigenvalues, inertia and definiteness, the second-order classification of a
 * critical point, and the second-order Taylor model.
 *
 * @packageDocumentation
 */
import { exactCurvature } from './curvature/exact.js';
import { finiteDifferenceCurvature } from './curvature/finite-difference.js';
import type { CurvatureSource } from './curvature/provider.js';
import { execute } from './execute.js';
import { finiteDifferenceGradient } from './finite-difference.js';
import { symmetricEigen } from './linalg.js';
import { DenseMatrix, type MatrixLike, quadraticForm, toDenseMatrix } from './matrix.js';
import { defineProblem, type Problem, type ProblemSpec } from './problem.js';
import type { MethodContext, Program } from './protocol.js';
import { allFinite, describe, dot, normInf, toVector, type Vector } from './vector.js';

/** Definiteness of a symmetric matrix, decided on its eigenvalues. */
export type Definiteness =
  | 'positive-definite'
  | 'positive-semidefinite'
  | 'negative-definite'
  | 'negative-semidefinite'
  | 'indefinite'
  | 'zero';

/** How many eigenvalues are positive, negative and (within the tolerance) zero. */
export interface Inertia {
  positive: number;
  negative: number;
  zero: number;
}

/** What {@link analyzeHessian} returns. */
export interface HessianAnalysis {
  /** Eigenvalues of (H + Hᵀ)/2, ascending. */
  eigenvalues: Float64Array;
  /** Orthonormal eigenvectors as columns, in the order of `eigenvalues`. */
  eigenvectors: DenseMatrix;
  inertia: Inertia;
  definiteness: Definiteness;
  /** 2-norm condition number max|λ| / min|λ|; Infinity when an eigenvalue is exactly 0. */
  conditionNumber: number;
  /** |λ| ≤ zeroThreshold counts as zero: tolerance·max(1, max|λ|). */
  zeroThreshold: number;
  /** max |H_ij − H_ji| of the matrix given (0 for a symmetric one). */
  asymmetry: number;
}

/** Options of {@link analyzeHessian}. */
export interface AnalyzeHessianOptions {
  /** Relative tolerance deciding zero eigenvalues. Default 1e-8. */
  tolerance?: number;
  /** Relative tolerance on H − Hᵀ. Default 1e-8. */
  symmetryTolerance?: number;
}

/** What a critical point is, by the second-order conditions. */
export type CriticalPointKind = 'minimum' | 'maximum' | 'saddle' | 'degenerate' | 'not-critical';

/** Options of {@link hessianAt}. */
export interface HessianAtOptions {
  /**
   * Where the Hessian comes from. Default: {@link exactCurvature} when the problem has
   * `hessian` or `hessianVectorProduct`, else `finiteDifferenceCurvature({ scheme: 'central' })`.
   */
  curvature?: CurvatureSource;
}

/** Options of {@link classifyCriticalPoint}. */
export interface ClassifyOptions extends HessianAtOptions {
  /** x is critical when ‖∇f(x)‖∞ ≤ gradientTolerance (absolute). Default 1e-6, as the driver's. */
  gradientTolerance?: number;
  /**
   * Relative tolerance deciding zero eigenvalues (see {@link analyzeHessian}). Default 1e-8
   * when the Hessian is exact, 1e-6 when it is not (finite differences, quasi-Newton).
   */
  eigenvalueTolerance?: number;
}

/** What {@link classifyCriticalPoint} returns. */
export interface CriticalPointClassification {
  kind: CriticalPointKind;
  /** A copy of the point. */
  x: Float64Array;
  /** f(x). */
  value: number;
  /** ∇f(x): exact, or central differences of f when the problem has no gradient. */
  gradient: Float64Array;
  /** ‖∇f(x)‖∞. */
  gradientNorm: number;
  /** ∇²f(x) as the curvature source gave it. */
  hessian: DenseMatrix;
  /** The curvature source's kind: 'exact', 'finite-difference', … */
  hessianSource: string;
  analysis: HessianAnalysis;
}

/** The second-order Taylor model at x: callable as m(Δ), with its parts. */
export interface QuadraticModel {
  /** m(Δ) = f + ∇fᵀΔ + ½ΔᵀHΔ. */
  (step: ArrayLike<number>): number;
  /** The expansion point (a copy). */
  readonly x: Float64Array;
  /** f(x). */
  readonly value: number;
  /** ∇f(x). */
  readonly gradient: Float64Array;
  /** ∇²f(x). */
  readonly hessian: DenseMatrix;
}

// ---------------------------------------------------------------------------
// Shared helpers (also used by check-derivatives.ts; not exported from the package)

/**
 * Validates a point for `fn`: a fresh Float64Array of length >= 1, matching
 * `dimension` when given, with finite entries.
 * @internal
 */
export function checkPoint(fn: string, x: unknown, dimension: number | undefined): Vector {
  const v = toVector(x, `${fn}: x`);
  if (v.length === 0) throw new RangeError(`${fn}: x must have length >= 1, got length 0`);
  if (dimension !== undefined && v.length !== dimension)
    throw new RangeError(
      `${fn}: x must have length ${dimension} (problem.dimension), got length ${v.length}`,
    );
  for (let i = 0; i < v.length; i++)
    if (!Number.isFinite(v[i]))
      throw new RangeError(`${fn}: x must hold finite numbers, got ${v[i]} at index ${i}`);
  return v;
}

/** @internal Validates an options argument and returns it (or {}). */
export function checkOptions<T extends object>(fn: string, options: T | undefined): T {
  if (options === undefined) return {} as T;
  if (typeof options !== 'object' || options === null)
    throw new TypeError(`${fn}: options must be an object, got ${describe(options)}`);
  return options;
}

/** @internal A finite number option >= 0, with its default. */
export function checkTolerance(fn: string, name: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !(v >= 0) || v === Infinity)
    throw new RangeError(`${fn}: ${name} must be a finite number >= 0, got ${String(v)}`);
  return v;
}

/** @internal The context a curvature source is created with. */
export function contextOf(p: Problem, n: number): MethodContext {
  return { dimension: n, capabilities: p.capabilities };
}

function* gradientRequest(x: Vector, out: Vector): Program<number> {
  return yield { op: 'gradient', x, out };
}

/**
 * out ← ∇f(x), exact when the problem has a gradient, else by central differences of f
 * (core's {@link finiteDifferenceGradient}); returns f(x).
 * @throws RangeError when f or ∇f is not finite at x
 * @internal
 */
export function valueAndGradientAt(fn: string, p: Problem, x: Vector, out: Vector): number {
  const program = p.valueAndGradient
    ? gradientRequest(x, out)
    : finiteDifferenceGradient(x, out, new Float64Array(x.length), 'central');
  const f = execute(p, program).value;
  if (!Number.isFinite(f)) throw new RangeError(`${fn}: f or ∇f is not finite at x`);
  return f;
}

/** The analysis default: exact when the problem can, else central differences. */
function analysisCurvature(context: MethodContext): CurvatureSource {
  const { hessian, hvp } = context.capabilities;
  return hessian || hvp ? exactCurvature() : finiteDifferenceCurvature({ scheme: 'central' });
}

function hessianFrom(fn: string, p: Problem, x: Vector, source: CurvatureSource): DenseMatrix {
  const n = x.length;
  const provider = source.create(contextOf(p, n));
  if (!provider.hessian)
    throw new TypeError(`${fn}: the curvature source '${source.kind}' gives no dense Hessian`);
  const H = new DenseMatrix(n, n);
  const a = execute(p, provider.hessian(x, H)).value;
  if (a !== 0) throw new RangeError(`${fn}: the Hessian at x is not finite`);
  return H;
}

function sourceOf(fn: string, p: Problem, n: number, options: HessianAtOptions): CurvatureSource {
  const c = options.curvature;
  if (c === undefined) return analysisCurvature(contextOf(p, n));
  if (typeof c !== 'object' || c === null || typeof c.create !== 'function')
    throw new TypeError(`${fn}: curvature must be a CurvatureSource, got ${describe(c)}`);
  return c;
}

// ---------------------------------------------------------------------------
// Public API

/**
 * The Hessian ∇²f(x) as a fresh n×n matrix: the problem's own (`hessian`, or assembled
 * from n Hessian-vector products), or central finite differences (of gradients, or of
 * values when the problem has only `value`). It runs a curvature provider's `hessian`
 * program with {@link execute}, so it shares the providers' one finite-difference code.
 *
 * **Requires** a synchronous problem; x finite, of the problem's dimension.
 * **Options** `curvature`: the {@link CurvatureSource} (default: exact when the problem has
 * `hessian` or `hessianVectorProduct`, else `finiteDifferenceCurvature({ scheme: 'central' })`).
 * **Reference** Nocedal & Wright, *Numerical Optimization* (2006), §8.1, (8.20)–(8.21).
 * @throws TypeError/RangeError naming the argument; RangeError when the Hessian is not finite.
 * @example
 * hessianAt({ value: (x) => x[0] ** 2 + 3 * x[0] * x[1] + x[1] ** 2 }, [0, 0]).toArray()
 * // ≈ [[2, 3], [3, 2]] (central differences of values)
 */
export function hessianAt(
  problem: ProblemSpec | Problem,
  x: ArrayLike<number>,
  options?: HessianAtOptions,
): DenseMatrix {
  const fn = 'hessianAt';
  const p = defineProblem(problem);
  const opts = checkOptions(fn, options);
  const xv = checkPoint(fn, x, p.dimension);
  return hessianFrom(fn, p, xv, sourceOf(fn, p, xv.length, opts));
}

/**
 * Eigenvalues, inertia, definiteness and condition number of a symmetric matrix.
 *
 * An eigenvalue counts as zero when |λ| ≤ tolerance·max(1, max|λ|): relative to the
 * largest eigenvalue, with an absolute floor of `tolerance` so that rounding noise in a
 * (near-)zero matrix is not read as curvature. A matrix whose whole scale is far below 1
 * therefore reads as 'zero' unless `tolerance` is lowered accordingly.
 *
 * **Requires** H square (n >= 1), finite, symmetric within
 * |H_ij − H_ji| ≤ symmetryTolerance·max(1, max|H_kl|); it is analysed as (H + Hᵀ)/2.
 * H may be a {@link DenseMatrix}, `number[][]`, an ml-matrix `Matrix` or a 2-D `ndarray`;
 * it is copied, never modified.
 * **Options** `tolerance` 1e-8 (zero eigenvalues), `symmetryTolerance` 1e-8.
 * **Reference** Nocedal & Wright (2006), §2.1 and Appendix A.1 (eigenvalues, definiteness);
 * Golub & Van Loan (4th ed.), §8.1 (inertia, Sylvester's law).
 * @throws TypeError for an unknown matrix form; RangeError naming `H` or the option.
 * @example
 * analyzeHessian([[2, 3], [3, 2]])
 * // { eigenvalues: [-1, 5], inertia: { positive: 1, negative: 1, zero: 0 },
 * //   definiteness: 'indefinite', conditionNumber: 5, … }
 */
export function analyzeHessian(
  H: DenseMatrix | MatrixLike,
  options?: AnalyzeHessianOptions,
): HessianAnalysis {
  const fn = 'analyzeHessian';
  const opts = checkOptions(fn, options);
  const tolerance = checkTolerance(fn, 'tolerance', opts.tolerance, 1e-8);
  const symmetryTolerance = checkTolerance(fn, 'symmetryTolerance', opts.symmetryTolerance, 1e-8);
  const A = toDenseMatrix(H, `${fn}: H`);
  const n = A.rows;
  if (A.cols !== n) throw new RangeError(`${fn}: H must be square, got ${n}×${A.cols}`);
  if (n === 0) throw new RangeError(`${fn}: H must be at least 1×1, got 0×0`);
  const d = A.data;
  if (!allFinite(d)) {
    let k = 0;
    while (Number.isFinite(d[k])) k++;
    throw new RangeError(
      `${fn}: H must hold finite numbers, got ${d[k]} at (${Math.floor(k / n)}, ${k % n})`,
    );
  }
  let hmax = 0;
  for (let k = 0; k < d.length; k++) hmax = Math.max(hmax, Math.abs(d[k]));
  let asymmetry = 0;
  let worst = [0, 0];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const e = Math.abs(d[i * n + j] - d[j * n + i]);
      if (e > asymmetry) {
        asymmetry = e;
        worst = [i, j];
      }
    }
  const allowed = symmetryTolerance * Math.max(1, hmax);
  if (asymmetry > allowed) {
    const [i, j] = worst;
    throw new RangeError(
      `${fn}: H must be symmetric: |H[${i}][${j}] − H[${j}][${i}]| = ${asymmetry} exceeds symmetryTolerance·max(1, max|H_ij|) = ${allowed}`,
    );
  }
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const v = 0.5 * (d[i * n + j] + d[j * n + i]);
      d[i * n + j] = v;
      d[j * n + i] = v;
    }

  const { values, vectors } = symmetricEigen(A);
  let lmax = 0;
  let lmin = Infinity;
  for (const l of values) {
    lmax = Math.max(lmax, Math.abs(l));
    lmin = Math.min(lmin, Math.abs(l));
  }
  const zeroThreshold = tolerance * Math.max(1, lmax);
  const inertia: Inertia = { positive: 0, negative: 0, zero: 0 };
  for (const l of values) {
    if (Math.abs(l) <= zeroThreshold) inertia.zero++;
    else if (l > 0) inertia.positive++;
    else inertia.negative++;
  }
  return {
    eigenvalues: values,
    eigenvectors: vectors,
    inertia,
    definiteness: definitenessOf(inertia),
    conditionNumber: lmin === 0 ? Infinity : lmax / lmin,
    zeroThreshold,
    asymmetry,
  };
}

/**
 * Definiteness from an inertia: 'zero' when every eigenvalue is zero; (semi)definite
 * when no eigenvalue has the other sign; 'indefinite' when both signs occur.
 *
 * **Requires** counts >= 0 (as {@link analyzeHessian} gives them).
 * **Reference** Nocedal & Wright (2006), Appendix A.1.
 * @example definitenessOf({ positive: 1, negative: 0, zero: 1 }) // 'positive-semidefinite'
 */
export function definitenessOf(inertia: Inertia): Definiteness {
  const { positive, negative, zero } = inertia;
  if (positive === 0 && negative === 0) return 'zero';
  if (negative === 0) return zero === 0 ? 'positive-definite' : 'positive-semidefinite';
  if (positive === 0) return zero === 0 ? 'negative-definite' : 'negative-semidefinite';
  return 'indefinite';
}

/**
 * The kind of a point from its gradient norm and its Hessian's definiteness:
 * 'not-critical' unless gradientNorm ≤ gradientTolerance (so NaN is not critical);
 * else positive definite → 'minimum', negative definite → 'maximum', indefinite →
 * 'saddle', semidefinite or zero → 'degenerate'. A pure helper for methods that hold
 * ∇f and ∇²f already (use it with {@link analyzeHessian}).
 *
 * **Requires** gradientTolerance >= 0.
 * **Reference** Nocedal & Wright (2006), §2.1, Theorems 2.3 and 2.4.
 * @example criticalPointKind(0, 1e-6, 'indefinite') // 'saddle'
 */
export function criticalPointKind(
  gradientNorm: number,
  gradientTolerance: number,
  definiteness: Definiteness,
): CriticalPointKind {
  if (!(gradientNorm <= gradientTolerance)) return 'not-critical';
  switch (definiteness) {
    case 'positive-definite':
      return 'minimum';
    case 'negative-definite':
      return 'maximum';
    case 'indefinite':
      return 'saddle';
    default:
      return 'degenerate';
  }
}

/**
 * What a point is by the second-order conditions: 'not-critical' when ‖∇f(x)‖∞ exceeds
 * `gradientTolerance`; otherwise, from the eigenvalues of ∇²f(x), 'minimum' (positive
 * definite: a strict local minimizer), 'maximum' (negative definite), 'saddle' (both
 * signs: neither a minimizer nor a maximizer) or 'degenerate' (semidefinite or zero: the
 * second-order test cannot decide, e.g. x⁴ + y² at 0).
 *
 * The gradient is exact, or central differences of f when the problem has only `value`;
 * the Hessian comes from {@link hessianAt}. The analysis is returned for every kind.
 *
 * **Requires** a synchronous problem; x finite, of the problem's dimension.
 * **Options** `gradientTolerance` 1e-6 (absolute, on ‖∇f(x)‖∞, as the driver's default);
 * `eigenvalueTolerance` 1e-8 for an exact Hessian, else 1e-6 (zero when
 * |λ| ≤ tol·max(1, max|λ|), see {@link analyzeHessian}); `curvature` (see {@link hessianAt}).
 * **Reference** Nocedal & Wright (2006), §2.1, Theorems 2.3 (second-order necessary) and
 * 2.4 (second-order sufficient conditions).
 * @throws TypeError/RangeError naming the argument or option; RangeError when f, ∇f or
 *   ∇²f is not finite at x.
 * @example
 * classifyCriticalPoint({ value: (x) => x[0] ** 2 - x[1] ** 2 }, [0, 0]).kind // 'saddle'
 */
export function classifyCriticalPoint(
  problem: ProblemSpec | Problem,
  x: ArrayLike<number>,
  options?: ClassifyOptions,
): CriticalPointClassification {
  const fn = 'classifyCriticalPoint';
  const p = defineProblem(problem);
  const opts = checkOptions(fn, options);
  const gradientTolerance = checkTolerance(fn, 'gradientTolerance', opts.gradientTolerance, 1e-6);
  const xv = checkPoint(fn, x, p.dimension);
  const source = sourceOf(fn, p, xv.length, opts);
  const eigenvalueTolerance = checkTolerance(
    fn,
    'eigenvalueTolerance',
    opts.eigenvalueTolerance,
    source.kind === 'exact' ? 1e-8 : 1e-6,
  );
  const g = new Float64Array(xv.length);
  const value = valueAndGradientAt(fn, p, xv, g);
  const gradientNorm = normInf(g);
  const hessian = hessianFrom(fn, p, xv, source);
  const analysis = analyzeHessian(hessian, { tolerance: eigenvalueTolerance });
  return {
    kind: criticalPointKind(gradientNorm, gradientTolerance, analysis.definiteness),
    x: xv,
    value,
    gradient: g,
    gradientNorm,
    hessian,
    hessianSource: source.kind,
    analysis,
  };
}

/**
 * The second-order Taylor model of f at x, m(Δ) = f(x) + ∇f(x)ᵀΔ + ½ΔᵀHΔ with
 * H = ∇²f(x), as a function of the step Δ carrying its parts. For smooth f,
 * |f(x + Δ) − m(Δ)| = O(‖Δ‖³).
 *
 * **Requires** a synchronous problem; x finite, of the problem's dimension; each Δ of
 * length n (a `Float64Array` is used as is, other forms are converted).
 * **Options** `curvature` (see {@link hessianAt}). The gradient is exact, or central
 * differences of f when the problem has only `value`.
 * **Reference** Nocedal & Wright (2006), (2.6) and §4 (the trust-region model (4.2)).
 * @throws TypeError/RangeError naming the argument (x when building, step when called).
 * @example
 * const m = quadraticModel(problem, [1, 2]);
 * m([0.1, 0]); // ≈ f(1.1, 2)
 * m.gradient; m.hessian; m.value;
 */
export function quadraticModel(
  problem: ProblemSpec | Problem,
  x: ArrayLike<number>,
  options?: HessianAtOptions,
): QuadraticModel {
  const fn = 'quadraticModel';
  const p = defineProblem(problem);
  const opts = checkOptions(fn, options);
  const xv = checkPoint(fn, x, p.dimension);
  const n = xv.length;
  const gradient = new Float64Array(n);
  const value = valueAndGradientAt(fn, p, xv, gradient);
  const hessian = hessianFrom(fn, p, xv, sourceOf(fn, p, n, opts));
  const model = (step: ArrayLike<number>): number => {
    const d = step instanceof Float64Array ? step : toVector(step, `${fn}: step`);
    if (d.length !== n)
      throw new RangeError(`${fn}: step must have length ${n}, got length ${d.length}`);
    return value + dot(gradient, d) + 0.5 * quadraticForm(hessian, d);
  };
  return Object.assign(model, { x: xv, value, gradient, hessian });
}
