/**
 * Quasi-Newton curvature providers: secant approximations B ≈ ∇²f for the methods
 * that take a {@link CurvatureSource} (trust-region, damped Newton). They yield no
 * requests: every answer is computed from the pairs given to `update(s, y)`.
 *
 * Before the first update B = I; at the first update B₀ becomes (yᵀy / sᵀy)·I, the
 * inverse of the scaling gamma = sᵀy / yᵀy of Nocedal & Wright (6.20), and then the
 * update applies, so that B s = y holds after every accepted update.
 *
 * @packageDocumentation
 */
import {
  type CurvatureProvider,
  type CurvatureSource,
  DenseMatrix,
  decodeNumber,
  decodeVector,
  type EncodedNumber,
  encodeNumber,
  encodeVector,
  jsKernels,
  type MethodContext,
  type Vector,
} from '@hessian/core';
import { stateArray, stateBoolean, stateObject } from './checkpoint.js';
import { blendInto } from './damping.js';
import { bfgsDirectUpdate, setScaledIdentity, sr1Update, symmetricProduct } from './dense.js';
import { booleanOption, checkOptionsObject, integerOption, toleranceOption } from './options.js';
import { curvatureConditionHolds, powellTheta, sr1UpdateIsSafe } from './safeguards.js';

/** xᵀy in four lanes, as every inner product of this package. */
const dot = jsKernels.dot;

function checkPair(who: string, n: number, s: Vector, y: Vector): void {
  if (s.length !== n)
    throw new RangeError(`${who}.update: step must have length ${n}, got length ${s.length}`);
  if (y.length !== n)
    throw new RangeError(
      `${who}.update: gradientChange must have length ${n}, got length ${y.length}`,
    );
}

/** Options of {@link bfgsCurvature}. */
export interface BfgsCurvatureOptions {
  /** Skip a pair when sᵀy ≤ skipTolerance·‖s‖‖y‖. Default 1e-8. */
  skipTolerance?: number;
  /** Powell-damp y when sᵀy < 0.2·sᵀBs. Default false. */
  damping?: boolean;
  /** B₀ ← (yᵀy / sᵀy)·I at the first update. Default true. */
  initialScaling?: boolean;
}

/** Options of {@link sr1Curvature}. */
export interface Sr1CurvatureOptions {
  /** r: skip the update when |sᵀ(y − Bs)| < r·‖s‖‖y − Bs‖. Default 1e-8. */
  skipTolerance?: number;
  /** B₀ ← (yᵀy / |sᵀy|)·I at the first update. Default true. */
  initialScaling?: boolean;
}

/** Options of {@link lbfgsCurvature}. */
export interface LbfgsCurvatureOptions {
  /** m, the number of pairs kept. Default 10. */
  memory?: number;
  /** Skip a pair when sᵀy ≤ skipTolerance·‖s‖‖y‖. Default 1e-8. */
  skipTolerance?: number;
  /** Powell-damp y when sᵀy < 0.2·sᵀBs. Default false. */
  damping?: boolean;
}

/**
 * Dense BFGS approximation B of the Hessian, updated by (6.19). B stays symmetric
 * positive definite: pairs with sᵀy ≤ skipTolerance·‖s‖‖y‖ are skipped (or, with
 * `damping`, first replaced by Powell's r = theta·y + (1 − theta)·B s).
 *
 * **Options** `skipTolerance` 1e-8, `damping` false, `initialScaling` true.
 * **Checkpoints** (`checkpoint()`/`restore()`): B (n² numbers) and whether it was updated.
 * **Reference** Nocedal & Wright (2nd ed.), (6.19), (6.20), Procedure 18.2.
 * @example trustRegion({ curvature: bfgsCurvature() }) // in @hessian/optimize
 */
export function bfgsCurvature(options?: BfgsCurvatureOptions): CurvatureSource {
  const who = 'bfgsCurvature';
  const o = checkOptionsObject(who, options, ['skipTolerance', 'damping', 'initialScaling']);
  const epsilon = toleranceOption(who, 'skipTolerance', o.skipTolerance, 1e-8);
  const damping = booleanOption(who, 'damping', o.damping, false);
  const initialScaling = booleanOption(who, 'initialScaling', o.initialScaling, true);
  return {
    kind: 'bfgs',
    dense: true,
    create(context: MethodContext): CurvatureProvider {
      const n = context.dimension;
      const B = DenseMatrix.identity(n);
      const Bs = new Float64Array(n);
      const r = new Float64Array(n);
      let updated = false;
      return {
        kind: 'bfgs',
        // biome-ignore lint/correctness/useYield: computed from stored pairs, no requests
        *hessian(_x, out) {
          out.data.set(B.data);
          return 0;
        },
        // biome-ignore lint/correctness/useYield: computed from stored pairs, no requests
        *hvp(_x, v, out) {
          symmetricProduct(B, v, out);
          return 0;
        },
        update(s, y) {
          checkPair(who, n, s, y);
          const ss = dot(s, s);
          let sy = dot(s, y);
          let yy = dot(y, y);
          if (!updated && initialScaling && curvatureConditionHolds(sy, ss, yy, epsilon))
            setScaledIdentity(B, yy / sy);
          const sBs = symmetricProduct(B, s, Bs);
          r.set(y);
          if (damping && sBs > 0 && sy < 0.2 * sBs) {
            blendInto(powellTheta(sy, sBs), r, Bs);
            sy = dot(s, r);
            yy = dot(r, r);
          }
          if (!curvatureConditionHolds(sy, ss, yy, epsilon) || !(sBs > 0)) return;
          bfgsDirectUpdate(B, r, sy, Bs, sBs);
          updated = true;
        },
        checkpoint: () => ({ B: encodeVector(B.data), updated }),
        restore(state) {
          const c = stateObject(state, `${who}: state`);
          decodeVector(c.B, n * n, `${who}: state.B`, B.data);
          updated = stateBoolean(c.updated, `${who}: state.updated`);
        },
      };
    },
  };
}

/**
 * Dense symmetric rank-one (SR1) approximation B of the Hessian, updated by
 * B ← B + v vᵀ / sᵀv with v = y − B s, skipped when |sᵀv| < r‖s‖‖v‖ (6.26). B may
 * become indefinite, which is what a trust-region method wants from it: it is the
 * curvature of the `sr1-trust-region` method (trust-region + `sr1Curvature()`, assembled
 * in @hessian/optimize).
 *
 * **Options** `skipTolerance` r = 1e-8, `initialScaling` true (B₀ = (yᵀy / |sᵀy|)·I at the first update).
 * **Checkpoints** (`checkpoint()`/`restore()`): B (n² numbers) and whether B₀ was scaled.
 * **Reference** Nocedal & Wright (2nd ed.), §6.2, (6.24), (6.26); Algorithm 6.2 (SR1 trust-region).
 * @example trustRegion({ curvature: sr1Curvature() }) // in @hessian/optimize
 */
export function sr1Curvature(options?: Sr1CurvatureOptions): CurvatureSource {
  const who = 'sr1Curvature';
  const o = checkOptionsObject(who, options, ['skipTolerance', 'initialScaling']);
  const r = toleranceOption(who, 'skipTolerance', o.skipTolerance, 1e-8);
  const initialScaling = booleanOption(who, 'initialScaling', o.initialScaling, true);
  return {
    kind: 'sr1',
    dense: true,
    create(context: MethodContext): CurvatureProvider {
      const n = context.dimension;
      const B = DenseMatrix.identity(n);
      const v = new Float64Array(n);
      let scaled = !initialScaling;
      return {
        kind: 'sr1',
        // biome-ignore lint/correctness/useYield: computed from stored pairs, no requests
        *hessian(_x, out) {
          out.data.set(B.data);
          return 0;
        },
        // biome-ignore lint/correctness/useYield: computed from stored pairs, no requests
        *hvp(_x, w, out) {
          symmetricProduct(B, w, out);
          return 0;
        },
        update(s, y) {
          checkPair(who, n, s, y);
          const ss = dot(s, s);
          if (!scaled) {
            const sy = Math.abs(dot(s, y));
            const yy = dot(y, y);
            if (sy > 0 && yy > 0 && Number.isFinite(yy / sy)) {
              setScaledIdentity(B, yy / sy);
              scaled = true;
            }
          }
          symmetricProduct(B, s, v);
          for (let i = 0; i < n; i++) v[i] = y[i] - v[i];
          const sv = dot(s, v);
          if (sr1UpdateIsSafe(sv, ss, dot(v, v), r)) sr1Update(B, v, sv);
        },
        checkpoint: () => ({ B: encodeVector(B.data), scaled }),
        restore(state) {
          const c = stateObject(state, `${who}: state`);
          decodeVector(c.B, n * n, `${who}: state.B`, B.data);
          scaled = stateBoolean(c.scaled, `${who}: state.scaled`);
        },
      };
    },
  };
}

/**
 * L-BFGS approximation B of the Hessian in the compact form of Byrd, Nocedal and
 * Schnabel, for Hessian-vector products at O(mn) each without forming B:
 *
 *   B = δI − [δS  Y] [[δSᵀS, L], [Lᵀ, −D]]⁻¹ [δSᵀ; Yᵀ],
 *
 * with S, Y the last m pairs as columns, L the strictly lower part of SᵀY, D its
 * diagonal and δ = yᵀy / sᵀy of the newest pair (before any pair B = I). The middle
 * system is solved through the Cholesky factor of δSᵀS + L D⁻¹ Lᵀ (m×m), refactored
 * at each update; a pair that would make it singular, or with
 * sᵀy ≤ skipTolerance·‖s‖‖y‖, is skipped (or first Powell-damped with `damping`).
 * Gives `hvp` only (`dense: false`).
 *
 * **Options** `memory` 10, `skipTolerance` 1e-8, `damping` false.
 * **Checkpoints** (`checkpoint()`/`restore()`): the pairs oldest first and δ; SᵀS, SᵀY and
 * the Cholesky factor are recomputed from them, bit for bit.
 * **Reference** Byrd, Nocedal & Schnabel, Math. Programming 63 (1994), Theorem 2.3;
 * Nocedal & Wright (2nd ed.), (7.24), (7.29).
 * @example trustRegion({ curvature: lbfgsCurvature({ memory: 5 }), subproblem: steihaugCG() })
 */
export function lbfgsCurvature(options?: LbfgsCurvatureOptions): CurvatureSource {
  const who = 'lbfgsCurvature';
  const o = checkOptionsObject(who, options, ['memory', 'skipTolerance', 'damping']);
  const m = integerOption(who, 'memory', o.memory, 1, 10);
  const epsilon = toleranceOption(who, 'skipTolerance', o.skipTolerance, 1e-8);
  const damping = booleanOption(who, 'damping', o.damping, false);
  return {
    kind: 'lbfgs',
    dense: false,
    create(context: MethodContext): CurvatureProvider {
      const c = new CompactLbfgs(context.dimension, m);
      const n = context.dimension;
      const Bs = new Float64Array(n);
      return {
        kind: 'lbfgs',
        // biome-ignore lint/correctness/useYield: computed from stored pairs, no requests
        *hvp(_x, v, out) {
          c.multiply(v, out);
          return 0;
        },
        update(s, y) {
          checkPair(who, n, s, y);
          const ss = dot(s, s);
          const sy = dot(s, y);
          const yy = dot(y, y);
          if (damping) {
            c.multiply(s, Bs);
            const sBs = dot(s, Bs);
            if (sBs > 0 && sy < 0.2 * sBs) {
              const ny = c.candidateY();
              ny.set(y);
              blendInto(powellTheta(sy, sBs), ny, Bs);
              const ry = dot(s, ny);
              if (curvatureConditionHolds(ry, ss, dot(ny, ny), epsilon)) c.add(s, ny);
              return;
            }
          }
          if (curvatureConditionHolds(sy, ss, yy, epsilon)) c.add(s, y);
        },
        checkpoint: () => c.save(),
        restore: (state) => c.restore(state, `${who}: state`),
      };
    },
  };
}

/**
 * The compact L-BFGS representation (not exported): m pairs in m + 1 slots, the
 * inner products SᵀS and SᵀY (lower part) in logical order, and the Cholesky factor
 * J of δSᵀS + L D⁻¹ Lᵀ.
 */
export class CompactLbfgs {
  readonly n: number;
  readonly m: number;
  count = 0;
  /** δ of B₀ = δI. */
  delta = 1;
  private readonly S: Float64Array[];
  private readonly Y: Float64Array[];
  /** slot of logical index i (0 = oldest); index count is the candidate. */
  private readonly slot: Int32Array;
  /** (m+1)×(m+1), stride m+1: SS[i][j] = s_iᵀs_j, SY[i][j] = s_iᵀy_j (i ≥ j). */
  private readonly SS: Float64Array;
  private readonly SY: Float64Array;
  /** m×m, stride m+1: the Cholesky factor J (lower). */
  private J: Float64Array;
  /** Scratch of J's size: the factorization is made here and swapped with J when it succeeds. */
  private K: Float64Array;
  private readonly p1: Float64Array;
  private readonly p2: Float64Array;
  private readonly u: Float64Array;
  private readonly w: Float64Array;

  constructor(n: number, m: number) {
    this.n = n;
    this.m = m;
    const q = m + 1;
    this.S = new Array<Float64Array>(q);
    this.Y = new Array<Float64Array>(q);
    this.slot = Int32Array.from({ length: q }, (_, i) => i);
    this.SS = new Float64Array(q * q);
    this.SY = new Float64Array(q * q);
    this.J = new Float64Array(q * q);
    this.K = new Float64Array(q * q);
    this.p1 = new Float64Array(q);
    this.p2 = new Float64Array(q);
    this.u = new Float64Array(q);
    this.w = new Float64Array(q);
  }

  private vectors(i: number): { s: Float64Array; y: Float64Array } {
    const k = this.slot[i];
    let s = this.S[k];
    let y = this.Y[k];
    if (!s) {
      s = this.S[k] = new Float64Array(this.n);
      y = this.Y[k] = new Float64Array(this.n);
    }
    return { s, y };
  }

  /** The buffer the next pair's y goes into (to build a damped y in place). */
  candidateY(): Float64Array {
    return this.vectors(this.count).y;
  }

  /** Adds the pair (copied) unless the middle matrix would become singular; returns whether it did. */
  add(s: Vector, y: Vector): boolean {
    const q = this.m + 1;
    const k = this.count;
    const cand = this.vectors(k);
    if (cand.s !== s) cand.s.set(s);
    if (cand.y !== y) cand.y.set(y);
    for (let j = 0; j <= k; j++) {
      const other = this.vectors(j);
      const ssj = dot(cand.s, other.s);
      this.SS[k * q + j] = ssj;
      this.SS[j * q + k] = ssj;
      this.SY[k * q + j] = dot(cand.s, other.y);
    }
    const sy = this.SY[k * q + k];
    const delta = dot(cand.y, cand.y) / sy;
    const w0 = k + 1 > this.m ? 1 : 0;
    const size = k + 1 - w0;
    if (!this.factor(w0, size, delta)) return false;
    this.delta = delta;
    if (w0 === 1) {
      const first = this.slot[0];
      this.slot.copyWithin(0, 1);
      this.slot[this.m] = first;
      // shift the inner products one place up-left
      for (let i = 0; i < size; i++)
        for (let j = 0; j < size; j++) {
          this.SS[i * q + j] = this.SS[(i + 1) * q + j + 1];
          this.SY[i * q + j] = this.SY[(i + 1) * q + j + 1];
        }
    }
    this.count = size;
    return true;
  }

  /**
   * J ← chol(δ SᵀS + L D⁻¹ Lᵀ) on the window [w0, w0 + size); false when not positive
   * definite, and then J is left as it was (the matrix is factored in place in the scratch
   * K, which becomes J only on success).
   */
  private factor(w0: number, size: number, delta: number): boolean {
    const q = this.m + 1;
    const { SS, SY, K } = this;
    for (let i = 0; i < size; i++)
      for (let j = 0; j <= i; j++) {
        let t = delta * SS[(w0 + i) * q + w0 + j];
        // (L D⁻¹ Lᵀ)_ij = Σ_{l < j} L_il L_jl / D_l   (L_il = s_iᵀy_l for i > l)
        for (let l = 0; l < j; l++)
          t += (SY[(w0 + i) * q + w0 + l] * SY[(w0 + j) * q + w0 + l]) / SY[(w0 + l) * q + w0 + l];
        K[i * q + j] = t;
      }
    // Cholesky in place: column j of the factor overwrites column j of the matrix.
    for (let j = 0; j < size; j++) {
      let d = K[j * q + j];
      for (let l = 0; l < j; l++) d -= K[j * q + l] * K[j * q + l];
      if (!(d > 0) || !Number.isFinite(d)) return false;
      const r = Math.sqrt(d);
      K[j * q + j] = r;
      for (let i = j + 1; i < size; i++) {
        let t = K[i * q + j];
        for (let l = 0; l < j; l++) t -= K[i * q + l] * K[j * q + l];
        K[i * q + j] = t / r;
      }
    }
    this.K = this.J;
    this.J = K;
    return true;
  }

  /** The state for a checkpoint: the pairs oldest first and δ (the rest is recomputed from them). */
  save(): { pairs: { s: EncodedNumber[]; y: EncodedNumber[] }[]; delta: EncodedNumber } {
    const pairs: { s: EncodedNumber[]; y: EncodedNumber[] }[] = [];
    for (let i = 0; i < this.count; i++) {
      const { s, y } = this.vectors(i);
      pairs.push({ s: encodeVector(s), y: encodeVector(y) });
    }
    return { pairs, delta: encodeNumber(this.delta) };
  }

  /**
   * Restores what {@link save} returned: the pairs, and SᵀS, SᵀY and J recomputed from
   * them by the same operations, in the same order, as {@link add} made them (so bit for bit).
   * @throws TypeError/RangeError starting with `name` and naming what is wrong
   */
  restore(state: unknown, name: string): void {
    const c = stateObject(state, name);
    const pairs = stateArray(c.pairs, `${name}.pairs`);
    const k = pairs.length;
    if (k > this.m)
      throw new RangeError(`${name}.pairs holds ${k} pairs, more than memory (${this.m})`);
    const delta = decodeNumber(c.delta, `${name}.delta`);
    const q = this.m + 1;
    for (let i = 0; i < k; i++) {
      const p = stateObject(pairs[i], `${name}.pairs[${i}]`);
      const v = this.vectors(i);
      decodeVector(p.s, this.n, `${name}.pairs[${i}].s`, v.s);
      decodeVector(p.y, this.n, `${name}.pairs[${i}].y`, v.y);
    }
    for (let i = 0; i < k; i++) {
      const a = this.vectors(i);
      for (let j = 0; j <= i; j++) {
        const b = this.vectors(j);
        const ss = dot(a.s, b.s);
        this.SS[i * q + j] = ss;
        this.SS[j * q + i] = ss;
        this.SY[i * q + j] = dot(a.s, b.y);
      }
    }
    if (k > 0 && !this.factor(0, k, delta))
      throw new RangeError(
        `${name}: the pairs and delta do not give a positive definite middle matrix`,
      );
    this.delta = delta;
    this.count = k;
  }

  /** out ← B v. `out` must not alias `v`. */
  multiply(v: Vector, out: Vector): Vector {
    const k = this.count;
    const n = this.n;
    const delta = this.delta;
    if (k === 0) {
      out.set(v);
      return out;
    }
    const q = this.m + 1;
    const { SY, J, p1, p2, u, w } = this;
    const { S, Y, slot } = this;
    for (let i = 0; i < k; i++) {
      p1[i] = delta * dot(S[slot[i]], v);
      p2[i] = dot(Y[slot[i]], v);
    }
    // t = p1 + L D⁻¹ p2, then J Jᵀ u = t
    for (let i = 0; i < k; i++) {
      let t = p1[i];
      for (let l = 0; l < i; l++) t += (SY[i * q + l] * p2[l]) / SY[l * q + l];
      for (let l = 0; l < i; l++) t -= J[i * q + l] * u[l];
      u[i] = t / J[i * q + i];
    }
    for (let i = k - 1; i >= 0; i--) {
      let t = u[i];
      for (let l = i + 1; l < k; l++) t -= J[l * q + i] * u[l];
      u[i] = t / J[i * q + i];
    }
    // w = D⁻¹ (Lᵀ u − p2)
    for (let l = 0; l < k; l++) {
      let t = -p2[l];
      for (let i = l + 1; i < k; i++) t += SY[i * q + l] * u[i];
      w[l] = t / SY[l * q + l];
    }
    // out = δ v − δ S u − Y w
    for (let j = 0; j < n; j++) out[j] = delta * v[j];
    for (let i = 0; i < k; i++) {
      const s = S[slot[i]];
      const y = Y[slot[i]];
      const a = -delta * u[i];
      const b = -w[i];
      for (let j = 0; j < n; j++) out[j] += a * s[j] + b * y[j];
    }
    return out;
  }
}
