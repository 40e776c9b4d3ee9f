/**
 * Preconditioners for the inner CG of Newton-CG: a diagonal one (given, or estimated
 * from Hessian-vector products or the dense Hessian's diagonal) and a limited-memory
 * BFGS one built from the outer iterations' steps.
 *
 * @packageDocumentation
 */
import {
  type CurvatureProvider,
  DenseMatrix,
  decodeNumber,
  decodeVector,
  describe,
  type EncodedNumber,
  encodeNumber,
  encodeVector,
  type Program,
  stateRecord,
  type Vector,
} from '@hessian/core';
import {
  accumulateProducts,
  gatherColor,
  probeVector,
  rademacher,
  scaleInPlace,
} from './kernels.js';
import type { CGPreconditioner } from './truncated-cg.js';

/**
 * out ← an estimate of diag(H(x)) by probing: with `colors` = k, k HVPs along
 * v_c = Σ_{i ≡ c (mod k)} e_i give (H v_c)_i = H_ii + Σ_{j ≡ i (mod k), j ≠ i} H_ij, which is
 * exact when H is banded with half-bandwidth < k. `v` and `hv` are length-n scratch.
 * Returns 0, or NaN when a product was not finite.
 *
 * **Reference** A. R. Curtis, M. J. D. Powell and J. K. Reid, "On the estimation of sparse
 * Jacobian matrices", IMA J. Appl. Math. 13, 1974 (the coloring idea); Nocedal & Wright (2006) §8.2.
 * @example const ok = yield* probingDiagonal(provider, x, 3, diag, v, hv); // exact for tridiagonal H
 */
export function* probingDiagonal(
  provider: CurvatureProvider,
  x: Vector,
  colors: number,
  out: Vector,
  v: Vector,
  hv: Vector,
): Program<number> {
  const n = x.length;
  const k = Math.min(colors, n);
  for (let c = 0; c < k; c++) {
    probeVector(v, c, k);
    if ((yield* provider.hvp(x, v, hv)) !== 0) return Number.NaN;
    gatherColor(out, hv, c, k);
  }
  return 0;
}

/**
 * out ← Hutchinson's estimate of diag(H(x)): the mean of v ⊙ Hv over `samples` Rademacher
 * vectors v (entries ±1 from a seeded generator, so runs are deterministic). Unbiased;
 * its error shrinks as 1/√samples times the off-diagonal mass. Returns 0 or NaN.
 *
 * **Reference** C. Bekas, E. Kokiopoulou and Y. Saad, "An estimator for the diagonal of a
 * matrix", Appl. Numer. Math. 57, 2007; M. F. Hutchinson, Commun. Stat. 18, 1989.
 * @example const ok = yield* hutchinsonDiagonal(provider, x, 8, 1, diag, v, hv);
 */
export function* hutchinsonDiagonal(
  provider: CurvatureProvider,
  x: Vector,
  samples: number,
  seed: number,
  out: Vector,
  v: Vector,
  hv: Vector,
): Program<number> {
  out.fill(0);
  let state = seed;
  for (let k = 0; k < samples; k++) {
    state = rademacher(v, state);
    if ((yield* provider.hvp(x, v, hv)) !== 0) return Number.NaN;
    accumulateProducts(out, v, hv);
  }
  scaleInPlace(out, 1 / samples);
  return 0;
}

/**
 * Turns a diagonal estimate into positive preconditioner entries in place:
 * D_i ← max(|D_i|, floor·max_j |D_j|) (floor 1e-4 by default), and D ← 1 when every entry is 0
 * or one is not finite. Absolute values keep M positive definite where H is indefinite; the
 * floor keeps M⁻¹ from blowing up a coordinate where the estimate is near 0 (with 1e-8 the
 * preconditioned steps on FLETCHCR and logistic regression became too long to search).
 * @example safeguardDiagonal(Float64Array.of(4, -2, 0)) // [4, 2, 4e-4]
 */
export function safeguardDiagonal(D: Vector, floor = 1e-4): Vector {
  let max = 0;
  for (let i = 0; i < D.length; i++) {
    const a = Math.abs(D[i]);
    if (!(a <= Number.MAX_VALUE)) {
      D.fill(1);
      return D;
    }
    if (a > max) max = a;
  }
  if (max === 0) {
    D.fill(1);
    return D;
  }
  const low = floor * max;
  for (let i = 0; i < D.length; i++) D[i] = Math.max(Math.abs(D[i]), low);
  return D;
}

/**
 * M = diag(D) + λI: `setDiagonal` stores 1/(D_i + λ); `apply` is one fused pass.
 * @example const M = new DiagonalPreconditioner(n); M.setDiagonal(D, 0);
 */
export class DiagonalPreconditioner implements CGPreconditioner {
  readonly inverse: Float64Array;
  constructor(n: number) {
    this.inverse = new Float64Array(n);
  }
  /** M ← diag(D) + λI (D > 0). */
  setDiagonal(D: Vector, damping: number): void {
    const inv = this.inverse;
    for (let i = 0; i < inv.length; i++) inv[i] = 1 / (D[i] + damping);
  }
  apply(r: Vector, z: Vector): number {
    const inv = this.inverse;
    let rz = 0;
    for (let i = 0; i < r.length; i++) {
      const ri = r[i];
      const zi = ri * inv[i];
      z[i] = zi;
      rz += ri * zi;
    }
    return rz;
  }
  /** The stored 1/(D_i + λ) exactly, for a checkpoint (see {@link restore}). */
  save(): EncodedNumber[] {
    return encodeVector(this.inverse);
  }
  /**
   * Restores what {@link save} wrote.
   * @throws TypeError/RangeError naming `name` when it is not a vector of length n
   */
  restore(state: unknown, name: string): void {
    decodeVector(state, this.inverse.length, name, this.inverse);
  }
}

/** An {@link LbfgsPreconditioner}'s state as JSON: the pairs oldest first, with their stored 1/sᵀy, and γ. */
export interface LbfgsPreconditionerJSON {
  pairs: { s: EncodedNumber[]; y: EncodedNumber[]; rho: EncodedNumber }[];
  gamma: EncodedNumber;
}

/**
 * M⁻¹ = the L-BFGS inverse-Hessian approximation from the last `memory` pairs
 * (s, y) of outer steps, applied by the two-loop recursion with H₀ = (sᵀy / yᵀy) I
 * of the newest pair (M = I until a pair is stored). Pairs with sᵀy ≤ 1e-8‖s‖‖y‖ are
 * skipped, which keeps M⁻¹ positive definite whatever the line search. Storage:
 * 2·memory·n numbers, allocated once.
 *
 * **Reference** Nocedal & Wright (2006), Alg. 7.4 (two-loop recursion) and (7.20);
 * S. G. Nash, "Preconditioning of truncated-Newton methods", SIAM J. Sci. Stat. Comput. 6, 1985;
 * J. L. Morales and J. Nocedal, "Automatic preconditioning by limited memory quasi-Newton
 * updating", SIAM J. Optim. 10, 2000.
 * @example const M = new LbfgsPreconditioner(n, 5); M.update(s, y); M.apply(r, z);
 */
export class LbfgsPreconditioner implements CGPreconditioner {
  readonly memory: number;
  private readonly S: Float64Array[];
  private readonly Y: Float64Array[];
  private readonly rho: Float64Array;
  private readonly alpha: Float64Array;
  private count = 0;
  private newest = -1;
  private gamma = 1;

  constructor(n: number, memory: number) {
    this.memory = memory;
    this.S = [];
    this.Y = [];
    for (let i = 0; i < memory; i++) {
      this.S.push(new Float64Array(n));
      this.Y.push(new Float64Array(n));
    }
    this.rho = new Float64Array(memory);
    this.alpha = new Float64Array(memory);
  }

  /** Pairs stored (≤ memory). */
  get size(): number {
    return this.count;
  }

  /** Stores the pair (s, y) when sᵀy > 1e-8‖s‖‖y‖; returns whether it did. */
  update(s: Vector, y: Vector): boolean {
    let sy = 0;
    let ss = 0;
    let yy = 0;
    for (let i = 0; i < s.length; i++) {
      sy += s[i] * y[i];
      ss += s[i] * s[i];
      yy += y[i] * y[i];
    }
    if (!(sy > 1e-8 * Math.sqrt(ss * yy))) return false;
    const k = (this.newest + 1) % this.memory;
    this.S[k].set(s);
    this.Y[k].set(y);
    this.rho[k] = 1 / sy;
    this.gamma = sy / yy;
    this.newest = k;
    if (this.count < this.memory) this.count++;
    return true;
  }

  /**
   * The memory exactly, for a checkpoint: the pairs oldest first with the 1/sᵀy stored when
   * each was accepted, and γ (not recomputed, so a restored preconditioner applies bit for bit
   * the same M⁻¹).
   */
  save(): LbfgsPreconditionerJSON {
    const m = this.memory;
    const pairs: LbfgsPreconditionerJSON['pairs'] = [];
    for (let t = this.count - 1; t >= 0; t--) {
      const k = (this.newest - t + m) % m;
      pairs.push({
        s: encodeVector(this.S[k]),
        y: encodeVector(this.Y[k]),
        rho: encodeNumber(this.rho[k]),
      });
    }
    return { pairs, gamma: encodeNumber(this.gamma) };
  }

  /**
   * Restores what {@link save} wrote (the pairs go to slots 0… oldest first; the order the
   * two-loop recursion reads them in is the saved one).
   * @throws TypeError/RangeError naming `name` and what is wrong
   */
  restore(state: unknown, name: string): void {
    const j = stateRecord(state, name);
    const pairs = j.pairs;
    if (!Array.isArray(pairs))
      throw new TypeError(`${name}.pairs must be an array, got ${describe(pairs)}`);
    if (pairs.length > this.memory)
      throw new RangeError(
        `${name}.pairs holds ${pairs.length} pairs, more than memory (${this.memory})`,
      );
    const n = this.S[0].length;
    pairs.forEach((p: unknown, i: number) => {
      const pair = stateRecord(p, `${name}.pairs[${i}]`);
      decodeVector(pair.s, n, `${name}.pairs[${i}].s`, this.S[i]);
      decodeVector(pair.y, n, `${name}.pairs[${i}].y`, this.Y[i]);
      this.rho[i] = decodeNumber(pair.rho, `${name}.pairs[${i}].rho`);
    });
    this.count = pairs.length;
    this.newest = pairs.length - 1;
    this.gamma = decodeNumber(j.gamma, `${name}.gamma`);
  }

  /** z ← M⁻¹ r by the two-loop recursion, fused: 2·size + 1 passes; returns rᵀz. */
  apply(r: Vector, z: Vector): number {
    const n = r.length;
    const m = this.memory;
    const count = this.count;
    const { S, Y, rho, alpha } = this;
    if (count === 0) {
      let rr = 0;
      for (let i = 0; i < n; i++) {
        const ri = r[i];
        z[i] = ri;
        rr += ri * ri;
      }
      return rr;
    }
    // First loop, newest pair first; each update is fused with the next dot product.
    let k = this.newest;
    let a = 0;
    {
      const s = S[k];
      for (let i = 0; i < n; i++) {
        const zi = r[i];
        z[i] = zi;
        a += s[i] * zi;
      }
    }
    let b = 0;
    for (let t = 0; t < count; t++) {
      a *= rho[k];
      alpha[k] = a;
      const y = Y[k];
      if (t + 1 < count) {
        const next = (k - 1 + m) % m;
        const s = S[next];
        let an = 0;
        for (let i = 0; i < n; i++) {
          const zi = z[i] - a * y[i];
          z[i] = zi;
          an += s[i] * zi;
        }
        a = an;
        k = next;
      } else {
        // Last update, scaled by H₀ = γI, fused with the second loop's first dot (same y).
        const gamma = this.gamma;
        for (let i = 0; i < n; i++) {
          const zi = gamma * (z[i] - a * y[i]);
          z[i] = zi;
          b += y[i] * zi;
        }
      }
    }
    // Second loop, oldest pair first (k is the oldest now).
    let rz = 0;
    for (let t = count - 1; t >= 0; t--) {
      const c = alpha[k] - rho[k] * b;
      const s = S[k];
      if (t > 0) {
        const next = (k + 1) % m;
        const y = Y[next];
        b = 0;
        for (let i = 0; i < n; i++) {
          const zi = z[i] + c * s[i];
          z[i] = zi;
          b += y[i] * zi;
        }
        k = next;
      } else {
        for (let i = 0; i < n; i++) {
          const zi = z[i] + c * s[i];
          z[i] = zi;
          rz += r[i] * zi;
        }
      }
    }
    return rz;
  }
}

/**
 * out ← diag(H(x)) read from the provider's dense Hessian (`H` is n×n scratch, from
 * {@link denseScratch}). Returns 0, or NaN when the provider has no `hessian` or an entry
 * was not finite. For small n: it costs one dense Hessian.
 * @example const ok = yield* denseHessianDiagonal(provider, x, denseScratch(n), diag);
 */
export function* denseHessianDiagonal(
  provider: CurvatureProvider,
  x: Vector,
  H: DenseMatrix,
  out: Vector,
): Program<number> {
  if (!provider.hessian) return Number.NaN;
  if ((yield* provider.hessian(x, H)) !== 0) return Number.NaN;
  readDiagonal(H, out);
  return 0;
}

function readDiagonal(H: DenseMatrix, out: Vector): void {
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = H.data[i * n + i];
}

/** Allocates the n×n scratch {@link denseHessianDiagonal} needs. */
export function denseScratch(n: number): DenseMatrix {
  return new DenseMatrix(n, n);
}
