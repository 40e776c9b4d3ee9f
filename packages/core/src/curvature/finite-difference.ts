/**
 * Curvature by finite differences: of gradients when the problem gives them, of
 * values otherwise.
 *
 * @packageDocumentation
 */
import { decodeVector, encodeVector, stateRecord } from '../checkpoint.js';
import { type DifferenceScheme, finiteDifferenceGradient } from '../finite-difference.js';
import { type DenseMatrix, symmetrize } from '../matrix.js';
import type { MethodContext, Program } from '../protocol.js';
import { equals, norm2, type Vector } from '../vector.js';
import { exactCurvature } from './exact.js';
import type { CurvatureProvider, CurvatureSource } from './provider.js';

/** Options of {@link finiteDifferenceCurvature}. */
export interface FiniteDifferenceOptions {
  /** 'forward' (n gradients per Hessian, error O(h)) or 'central' (2n, O(h²)). Default 'forward'. */
  scheme?: DifferenceScheme;
  /**
   * Relative step. Default for differences of gradients: √ε ≈ 1.5e-8 (forward) or
   * ∛ε ≈ 6e-6 (central), which balance truncation against rounding error when ∇f is
   * accurate to ε (Nocedal & Wright (8.6), (8.9)); for differences of values: ∛ε
   * (forward second differences) or ε^(1/4) ≈ 1.2e-4 (central), since a second
   * difference of f divides rounding errors by h².
   */
  step?: number;
}

function validate(options: FiniteDifferenceOptions): Required<FiniteDifferenceOptions> & {
  stepGiven: boolean;
} {
  const scheme = options.scheme ?? 'forward';
  if (scheme !== 'forward' && scheme !== 'central')
    throw new RangeError(
      `finiteDifferenceCurvature: scheme must be 'forward' or 'central', got ${String(scheme)}`,
    );
  const step = options.step;
  if (step !== undefined && !(typeof step === 'number' && step > 0 && step < 1))
    throw new RangeError(`finiteDifferenceCurvature: step must be in (0, 1), got ${String(step)}`);
  return { scheme, step: step ?? 0, stepGiven: step !== undefined };
}

/**
 * Finite-difference curvature.
 *
 * - With a gradient: the Hessian column by column, H e_j ≈ (∇f(x + h_j e_j) − ∇f(x))/h_j
 *   (forward) or (∇f(x + h_j e_j) − ∇f(x − h_j e_j))/(2h_j) (central), with
 *   h_j = step·max(|x_j|, 1), then symmetrized; an HVP from one (forward) or two
 *   (central) extra gradients along v: Hv ≈ (∇f(x + h v) − ∇f(x))/h, h = step·max(‖x‖, 1)/‖v‖.
 * - Without a gradient: the Hessian from second differences of f (Nocedal & Wright
 *   (8.21)), the HVP from differences along v of central-difference gradients, both the
 *   outer and the inner differences with the value step (see {@link FiniteDifferenceOptions}).
 *
 * Accuracy on smooth, well-scaled functions (relative to max|H_ij|, default steps):
 * about 1e-8 (forward) and 1e-11 (central) from gradients; about 1e-5 (forward) and
 * 1e-8 (central) from values only (the tests assert 10× these). Rounding error grows with
 * |f| and ‖∇f‖ near x.
 *
 * ∇f(x) at the base point is computed once per point and reused for every column and HVP.
 *
 * **Options** `scheme` ('forward'), `step` (see {@link FiniteDifferenceOptions}).
 * **Reference** Nocedal & Wright, *Numerical Optimization* (2006), §8.1, (8.20)–(8.21).
 * @example trustRegion({ curvature: finiteDifferenceCurvature({ scheme: 'central' }) })
 */
export function finiteDifferenceCurvature(options: FiniteDifferenceOptions = {}): CurvatureSource {
  const { scheme, step, stepGiven } = validate(options);
  return {
    kind: 'finite-difference',
    dense: true,
    create(context: MethodContext): CurvatureProvider {
      const n = context.dimension;
      const hasGradient = context.capabilities.gradient;
      const gradientStep = stepGiven
        ? step
        : scheme === 'forward'
          ? Math.sqrt(Number.EPSILON)
          : Math.cbrt(Number.EPSILON);
      const valueStep = stepGiven
        ? step
        : scheme === 'forward'
          ? Math.cbrt(Number.EPSILON)
          : Number.EPSILON ** 0.25;
      const baseX = new Float64Array(n);
      const baseG = new Float64Array(n);
      let baseOk = false;
      const xp = new Float64Array(n);
      const gp = new Float64Array(n);
      const gm = new Float64Array(n);
      const work = new Float64Array(n);
      const steps = new Float64Array(n);
      const fPlus = new Float64Array(n);

      /**
       * ∇f at x: exact, or central differences of values with the value step (so that
       * an HVP, a difference of two such gradients, divides rounding errors by h² as a
       * second difference does).
       */
      function* gradientAt(x: Vector, out: Vector): Program<number> {
        if (hasGradient) return yield { op: 'gradient', x, out };
        return yield* finiteDifferenceGradient(x, out, work, 'central', valueStep);
      }
      function* base(x: Vector): Program<number> {
        if (baseOk && equals(x, baseX)) return 0;
        baseX.set(x);
        const f = yield* gradientAt(baseX, baseG);
        baseOk = Number.isFinite(f);
        return baseOk ? 0 : Number.NaN;
      }

      function* hessianFromGradients(x: Vector, out: DenseMatrix): Program<number> {
        if (scheme === 'forward' && (yield* base(x)) !== 0) return Number.NaN;
        const d = out.data;
        xp.set(x);
        for (let j = 0; j < n; j++) {
          const xj = x[j];
          const h = gradientStep * Math.max(Math.abs(xj), 1);
          xp[j] = xj + h;
          const hp = xp[j] - xj;
          if (!Number.isFinite(yield* gradientAt(xp, gp))) return Number.NaN;
          if (scheme === 'forward') {
            for (let i = 0; i < n; i++) d[i * n + j] = (gp[i] - baseG[i]) / hp;
          } else {
            xp[j] = xj - h;
            const hm = xj - xp[j];
            if (!Number.isFinite(yield* gradientAt(xp, gm))) return Number.NaN;
            for (let i = 0; i < n; i++) d[i * n + j] = (gp[i] - gm[i]) / (hp + hm);
          }
          xp[j] = xj;
        }
        symmetrize(out);
        return 0;
      }

      /** Second differences of f: (8.21), or its central analogue. */
      function* hessianFromValues(x: Vector, out: DenseMatrix): Program<number> {
        const d = out.data;
        xp.set(x);
        const f0 = yield { op: 'value', x: xp };
        if (!Number.isFinite(f0)) return Number.NaN;
        for (let i = 0; i < n; i++) {
          const h = valueStep * Math.max(Math.abs(x[i]), 1);
          xp[i] = x[i] + h;
          steps[i] = xp[i] - x[i];
          xp[i] = x[i];
        }
        const central = scheme === 'central';
        if (!central) {
          for (let i = 0; i < n; i++) {
            xp[i] = x[i] + steps[i];
            const f = yield { op: 'value', x: xp };
            xp[i] = x[i];
            if (!Number.isFinite(f)) return Number.NaN;
            fPlus[i] = f;
          }
        }
        for (let i = 0; i < n; i++) {
          for (let j = i; j < n; j++) {
            const hi = steps[i];
            const hj = steps[j];
            let v: number;
            if (!central) {
              xp[i] += hi;
              xp[j] += hj;
              const fij = yield { op: 'value', x: xp };
              xp[i] = x[i];
              xp[j] = x[j];
              if (!Number.isFinite(fij)) return Number.NaN;
              v = (fij - fPlus[i] - fPlus[j] + f0) / (hi * hj);
            } else {
              let acc = 0;
              for (const [si, sj, w] of CENTRAL_STENCIL) {
                xp[i] += si * hi;
                xp[j] += sj * hj;
                const f = yield { op: 'value', x: xp };
                xp[i] = x[i];
                xp[j] = x[j];
                if (!Number.isFinite(f)) return Number.NaN;
                acc += w * f;
              }
              v = acc / (4 * hi * hj);
            }
            d[i * n + j] = v;
            d[j * n + i] = v;
          }
        }
        return 0;
      }

      const provider: CurvatureProvider = {
        kind: 'finite-difference',
        hessian(x, out) {
          return hasGradient ? hessianFromGradients(x, out) : hessianFromValues(x, out);
        },
        *hvp(x, v, out) {
          const vnorm = norm2(v);
          if (vnorm === 0) {
            out.fill(0);
            return 0;
          }
          const h = ((hasGradient ? gradientStep : valueStep) * Math.max(norm2(x), 1)) / vnorm;
          if (scheme === 'forward' && (yield* base(x)) !== 0) return Number.NaN;
          for (let i = 0; i < n; i++) xp[i] = x[i] + h * v[i];
          if (!Number.isFinite(yield* gradientAt(xp, gp))) return Number.NaN;
          if (scheme === 'forward') {
            for (let i = 0; i < n; i++) out[i] = (gp[i] - baseG[i]) / h;
          } else {
            for (let i = 0; i < n; i++) xp[i] = x[i] - h * v[i];
            if (!Number.isFinite(yield* gradientAt(xp, gm))) return Number.NaN;
            for (let i = 0; i < n; i++) out[i] = (gp[i] - gm[i]) / (2 * h);
          }
          return 0;
        },
        // The cache (∇f at the base point of forward differences) is the only state.
        checkpoint: () =>
          baseOk ? { x: encodeVector(baseX), gradient: encodeVector(baseG) } : null,
        restore(state) {
          if (state === null || state === undefined) return;
          const c = stateRecord(state, 'finiteDifferenceCurvature');
          decodeVector(c.x, n, 'finiteDifferenceCurvature: state.x', baseX);
          decodeVector(c.gradient, n, 'finiteDifferenceCurvature: state.gradient', baseG);
          baseOk = true;
        },
      };
      return provider;
    },
  };
}

/** (±1, ±1) corners with weights: f(++) − f(+−) − f(−+) + f(−−), divided by 4 h_i h_j. */
const CENTRAL_STENCIL: readonly (readonly [number, number, number])[] = [
  [1, 1, 1],
  [1, -1, -1],
  [-1, 1, -1],
  [-1, -1, 1],
];

/**
 * The curvature a method uses when the caller gives none: exact when the problem has
 * a Hessian or an HVP, finite differences (forward, of gradients) otherwise.
 */
export function defaultCurvature(context: MethodContext): CurvatureSource {
  const { hessian, hvp } = context.capabilities;
  return hessian || hvp ? exactCurvature() : finiteDifferenceCurvature();
}
