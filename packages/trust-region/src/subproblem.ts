/**
 * The trust-region subproblem and the interface every solver of it implements:
 *
 *   minimize m(p) = gᵀp + ½ pᵀBp  subject to ‖p‖₂ ≤ Δ.
 *
 * A solver is a strategy: it declares whether it needs the dense matrix B (`needs:
 * 'dense'`, a pure function of B) or only products B·v (`needs: 'hvp'`, a program that
 * yields the provider's requests). Work buffers are allocated once per run by
 * `allocate(n)`; `solve` never allocates vectors.
 *
 * @packageDocumentation
 */
import { type DenseMatrix, describe, matVec, type Program, type Vector } from '@hessian/core';

/**
 * Why a subproblem solver stopped:
 * - `interior`: the step is inside the region (the model's minimizer there, or a CG/Lanczos
 *   iterate that met its tolerance);
 * - `boundary`: the step is on the boundary ‖p‖ = Δ (easy case);
 * - `negative-curvature`: the solver met a direction of non-positive curvature and
 *   stepped to the boundary along it;
 * - `cauchy-fallback`: the solver could not do its job (dogleg on an indefinite B, an
 *   unconverged iteration) and returned the Cauchy point;
 * - `hard-case`: the Moré–Sorensen hard case: the step includes an eigenvector of the
 *   smallest eigenvalue of B.
 */
export type SubproblemExit =
  | 'interior'
  | 'boundary'
  | 'negative-curvature'
  | 'cauchy-fallback'
  | 'hard-case';

/** What a solver returns; the step itself is written into `out`. */
export interface SubproblemResult {
  /** m(0) − m(p) = −(gᵀp + ½pᵀBp): the predicted reduction. NaN when a product B·v was not finite. */
  predicted: number;
  /** ‖p‖₂. */
  stepNorm: number;
  /** True when the step is on the boundary (to the solver's tolerance). */
  onBoundary: boolean;
  exit: SubproblemExit;
  /** CG or Lanczos iterations, or Newton iterations on λ (factorizations). */
  innerIterations: number;
  /** The Lagrange multiplier λ ≥ 0 of ‖p‖ ≤ Δ, when the solver computes it. */
  lambda?: number;
}

/** out ← B·v at the current point, as a program (answers 0, or NaN when not finite). */
export type HvpOperator = (v: Vector, out: Vector) => Program<number>;

/** A solver that needs the dense model matrix B. */
export interface DenseSubproblem<W = unknown> {
  readonly name: string;
  readonly needs: 'dense';
  /** The work buffers for dimension n (called once per run). */
  allocate(n: number): W;
  /** Writes the step into `out` (length n). `work` from `allocate(n)`; allocated when absent. */
  solve(B: DenseMatrix, g: Vector, radius: number, out: Vector, work?: W): SubproblemResult;
}

/** A solver that needs only products B·v. */
export interface HvpSubproblem<W = unknown> {
  readonly name: string;
  readonly needs: 'hvp';
  /** The work buffers for dimension n (called once per run). */
  allocate(n: number): W;
  /** A program writing the step into `out`; it yields what `hvp` yields. */
  solve(
    hvp: HvpOperator,
    g: Vector,
    radius: number,
    out: Vector,
    work?: W,
  ): Program<SubproblemResult>;
}

/** Any subproblem solver. */
export type Subproblem = DenseSubproblem | HvpSubproblem;

/**
 * The HVP operator of an explicit matrix: out ← B·v. Its program yields nothing.
 * @example const r = solveSubproblem(steihaugCG(), B, g, 1); // uses matrixOperator(B)
 */
export function matrixOperator(B: DenseMatrix): HvpOperator {
  // biome-ignore lint/correctness/useYield: a pure operator is a program that asks for nothing
  return function* (v, out) {
    matVec(B, v, out);
    return 0;
  };
}

/**
 * Solves the subproblem for an explicit matrix B with any solver (dense or HVP), at once.
 * For tests, analysis and examples; the driver calls `solve` itself.
 *
 * **Requires** B symmetric n×n, g of length n, radius > 0.
 * @example solveSubproblem(moreSorensen(), B, g, 1.5, p).predicted
 */
export function solveSubproblem(
  subproblem: Subproblem,
  B: DenseMatrix,
  g: Vector,
  radius: number,
  out: Vector = new Float64Array(g.length),
): SubproblemResult {
  if (subproblem.needs === 'dense') return subproblem.solve(B, g, radius, out);
  const program = subproblem.solve(matrixOperator(B), g, radius, out);
  const r = program.next(0);
  if (!r.done) throw new Error('solveSubproblem: the solver asked for an evaluation');
  return r.value;
}

/**
 * The model m(p) = gᵀp + ½pᵀBp (without f) for an explicit B, in one O(n²) pass.
 * **Reference** Nocedal & Wright, *Numerical Optimization* (2006), (4.2).
 * @example modelValue(B, g, p) // −predicted reduction of the step p
 */
export function modelValue(B: DenseMatrix, g: Vector, p: Vector): number {
  const n = g.length;
  const d = B.data;
  let s = 0;
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let j = 0; j < n; j++) r += d[i * n + j] * p[j];
    s += p[i] * (g[i] + 0.5 * r);
  }
  return s;
}

/**
 * The Cauchy point, given g, ‖g‖² and the curvature gᵀBg: out ← −t·g with t the
 * minimizer of m(−t g) on 0 ≤ t ≤ Δ/‖g‖ (Nocedal & Wright (4.11)–(4.12)). Returns the
 * predicted reduction. The shared fallback of every solver.
 *
 * **Reference** Nocedal & Wright, *Numerical Optimization* (2006), Algorithm 4.2, (4.12).
 * @example cauchyStep(g, dot(g, g), dot(g, Bg), radius, out).predicted
 */
export function cauchyStep(
  g: Vector,
  gg: number,
  gBg: number,
  radius: number,
  out: Vector,
): SubproblemResult {
  const gnorm = Math.sqrt(gg);
  if (gnorm === 0) {
    out.fill(0);
    return { predicted: 0, stepNorm: 0, onBoundary: false, exit: 'interior', innerIterations: 0 };
  }
  const tBoundary = radius / gnorm;
  let t = tBoundary;
  let exit: SubproblemExit = 'boundary';
  if (!(gBg > 0)) exit = 'negative-curvature';
  else if (gg / gBg < tBoundary) {
    t = gg / gBg;
    exit = 'interior';
  }
  for (let i = 0; i < g.length; i++) out[i] = -t * g[i];
  return {
    predicted: t * (gg - 0.5 * t * gBg),
    stepNorm: t * gnorm,
    onBoundary: exit !== 'interior',
    exit,
    innerIterations: 0,
  };
}

/**
 * True when a step's predicted reduction falls short of the Cauchy point's by more than
 * rounding (a relative 1e-12): then the solver returns the Cauchy point instead.
 */
export function shortOfCauchy(predicted: number, cauchyPredicted: number): boolean {
  return !(predicted >= cauchyPredicted - 1e-12 * Math.abs(cauchyPredicted));
}

/** The result of a solver whose product B·v was not finite. */
export function nonFiniteResult(innerIterations: number): SubproblemResult {
  return {
    predicted: Number.NaN,
    stepNorm: Number.NaN,
    onBoundary: false,
    exit: 'interior',
    innerIterations,
  };
}

/** ‖g‖₂ = 0: the zero step, no predicted decrease. */
export function zeroStep(out: Vector): SubproblemResult {
  out.fill(0);
  return { predicted: 0, stepNorm: 0, onBoundary: false, exit: 'interior', innerIterations: 0 };
}

// ---- option validation shared by the factories ----

/** An optional integer >= `min`; names the option in the error. */
export function integerOption(
  owner: string,
  name: string,
  v: unknown,
  min: number,
): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min)
    throw new RangeError(`${owner}: ${name} must be an integer >= ${min}, got ${show(v)}`);
  return v;
}

/** An optional number in the open interval (0, 1). */
export function fractionOption(owner: string, name: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !(v > 0 && v < 1))
    throw new RangeError(`${owner}: ${name} must be in (0, 1), got ${show(v)}`);
  return v;
}

/** Shows a rejected option value: numbers as themselves, anything else described. */
export function show(v: unknown): string {
  return typeof v === 'number' ? String(v) : describe(v);
}

/** Throws unless `options` is undefined or a plain object. */
export function checkOptionsObject(owner: string, options: unknown): void {
  if (options !== undefined && (typeof options !== 'object' || options === null))
    throw new TypeError(`${owner}: options must be an object, got ${show(options)}`);
}
