/**
 * The L-BFGS memory: the last m secant pairs (s, y) in ring buffers allocated once,
 * the two-loop recursion on them, and its JSON form for warm starts.
 *
 * @packageDocumentation
 */
import {
  decodeNumber,
  decodeVector,
  type EncodedNumber,
  encodeNumber,
  encodeVector,
  jsKernels,
  type KernelExports,
  type Vector,
  type VectorArena,
  vectorArena,
} from '@hessian/core';
import { stateArray, stateObject } from './checkpoint.js';

/**
 * The kernels of the two-loop recursion over vector handles V: Float64Arrays (core's
 * TypeScript kernels) or byte offsets in an arena (its WebAssembly SIMD kernels).
 * Both give the same doubles.
 */
interface TwoLoopKernels<V> {
  dot(x: V, y: V): number;
  axpyDot(a: number, x: V, y: V, out: V, z: V): number;
  negAxpyDot(a: number, x: V, y: V, out: V, z: V): number;
  scaledAxpyDot(a: number, x: V, y: V, c: number, out: V): number;
}

/** The SIMD kernels by offset, for vectors of length n. */
function simdTwoLoopKernels(w: KernelExports, n: number): TwoLoopKernels<number> {
  const { dot, axpyDot, axpyDotInPlace, negAxpyDot, scaledAxpyDot } = w;
  return {
    dot: (x, y) => dot(x, y, n),
    axpyDot: (a, x, y, out, z) =>
      y === out ? axpyDotInPlace(a, x, out, z, n) : axpyDot(a, x, y, out, z, n),
    negAxpyDot: (a, x, y, out, z) => negAxpyDot(a, x, y, out, z, n),
    scaledAxpyDot: (a, x, y, c, out) => scaledAxpyDot(a, c, x, y, out, n),
  };
}

/** The JSON form of an L-BFGS memory (pairs oldest first). `JSON.stringify` of an {@link LbfgsInverseHessian} gives it. */
export interface LbfgsMemoryJSON {
  format: 'hessian/lbfgs-memory';
  version: 1;
  /** n: the length of every s and y. */
  dimension: number;
  /** The secant pairs s = x⁺ − x, y = ∇f(x⁺) − ∇f(x), oldest first. */
  pairs: { s: number[]; y: number[] }[];
}

/**
 * The final L-BFGS inverse-Hessian approximation H as an operator (in `result.extra.inverseHessian`).
 * `toJSON()` gives its memory, which `lbfgs({ warmStart })` accepts.
 */
export interface LbfgsInverseHessian {
  readonly dimension: number;
  /** The number of stored pairs (0: H = I). */
  readonly pairs: number;
  /** The scaling gamma of H₀ = gamma·I (1 when there are no pairs). */
  readonly gamma: number;
  /** out ← H·v by the two-loop recursion; allocates `out` when absent. */
  apply(v: ArrayLike<number>, out?: Float64Array): Float64Array;
  toJSON(): LbfgsMemoryJSON;
}

/**
 * The exact state of an L-BFGS memory, for a run's checkpoint: the pairs oldest first,
 * each with the 1/sᵀy stored when it was accepted (from the fused secant pass, not
 * recomputed), and gamma. Restored, the memory gives the same directions bit for bit.
 */
export interface LbfgsMemoryState {
  pairs: { s: EncodedNumber[]; y: EncodedNumber[]; rho: EncodedNumber }[];
  gamma: EncodedNumber;
}

/** The pairs behind each operator made by {@link LbfgsMemory.operator}, so that a warm start from it copies no JSON. */
const PAIRS = new WeakMap<LbfgsInverseHessian, () => { s: Float64Array; y: Float64Array }[]>();

/** The pairs (oldest first, as views) of an operator this package made, or undefined. */
export function pairsOfOperator(op: unknown): { s: Float64Array; y: Float64Array }[] | undefined {
  return typeof op === 'object' && op !== null
    ? PAIRS.get(op as LbfgsInverseHessian)?.()
    : undefined;
}

/**
 * The L-BFGS memory. Holds m + 1 slots so that a candidate pair can be written in
 * place (fused with its inner products) before it is known to be accepted; a slot
 * is allocated the first time it is used, and never again.
 *
 * Not exported from the package: the methods and providers own their memories.
 */
export class LbfgsMemory {
  readonly n: number;
  readonly m: number;
  /** Pairs in use. */
  count = 0;
  /** gamma = sᵀy / yᵀy of the newest pair, the scaling of H₀ = gamma·I (1 with no pairs). */
  gamma = 1;
  private readonly S: Float64Array[];
  private readonly Y: Float64Array[];
  /** 1 / sᵀy per slot. */
  private readonly rho: Float64Array;
  /** Slots in use, oldest first. */
  private readonly order: Int32Array;
  /** The slot the next candidate pair is written into. */
  private free = 0;
  private readonly alpha: Float64Array;
  private readonly arena: VectorArena;
  /** Byte offsets of the slots in the arena (SIMD), when it has memory of its own. */
  private readonly offS: number[];
  private readonly offY: number[];
  private readonly simd: TwoLoopKernels<number> | undefined;

  /**
   * `arena` provides the 2(m + 1) slot vectors; with a SIMD arena the two-loop runs as
   * WebAssembly SIMD whenever the vectors it is given are in the arena too.
   */
  constructor(n: number, m: number, arena: VectorArena = vectorArena(n, 2 * (m + 1), false)) {
    this.n = n;
    this.m = m;
    this.S = new Array<Float64Array>(m + 1);
    this.Y = new Array<Float64Array>(m + 1);
    this.offS = new Array<number>(m + 1).fill(-1);
    this.offY = new Array<number>(m + 1).fill(-1);
    this.rho = new Float64Array(m + 1);
    this.order = new Int32Array(m);
    this.alpha = new Float64Array(m);
    this.arena = arena;
    this.simd = arena.raw ? simdTwoLoopKernels(arena.raw, n) : undefined;
  }

  /** The buffer for the candidate s (write it, then {@link commit} or leave it). */
  candidateS(): Float64Array {
    return this.S[this.free] ?? this.allocate(this.free).s;
  }
  /** The buffer for the candidate y. */
  candidateY(): Float64Array {
    return this.Y[this.free] ?? this.allocate(this.free).y;
  }

  private allocate(slot: number): { s: Float64Array; y: Float64Array } {
    const s = this.arena.vector(this.n);
    const y = this.arena.vector(this.n);
    this.S[slot] = s;
    this.Y[slot] = y;
    this.offS[slot] = this.arena.offsetOf(s);
    this.offY[slot] = this.arena.offsetOf(y);
    return { s, y };
  }

  /** s and y of the j-th pair, oldest first (j < count). */
  s(j: number): Float64Array {
    return this.S[this.order[j]];
  }
  y(j: number): Float64Array {
    return this.Y[this.order[j]];
  }

  /**
   * Accepts the candidate pair with its sᵀy and yᵀy (sᵀy > 0); the oldest pair goes
   * when the memory is full.
   */
  commit(sy: number, yy: number): void {
    this.gamma = sy / yy;
    this.push(1 / sy);
  }

  /** Makes the candidate slot the newest pair, with its rho = 1/sᵀy. */
  private push(rho: number): void {
    const slot = this.free;
    this.rho[slot] = rho;
    const o = this.order;
    if (this.count === this.m) {
      this.free = o[0];
      o.copyWithin(0, 1);
      o[this.m - 1] = slot;
      return;
    }
    o[this.count++] = slot;
    // the smallest slot not in use
    for (let c = 0; c <= this.m; c++) {
      let used = false;
      for (let j = 0; j < this.count; j++) if (o[j] === c) used = true;
      if (!used) {
        this.free = c;
        break;
      }
    }
  }

  /** Forgets every pair (H = I). */
  clear(): void {
    this.count = 0;
    this.gamma = 1;
  }

  /**
   * d ← −H g by the two-loop recursion, each axpy fused with the next inner product;
   * returns gᵀd. `newestDot` is s_newestᵀg when already known (from the fused secant
   * pass), else NaN. `d` must not alias `g`.
   *
   * **Reference** Nocedal & Wright (2nd ed.), Algorithm 7.4, with H₀ = gamma·I (7.20).
   */
  direction(g: Vector, d: Vector, newestDot = Number.NaN): number {
    if (this.count === 0) return this.arena.kernels.scaleDot(-1, g, d, g);
    const go = this.arena.offsetOf(g);
    const dO = this.arena.offsetOf(d);
    return this.simd && go >= 0 && dO >= 0
      ? this.twoLoop(this.simd, this.offS, this.offY, go, dO, newestDot, true)
      : this.twoLoop(jsKernels, this.S, this.Y, g, d, newestDot, true);
  }

  /** out ← H v (two-loop recursion). `out` must not alias `v`. */
  apply(v: Vector, out: Vector): Vector {
    if (this.count === 0) out.set(v);
    else this.twoLoop(jsKernels, this.S, this.Y, v, out, Number.NaN, false);
    return out;
  }

  /**
   * The two-loop recursion on vector handles (arrays or arena offsets): the first loop
   * (newest to oldest), the scaling by gamma, then the second loop (oldest to
   * newest). The first pass reads v and writes q = out; every later pass updates q in
   * place. The last pass writes out = −H v and returns vᵀout (`negate`), or out = H v.
   */
  private twoLoop<V>(
    K: TwoLoopKernels<V>,
    S: V[],
    Y: V[],
    v: V,
    out: V,
    newestDot: number,
    negate: boolean,
  ): number {
    const k = this.count;
    const o = this.order;
    const rho = this.rho;
    const a = this.alpha;
    const newest = o[k - 1];
    a[k - 1] = rho[newest] * (Number.isNaN(newestDot) ? K.dot(S[newest], v) : newestDot);
    const oldest = o[0];
    let b: number;
    if (k > 1) {
      a[k - 2] = rho[o[k - 2]] * K.axpyDot(-a[k - 1], Y[newest], v, out, S[o[k - 2]]);
      for (let j = k - 2; j >= 1; j--) {
        const prev = o[j - 1];
        a[j - 1] = rho[prev] * K.axpyDot(-a[j], Y[o[j]], out, out, S[prev]);
      }
      b = rho[oldest] * K.scaledAxpyDot(-a[0], Y[oldest], out, this.gamma, out);
    } else b = rho[oldest] * K.scaledAxpyDot(-a[0], Y[oldest], v, this.gamma, out);
    for (let j = 0; j < k - 1; j++) {
      const next = o[j + 1];
      b = rho[next] * K.axpyDot(a[j] - b, S[o[j]], out, out, Y[next]);
    }
    return negate
      ? K.negAxpyDot(a[k - 1] - b, S[newest], out, out, v)
      : K.axpyDot(a[k - 1] - b, S[newest], out, out, v);
  }

  /** Replaces the content by pairs (oldest first; the newest m kept). Each must have sᵀy > 0. */
  load(pairs: readonly { s: Float64Array; y: Float64Array }[]): void {
    this.clear();
    const from = Math.max(0, pairs.length - this.m);
    for (let j = from; j < pairs.length; j++) {
      const { s, y } = pairs[j];
      this.candidateS().set(s);
      this.candidateY().set(y);
      this.commit(jsKernels.dot(s, y), jsKernels.dot(y, y));
    }
  }

  /**
   * This memory in plain Float64Arrays (the pairs with their stored rho, and gamma,
   * exactly; the same directions bit for bit) when it lives in a WebAssembly arena,
   * else itself: an operator kept after a run must not keep the run's arena alive.
   */
  detached(): LbfgsMemory {
    if (!this.arena.raw) return this;
    const copy = new LbfgsMemory(this.n, this.m);
    for (let j = 0; j < this.count; j++) {
      copy.candidateS().set(this.s(j));
      copy.candidateY().set(this.y(j));
      copy.push(this.rho[this.order[j]]);
    }
    copy.gamma = this.gamma;
    return copy;
  }

  /** The exact state (copies), for a checkpoint: see {@link LbfgsMemoryState}. */
  save(): LbfgsMemoryState {
    const pairs: LbfgsMemoryState['pairs'] = [];
    for (let j = 0; j < this.count; j++)
      pairs.push({
        s: encodeVector(this.s(j)),
        y: encodeVector(this.y(j)),
        rho: encodeNumber(this.rho[this.order[j]]),
      });
    return { pairs, gamma: encodeNumber(this.gamma) };
  }

  /**
   * Replaces the content by what {@link save} returned (after a JSON round trip).
   * @throws TypeError/RangeError starting with `name` (e.g. 'lbfgs: state.memory') and naming what is wrong
   */
  restore(state: unknown, name: string): void {
    const r = stateObject(state, name);
    const pairs = stateArray(r.pairs, `${name}.pairs`);
    if (pairs.length > this.m)
      throw new RangeError(
        `${name}.pairs holds ${pairs.length} pairs, more than memory (${this.m})`,
      );
    const gamma = decodeNumber(r.gamma, `${name}.gamma`);
    this.clear();
    for (let j = 0; j < pairs.length; j++) {
      const p = stateObject(pairs[j], `${name}.pairs[${j}]`);
      decodeVector(p.s, this.n, `${name}.pairs[${j}].s`, this.candidateS());
      decodeVector(p.y, this.n, `${name}.pairs[${j}].y`, this.candidateY());
      this.push(decodeNumber(p.rho, `${name}.pairs[${j}].rho`));
    }
    this.gamma = gamma;
  }

  /** The JSON form (copies). */
  toJSON(): LbfgsMemoryJSON {
    const pairs: { s: number[]; y: number[] }[] = [];
    for (let j = 0; j < this.count; j++)
      pairs.push({ s: Array.from(this.s(j)), y: Array.from(this.y(j)) });
    return { format: 'hessian/lbfgs-memory', version: 1, dimension: this.n, pairs };
  }

  /** An operator over this memory as it is now (the memory must not change afterwards). */
  operator(): LbfgsInverseHessian {
    const n = this.n;
    const op: LbfgsInverseHessian = {
      dimension: n,
      pairs: this.count,
      gamma: this.gamma,
      apply: (v, out) => {
        const x = v instanceof Float64Array ? v : Float64Array.from(v);
        if (x.length !== n)
          throw new RangeError(`inverseHessian.apply: v must have length ${n}, got ${x.length}`);
        const o = out ?? new Float64Array(n);
        if (o.length !== n)
          throw new RangeError(
            `inverseHessian.apply: out must have length ${n}, got length ${o.length}`,
          );
        if (o === x) throw new RangeError('inverseHessian.apply: out must not be v');
        return this.apply(x, o) as Float64Array;
      },
      toJSON: () => this.toJSON(),
    };
    PAIRS.set(op, () =>
      Array.from({ length: this.count }, (_, j) => ({ s: this.s(j), y: this.y(j) })),
    );
    return op;
  }
}
