/**
 * Derivative checking: a problem's gradient, Hessian and Hessian-vector product
 * against finite differences, and the symmetry of its curvature operator.
 *
 * @packageDocumentation
 */

import { checkOptions, checkPoint, checkTolerance } from './analysis.js';
import { finiteDifferenceCurvature } from './curvature/finite-difference.js';
import { execute } from './execute.js';
import { defaultRelativeStep, finiteDifferenceGradient } from './finite-difference.js';
import { DenseMatrix, matVec } from './matrix.js';
import { defineProblem, type Problem, type ProblemSpec } from './problem.js';
import type { Program, Request } from './protocol.js';
import { mulberry32 } from './random.js';
import { dot, norm2, normInf, type Vector } from './vector.js';

/** Options of {@link checkDerivatives}. */
export interface CheckDerivativesOptions {
  /** Relative tolerance of every comparison. Default 1e-6. */
  tolerance?: number;
  /** Added to every allowed error (for points where a derivative vanishes). Default 0. */
  absoluteTolerance?: number;
  /** Random directions v for the HVP test, and pairs (v, w) for the symmetry test. Default 3. */
  samples?: number;
  /** Seed of the random directions (entries uniform in [−1, 1]). Default 42. */
  seed?: number;
}

/**
 * One comparison of a derivative a (the problem's) with a reference r. Over several
 * samples, each field is the worst case.
 */
export interface DerivativeComparison {
  /** ‖a − r‖∞ (the largest entry of the difference). */
  maxAbsoluteError: number;
  /** ‖a − r‖∞ / max(‖a‖∞, ‖r‖∞); 0 when both vanish. */
  maxRelativeError: number;
  /** error ÷ allowed error, where allowed = tolerance·scale + noise + absoluteTolerance. */
  ratio: number;
  /** ratio ≤ 1. */
  ok: boolean;
}

/** The gradient against central differences of f. */
export interface GradientCheck extends DerivativeComparison {
  gradient: Float64Array;
  finiteDifference: Float64Array;
}

/** The Hessian against central differences of the gradient (of f without a gradient). */
export interface HessianCheck extends DerivativeComparison {
  hessian: DenseMatrix;
  finiteDifference: DenseMatrix;
}

/** The Hessian-vector product against H·v. */
export interface HvpCheck extends DerivativeComparison {
  /** H is the problem's own Hessian when it has one, else central differences. */
  reference: 'hessian' | 'finite-difference';
  samples: number;
}

/** |wᵀ(Hv) − vᵀ(Hw)| relative to max(‖w‖₂‖Hv‖₂, ‖v‖₂‖Hw‖₂). */
export interface SymmetryCheck extends DerivativeComparison {
  /** The operator tested: the problem's HVP when it has one, else its dense Hessian. */
  operator: 'hvp' | 'hessian';
  samples: number;
}

/** What {@link checkDerivatives} returns; a section is absent when the problem lacks it. */
export interface DerivativeCheckReport {
  x: Float64Array;
  value: number;
  /** Every present section ok (true when none is present). */
  ok: boolean;
  gradient?: GradientCheck;
  hessian?: HessianCheck;
  hvp?: HvpCheck;
  symmetry?: SymmetryCheck;
}

/** Safety factor on the rounding-noise estimates. */
const NOISE_FACTOR = 10;
const EPS = Number.EPSILON;

/** The largest |f| and ‖∇f‖∞ a program's requests were answered with. */
interface Seen {
  value: number;
  gradient: number;
}

/** Runs `program` unchanged, recording the magnitudes of its answers in `seen`. */
function* observed<R>(program: Program<R>, seen: Seen): Program<R> {
  let a = 0;
  for (;;) {
    const r = program.next(a);
    if (r.done) return r.value;
    const y = r.value;
    a = yield y;
    if ((y.op === 'value' || y.op === 'gradient') && Number.isFinite(a)) {
      seen.value = Math.max(seen.value, Math.abs(a));
      if (y.op === 'gradient') seen.gradient = Math.max(seen.gradient, normInf(y.out));
    }
  }
}

/** A program of one request. */
function* request(y: Request): Program<number> {
  return yield y;
}

/** Accumulates the worst case over comparisons. */
class Worst {
  maxAbsoluteError = 0;
  maxRelativeError = 0;
  ratio = 0;
  constructor(
    private readonly tolerance: number,
    private readonly absoluteTolerance: number,
  ) {}
  add(error: number, scale: number, noise: number): void {
    const allowed = this.tolerance * scale + noise + this.absoluteTolerance;
    this.maxAbsoluteError = Math.max(this.maxAbsoluteError, error);
    if (scale > 0) this.maxRelativeError = Math.max(this.maxRelativeError, error / scale);
    const r = error === 0 ? 0 : allowed > 0 ? error / allowed : Infinity;
    this.ratio = Math.max(this.ratio, Number.isNaN(r) ? Infinity : r);
  }
  result(): DerivativeComparison {
    return {
      maxAbsoluteError: this.maxAbsoluteError,
      maxRelativeError: this.maxRelativeError,
      ratio: this.ratio,
      ok: this.ratio <= 1,
    };
  }
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    m = d > m || Number.isNaN(d) ? d : m;
  }
  return m;
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

function fail(what: string): never {
  throw new RangeError(`checkDerivatives: ${what} is not finite at x`);
}

/**
 * Checks a problem's derivatives at x against finite differences:
 *
 * - **gradient** (when the problem has one): against central differences of f
 *   (core's {@link finiteDifferenceGradient}, step ∛ε·max(|x_i|, 1));
 * - **hessian** (when it has one): against central differences of the gradient (of f,
 *   by second differences, when there is no gradient), by {@link finiteDifferenceCurvature};
 * - **hvp** (when it has one): H·v for `samples` seeded random v, with H the problem's
 *   Hessian when it has one, else the finite-difference Hessian;
 * - **symmetry** (when it has an HVP or a Hessian): wᵀ(Hv) = vᵀ(Hw) for `samples` random
 *   pairs, on the HVP when there is one, else on the dense Hessian.
 *
 * Each comparison allows tolerance·scale + noise + absoluteTolerance, where scale is
 * max(‖a‖∞, ‖r‖∞) (for symmetry max(‖w‖₂‖Hv‖₂, ‖v‖₂‖Hw‖₂)) and noise estimates the
 * rounding error of the differences: 10ε·max|f|/h for a gradient, 10ε·max‖∇f‖∞/h (or
 * 10ε·max|f|/h² from values) for a Hessian, with max|·| over the evaluations made. The
 * test is normwise: an error in an entry many orders below the largest one may pass; and
 * where a derivative vanishes at x while f is computed with cancellation, the noise can
 * exceed this estimate (check at a generic point, or set `absoluteTolerance`).
 *
 * **Requires** a synchronous problem; x finite, of the problem's dimension.
 * **Options** `tolerance` 1e-6, `absoluteTolerance` 0, `samples` 3, `seed` 42.
 * **Reference** Nocedal & Wright (2006), §8.1 (finite differences, (8.7), (8.20)–(8.21),
 * and the advice to check derivatives by differences); Moré, Garbow & Hillstrom's CHKDER
 * (MINPACK, 1980) for the idea.
 * @throws TypeError/RangeError naming the argument or option; RangeError when f or a
 *   derivative is not finite at x.
 * @example
 * const report = checkDerivatives(problem, [1.3, -0.7]);
 * if (!report.ok) console.log(report.gradient, report.hessian, report.hvp, report.symmetry);
 */
export function checkDerivatives(
  problem: ProblemSpec | Problem,
  x: ArrayLike<number>,
  options?: CheckDerivativesOptions,
): DerivativeCheckReport {
  const fn = 'checkDerivatives';
  const p = defineProblem(problem);
  const opts = checkOptions(fn, options);
  const tolerance = checkTolerance(fn, 'tolerance', opts.tolerance, 1e-6);
  const absoluteTolerance = checkTolerance(fn, 'absoluteTolerance', opts.absoluteTolerance, 0);
  const samples = opts.samples ?? 3;
  if (!Number.isInteger(samples) || samples < 1)
    throw new RangeError(`${fn}: samples must be an integer >= 1, got ${String(samples)}`);
  const seed = opts.seed ?? 42;
  if (!Number.isInteger(seed))
    throw new RangeError(`${fn}: seed must be an integer, got ${String(seed)}`);
  const xv = checkPoint(fn, x, p.dimension);
  const n = xv.length;
  const { gradient: hasGradient, hessian: hasHessian, hvp: hasHvp } = p.capabilities;
  let xscale = Infinity;
  for (let i = 0; i < n; i++) xscale = Math.min(xscale, Math.max(Math.abs(xv[i]), 1));

  const report: DerivativeCheckReport = { x: xv, value: Number.NaN, ok: true };

  // Gradient against central differences of f.
  const fdSeen: Seen = { value: 0, gradient: 0 };
  const gfd = new Float64Array(n);
  const f0 = execute(
    p,
    hasGradient
      ? observed(finiteDifferenceGradient(xv, gfd, new Float64Array(n), 'central'), fdSeen)
      : request({ op: 'value', x: xv }),
  ).value;
  if (!Number.isFinite(f0)) fail(hasGradient ? 'f (or f near x)' : 'f');
  report.value = f0;
  if (hasGradient) {
    const g = new Float64Array(n);
    const f = execute(p, request({ op: 'gradient', x: xv, out: g })).value;
    if (!Number.isFinite(f)) fail('∇f');
    const w = new Worst(tolerance, absoluteTolerance);
    const h = defaultRelativeStep('central') * xscale;
    w.add(
      maxAbsDiff(g, gfd),
      Math.max(normInf(g), normInf(gfd)),
      (NOISE_FACTOR * EPS * fdSeen.value) / h,
    );
    report.gradient = { ...w.result(), gradient: g, finiteDifference: gfd };
  }

  // The finite-difference Hessian: needed for the Hessian test, and for the HVP test
  // when there is no exact Hessian.
  let Hfd: DenseMatrix | undefined;
  let noiseH = 0;
  if (hasHessian || hasHvp) {
    const rel = hasGradient ? defaultRelativeStep('central') : EPS ** 0.25;
    const provider = finiteDifferenceCurvature({ scheme: 'central', step: rel }).create({
      dimension: n,
      capabilities: { gradient: hasGradient, hessian: false, hvp: false },
    });
    Hfd = new DenseMatrix(n, n);
    const seen: Seen = { value: 0, gradient: 0 };
    if (execute(p, observed(provider.hessian!(xv, Hfd), seen)).value !== 0) fail('f or ∇f near x');
    const h = rel * xscale;
    noiseH = hasGradient
      ? (NOISE_FACTOR * EPS * seen.gradient) / h
      : (NOISE_FACTOR * EPS * seen.value) / (h * h);
  }

  let H: DenseMatrix | undefined;
  if (hasHessian) {
    H = new DenseMatrix(n, n);
    if (execute(p, request({ op: 'hessian', x: xv, out: H })).value !== 0) fail('∇²f');
    const w = new Worst(tolerance, absoluteTolerance);
    w.add(maxAbsDiff(H.data, Hfd!.data), Math.max(maxAbs(H.data), maxAbs(Hfd!.data)), noiseH);
    report.hessian = { ...w.result(), hessian: H, finiteDifference: Hfd! };
  }

  const random = mulberry32(seed);
  const randomVector = (out: Vector) => {
    for (let i = 0; i < n; i++) out[i] = 2 * random() - 1;
    return out;
  };
  const v = new Float64Array(n);
  const wv = new Float64Array(n);
  const Hv = new Float64Array(n);
  const Hw = new Float64Array(n);
  const ref = new Float64Array(n);
  const hvp = (d: Vector, out: Vector) => {
    if (execute(p, request({ op: 'hvp', x: xv, v: d, out })).value !== 0) fail('∇²f·v');
    return out;
  };

  if (hasHvp) {
    const refH = H ?? Hfd!;
    const hmax = maxAbs(refH.data);
    const w = new Worst(tolerance, absoluteTolerance);
    for (let k = 0; k < samples; k++) {
      randomVector(v);
      hvp(v, Hv);
      matVec(refH, v, ref);
      let v1 = 0;
      for (let i = 0; i < n; i++) v1 += Math.abs(v[i]);
      const noise = (H ? 0 : noiseH * v1) + NOISE_FACTOR * n * EPS * hmax * normInf(v);
      w.add(maxAbsDiff(Hv, ref), Math.max(normInf(Hv), normInf(ref)), noise);
    }
    report.hvp = { ...w.result(), reference: H ? 'hessian' : 'finite-difference', samples };
  }

  if (hasHvp || H) {
    const apply = (d: Vector, out: Vector) => (hasHvp ? hvp(d, out) : matVec(H!, d, out));
    const w = new Worst(tolerance, absoluteTolerance);
    for (let k = 0; k < samples; k++) {
      randomVector(v);
      randomVector(wv);
      apply(v, Hv);
      apply(wv, Hw);
      const scale = Math.max(norm2(wv) * norm2(Hv), norm2(v) * norm2(Hw));
      w.add(Math.abs(dot(wv, Hv) - dot(v, Hw)), scale, NOISE_FACTOR * n * EPS * scale);
    }
    report.symmetry = { ...w.result(), operator: hasHvp ? 'hvp' : 'hessian', samples };
  }

  report.ok = [report.gradient, report.hessian, report.hvp, report.symmetry].every(
    (s) => s === undefined || s.ok,
  );
  return report;
}
