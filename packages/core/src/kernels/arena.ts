/**
 * Vector arenas: a method's working vectors allocated together in one WebAssembly
 * memory, so that the fused kernels can run on them as WebAssembly SIMD.
 *
 * @packageDocumentation
 */
import type { Vector } from '../vector.js';
import * as js from './fused-js.js';
import { type KernelExports, kernelModule } from './fused-wasm.js';

export type { KernelExports } from './fused-wasm.js';

import { jsKernels, type VectorKernels } from './vector-kernels.js';

/**
 * Where the fused kernels may run as WebAssembly SIMD: `'auto'` (the default) when
 * available and the vectors are long enough to gain (n ≥ {@link SIMD_MIN_LENGTH});
 * `true` whenever available; `false` never (plain TypeScript). The results are the
 * same bit for bit in every case: only the speed differs.
 */
export type SimdOption = boolean | 'auto';

/**
 * The least n at which `simd: 'auto'` uses WebAssembly: below it the gain is small
 * and not worth a WebAssembly memory per run.
 */
export const SIMD_MIN_LENGTH = 256;

/** A set of vectors allocated together, with the kernels to use on them. */
export interface VectorArena {
  /** The kernels: WebAssembly SIMD for vectors of this arena when `kernels.simd`. */
  readonly kernels: VectorKernels;
  /**
   * A new zero vector of length n (n at most the arena's vector length). Throws a
   * RangeError when the arena's `count` vectors are all handed out.
   */
  vector(n?: number): Float64Array;
  /**
   * The byte offset of v in the arena's WebAssembly memory, or −1 when v is not in
   * it (always −1 for a plain arena). With {@link VectorArena.raw}, for code that
   * checks its vectors once and then calls the SIMD kernels by offset.
   */
  offsetOf(v: Vector): number;
  /**
   * The SIMD kernels by byte offset (vector arguments are offsets, n comes last;
   * `scaledAxpyDot(a, c, x, y, out, n)`); undefined for a plain arena. Unchecked:
   * every offset must come from {@link VectorArena.offsetOf} of a vector of length ≥ n.
   */
  readonly raw?: KernelExports;
}

/** True when this JavaScript engine runs the WebAssembly SIMD kernels. */
export function simdAvailable(): boolean {
  return kernelModule() !== null;
}

/** Checks a `simd` option; `who` names the caller in the message. */
export function simdOption(who: string, v: unknown): SimdOption {
  if (v === undefined) return 'auto';
  if (v === true || v === false || v === 'auto') return v;
  throw new TypeError(`${who}: simd must be true, false or 'auto', got ${String(v)}`);
}

const PAGE = 65536;
/** Bytes before the first vector: results of multi-value kernels. */
const SCRATCH = 64;
/** The largest memory asked for (wasm32 addresses; a margin below 4 GiB). */
const MAX_BYTES = 2 ** 32 - 2 * PAGE;

/** Plain arenas to hand out, without trying, after a WebAssembly memory could not be had. */
const BACK_OFF = 100;
let backOff = 0;

/** Checks a requested vector length against the arena's n and the vectors left. */
function checkRequest(len: number, n: number, left: number): void {
  if (!Number.isInteger(len) || len < 0 || len > n)
    throw new RangeError(`vectorArena: a vector's length must be an integer 0…${n}, got ${len}`);
  if (left <= 0) throw new RangeError('vectorArena: no room left for a vector');
}

/** A plain arena: Float64Arrays and the TypeScript kernels. */
function plainArena(n: number, count: number): VectorArena {
  let left = count;
  return {
    kernels: jsKernels,
    vector(len = n) {
      checkRequest(len, n, left--);
      return new Float64Array(len);
    },
    offsetOf: () => -1,
  };
}

/**
 * An arena for `count` vectors of length n. With `simd` (see {@link SimdOption}) and
 * where WebAssembly SIMD runs, the vectors are views of one WebAssembly memory (each
 * 32-byte aligned) and the kernels run as SIMD on them; any vector from elsewhere
 * falls back to the TypeScript kernels, with the same results. Otherwise (or when
 * the memory cannot be had) the vectors are plain Float64Arrays.
 *
 * @example
 * const arena = vectorArena(n, 3);
 * const [x, g, d] = [arena.vector(), arena.vector(), arena.vector()];
 * arena.kernels.pointAlong(x, 0.5, d, x);
 */
export function vectorArena(n: number, count: number, simd: SimdOption = 'auto'): VectorArena {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`vectorArena: n must be an integer >= 1, got ${String(n)}`);
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError(`vectorArena: count must be an integer >= 0, got ${String(count)}`);
  const module = simd === false || (simd === 'auto' && n < SIMD_MIN_LENGTH) ? null : kernelModule();
  const stride = Math.ceil((8 * n) / 32) * 32;
  const bytes = SCRATCH + count * stride;
  if (module === null || bytes > MAX_BYTES) return plainArena(n, count);
  if (backOff > 0) {
    backOff--;
    return plainArena(n, count);
  }
  let memory: WebAssembly.Memory;
  let w: KernelExports;
  try {
    memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / PAGE) });
    w = new WebAssembly.Instance(module, { e: { m: memory } }).exports as unknown as KernelExports;
  } catch {
    // Out of address space or memory (each WebAssembly memory reserves a large guard
    // region, and V8 collects garbage before it gives up, which takes tens of ms):
    // the next arenas are plain without trying, then one tries again.
    backOff = BACK_OFF;
    return plainArena(n, count);
  }
  const buffer = memory.buffer;
  const results = new Float64Array(buffer, 0, 5);
  let next = SCRATCH;
  let left = count;
  return {
    kernels: simdKernels(buffer, w, results),
    raw: w,
    offsetOf: (v) => (v.buffer === buffer ? v.byteOffset : -1),
    vector(len = n) {
      checkRequest(len, n, left--);
      const v = new Float64Array(buffer, next, len);
      next += stride;
      return v;
    },
  };
}

/**
 * The kernels over one memory: SIMD when every vector lies in it (and the lengths
 * suit), else the TypeScript kernel (which also throws for unequal lengths).
 */
function simdKernels(
  buffer: ArrayBufferLike,
  w: KernelExports,
  results: Float64Array,
): VectorKernels {
  const wDot = w.dot;
  const wAxpyDot = w.axpyDot;
  const wNegAxpyDot = w.negAxpyDot;
  const wScaledAxpyDot = w.scaledAxpyDot;
  const wScaleDot = w.scaleDot;
  const wPointAlong = w.pointAlong;
  const wMaxAbs = w.maxAbs;
  const wSecantPair = w.secantPair;
  const ok = (v: Vector, n: number) => v.buffer === buffer && v.length >= n;
  return Object.freeze({
    simd: true,
    dot(x: Vector, y: Vector): number {
      const n = x.length;
      return ok(x, n) && ok(y, n) ? wDot(x.byteOffset, y.byteOffset, n) : js.dot(x, y);
    },
    axpyDot(a: number, x: Vector, y: Vector, out: Vector, z: Vector): number {
      const n = out.length;
      return ok(x, n) && ok(y, n) && ok(out, n) && ok(z, n)
        ? wAxpyDot(a, x.byteOffset, y.byteOffset, out.byteOffset, z.byteOffset, n)
        : jsKernels.axpyDot(a, x, y, out, z);
    },
    negAxpyDot(a: number, x: Vector, y: Vector, out: Vector, z: Vector): number {
      const n = out.length;
      return ok(x, n) && ok(y, n) && ok(out, n) && ok(z, n)
        ? wNegAxpyDot(a, x.byteOffset, y.byteOffset, out.byteOffset, z.byteOffset, n)
        : jsKernels.negAxpyDot(a, x, y, out, z);
    },
    scaledAxpyDot(a: number, x: Vector, y: Vector, c: number, out: Vector): number {
      const n = out.length;
      return ok(x, n) && ok(y, n) && ok(out, n)
        ? wScaledAxpyDot(a, c, x.byteOffset, y.byteOffset, out.byteOffset, n)
        : jsKernels.scaledAxpyDot(a, x, y, c, out);
    },
    scaleDot(c: number, v: Vector, out: Vector, z: Vector): number {
      const n = out.length;
      return ok(v, n) && ok(out, n) && ok(z, n)
        ? wScaleDot(c, v.byteOffset, out.byteOffset, z.byteOffset, n)
        : js.scaleDot(c, v, out, z);
    },
    pointAlong(x: Vector, t: number, d: Vector, out: Vector): void {
      const n = out.length;
      if (ok(x, n) && ok(d, n) && ok(out, n))
        wPointAlong(t, x.byteOffset, d.byteOffset, out.byteOffset, n);
      else js.pointAlong(x, t, d, out);
    },
    maxAbs(x: Vector): number {
      return x.buffer === buffer ? wMaxAbs(x.byteOffset, x.length) : js.maxAbs(x);
    },
    secantPair(
      xNew: Vector,
      xOld: Vector,
      gNew: Vector,
      gOld: Vector,
      s: Vector,
      y: Vector,
      out: Float64Array,
    ): Float64Array {
      const n = s.length;
      if (!(ok(xNew, n) && ok(xOld, n) && ok(gNew, n) && ok(gOld, n) && ok(y, n) && ok(s, n)))
        return js.secantPair(xNew, xOld, gNew, gOld, s, y, out);
      wSecantPair(
        xNew.byteOffset,
        xOld.byteOffset,
        gNew.byteOffset,
        gOld.byteOffset,
        s.byteOffset,
        y.byteOffset,
        n,
        0,
      );
      out.set(results);
      return out;
    },
  });
}
