/**
 * The fused vector kernels as one interface, with two implementations that agree bit
 * for bit: plain TypeScript ({@link jsKernels}, any Float64Array) and WebAssembly SIMD
 * (a {@link VectorArena}'s kernels, for vectors that live in the arena's memory).
 *
 * @packageDocumentation
 */
import type { Vector } from '../vector.js';
import * as js from './fused-js.js';

/**
 * Fused passes over vectors. Every reduction sums in four lanes (i mod 4), combined
 * as (l0 + l1) + (l2 + l3), and every element is computed by the same IEEE operations
 * in the same order in each implementation, so results agree bit for bit.
 * In each kernel, n is the length of the vector written (or of the first argument);
 * the others must be at least as long (RangeError otherwise). An output may be the
 * same array as an input (`out === y` is the usual in-place form); partly overlapping
 * views are not supported. Both implementations read an element's inputs before they
 * write its output, except the reduction partner `z` of `axpyDot`, `negAxpyDot` and
 * `scaleDot`, read after (so with `z === out` they return outᵀout).
 *
 * "Bit for bit" holds for every finite and infinite result and for where NaN appears;
 * the payload bits of a NaN may differ (WebAssembly and V8 pick different operands'
 * payloads when both are NaN).
 */
export interface VectorKernels {
  /** True when the kernels run as WebAssembly SIMD (for vectors in their arena). */
  readonly simd: boolean;
  /** xᵀy. */
  dot(x: Vector, y: Vector): number;
  /** out ← y + a·x; returns zᵀout. */
  axpyDot(a: number, x: Vector, y: Vector, out: Vector, z: Vector): number;
  /** out ← −(y + a·x); returns zᵀout. */
  negAxpyDot(a: number, x: Vector, y: Vector, out: Vector, z: Vector): number;
  /** out ← c·(y + a·x); returns xᵀout. */
  scaledAxpyDot(a: number, x: Vector, y: Vector, c: number, out: Vector): number;
  /** out ← c·v; returns zᵀout. */
  scaleDot(c: number, v: Vector, out: Vector, z: Vector): number;
  /** out ← x + t·d. */
  pointAlong(x: Vector, t: number, d: Vector, out: Vector): void;
  /** max |xᵢ|, NaN when any xᵢ is NaN: ‖x‖∞, finite exactly when x is. */
  maxAbs(x: Vector): number;
  /**
   * s ← x⁺ − x, y ← g⁺ − g, and sᵀy, yᵀy, sᵀs, sᵀg⁺, sᵀg into `out` at {@link SY},
   * {@link YY}, {@link SS}, {@link SG_NEW}, {@link SG_OLD}.
   */
  secantPair(
    xNew: Vector,
    xOld: Vector,
    gNew: Vector,
    gOld: Vector,
    s: Vector,
    y: Vector,
    out: Float64Array,
  ): Float64Array;
}

export { SG_NEW, SG_OLD, SS, SY, YY } from './fused-js.js';

/** The TypeScript kernels: any Float64Array, no setup. */
export const jsKernels: VectorKernels = Object.freeze({
  simd: false,
  dot: js.dot,
  axpyDot: (a: number, x: Vector, y: Vector, out: Vector, z: Vector) =>
    out === y ? js.axpyDotInPlace(a, x, out, z) : js.axpyDot(a, x, y, out, z),
  negAxpyDot: (a: number, x: Vector, y: Vector, out: Vector, z: Vector) =>
    out === y ? js.negAxpyDotInPlace(a, x, out, z) : js.negAxpyDot(a, x, y, out, z),
  scaledAxpyDot: (a: number, x: Vector, y: Vector, c: number, out: Vector) =>
    out === y ? js.scaledAxpyDotInPlace(a, x, out, c) : js.scaledAxpyDot(a, x, y, c, out),
  scaleDot: js.scaleDot,
  pointAlong: js.pointAlong,
  maxAbs: js.maxAbs,
  secantPair: js.secantPair,
});
