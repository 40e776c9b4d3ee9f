import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  SIMD_MIN_LENGTH,
  simdAvailable,
  simdOption,
  type VectorArena,
  vectorArena,
} from './arena.js';
import { kernelModule } from './fused-wasm.js';
import { jsKernels, type VectorKernels } from './vector-kernels.js';
import { assembleModule, F64, FunctionBuilder, I32 } from './wasm-assembler.js';

/** Bitwise equality of doubles (any NaN equals any NaN: payloads may differ; −0 differs from +0). */
const same = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
const sameVector = (a: Float64Array, b: Float64Array) =>
  a.length === b.length && a.every((v, i) => same(v, b[i]));

/** Doubles over many magnitudes, with the special values now and then. */
const element = fc.oneof(
  { weight: 20, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 0, 1e-300) },
);

/**
 * Runs `op` on six arena vectors holding `data` with the given kernels; returns what
 * it returned and the six vectors afterwards.
 */
function runOn(
  arena: VectorArena,
  kernels: VectorKernels,
  data: number[][],
  op: (k: VectorKernels, v: Float64Array[]) => number | Float64Array,
) {
  const v = data.map((d) => {
    const x = arena.vector(d.length);
    x.set(d);
    return x;
  });
  const r = op(kernels, v);
  return {
    r: typeof r === 'number' ? r : Float64Array.from(r),
    v: v.map((x) => Float64Array.from(x)),
  };
}

const OPS: [string, (k: VectorKernels, v: Float64Array[]) => number | Float64Array][] = [
  ['dot', (k, v) => k.dot(v[0], v[1])],
  ['axpyDot', (k, v) => k.axpyDot(0.37, v[0], v[1], v[2], v[3])],
  ['axpyDot in place', (k, v) => k.axpyDot(-1.3, v[0], v[2], v[2], v[3])],
  ['negAxpyDot', (k, v) => k.negAxpyDot(0.37, v[0], v[1], v[2], v[3])],
  ['negAxpyDot in place', (k, v) => k.negAxpyDot(2.5, v[0], v[2], v[2], v[1])],
  ['scaledAxpyDot', (k, v) => k.scaledAxpyDot(0.37, v[0], v[1], 1.7, v[2])],
  ['scaledAxpyDot in place', (k, v) => k.scaledAxpyDot(-0.2, v[0], v[2], 3.1, v[2])],
  ['scaledAxpyDot with out = x', (k, v) => k.scaledAxpyDot(0.37, v[2], v[1], 1.7, v[2])],
  ['axpyDot with out = x', (k, v) => k.axpyDot(0.37, v[2], v[1], v[2], v[3])],
  ['axpyDot with out = z', (k, v) => k.axpyDot(0.37, v[0], v[1], v[2], v[2])],
  ['scaleDot', (k, v) => k.scaleDot(-1, v[0], v[2], v[0])],
  ['scaleDot in place', (k, v) => k.scaleDot(-1, v[2], v[2], v[2])],
  [
    'pointAlong',
    (k, v) => {
      k.pointAlong(v[0], 0.7, v[1], v[2]);
      return 0;
    },
  ],
  ['maxAbs', (k, v) => k.maxAbs(v[3])],
  ['secantPair', (k, v) => k.secantPair(v[0], v[1], v[2], v[3], v[4], v[5], new Float64Array(5))],
];

/** The results and every vector agree bit for bit. */
function expectSame(a: ReturnType<typeof runOn>, b: ReturnType<typeof runOn>): void {
  if (typeof a.r === 'number') expect(same(a.r, b.r as number)).toBe(true);
  else expect(sameVector(a.r, b.r as Float64Array)).toBe(true);
  for (let i = 0; i < a.v.length; i++) expect(sameVector(a.v[i], b.v[i])).toBe(true);
}

describe('WebAssembly SIMD kernels', () => {
  it('run on this Node.js (so the tests below test them, not the fallback)', () => {
    expect(simdAvailable()).toBe(true);
    expect(vectorArena(8, 1, true).kernels.simd).toBe(true);
  });

  it.each(OPS)(
    '%s equals the TypeScript kernel bit for bit (n = 0…41, NaN/∞/−0 included)',
    (_, op) => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 41 }).chain((n) =>
            fc.array(fc.array(element, { minLength: n, maxLength: n }), {
              minLength: 6,
              maxLength: 6,
            }),
          ),
          (data) => {
            const n = data[0].length;
            const simd = vectorArena(n, 6, true);
            const a = runOn(simd, simd.kernels, data, op);
            const b = runOn(vectorArena(n, 6, false), jsKernels, data, op);
            expectSame(a, b);
          },
        ),
        { seed: 7, numRuns: 60 },
      );
    },
  );

  it('give the same results at a large n (every lane and the tail of 1003 elements)', () => {
    const n = 1003;
    const data = Array.from({ length: 6 }, (_, j) =>
      Array.from({ length: n }, (_, i) => Math.sin(1.3 * i + j) * 10 ** ((i % 7) - 3)),
    );
    const simd = vectorArena(n, 6 * OPS.length, true);
    const plain = vectorArena(n, 6 * OPS.length, false);
    for (const [, op] of OPS) {
      const a = runOn(simd, simd.kernels, data, op);
      const b = runOn(plain, jsKernels, data, op);
      expectSame(a, b);
    }
  });

  it('fall back to the TypeScript kernels for vectors outside the arena, with their errors', () => {
    const arena = vectorArena(5, 2, true);
    const x = arena.vector();
    x.set([1, 2, 3, 4, 5]);
    const y = Float64Array.of(5, 4, 3, 2, 1);
    expect(arena.kernels.dot(x, y)).toBe(jsKernels.dot(x, y));
    expect(arena.offsetOf(y)).toBe(-1);
    expect(arena.offsetOf(x) % 32).toBe(0);
    expect(() => arena.kernels.dot(x, new Float64Array(3))).toThrow(
      new RangeError('dot: vectors of unequal length'),
    );
    expect(() => arena.kernels.axpyDot(1, new Float64Array(2), x, x, x)).toThrow(RangeError);
  });

  it('the raw in-place axpyDot equals axpyDot with y = out', () => {
    const n = 13;
    const arena = vectorArena(n, 3, true);
    const [x, q, z] = [arena.vector(), arena.vector(), arena.vector()];
    for (let i = 0; i < n; i++) [x[i], q[i], z[i]] = [Math.cos(i), Math.sin(i), i - 6];
    const q2 = Float64Array.from(q);
    const r1 = arena.raw!.axpyDotInPlace(
      0.3,
      arena.offsetOf(x),
      arena.offsetOf(q),
      arena.offsetOf(z),
      n,
    );
    const r2 = jsKernels.axpyDot(0.3, x, q2, q2, z);
    expect(same(r1, r2)).toBe(true);
    expect(sameVector(q, q2)).toBe(true);
  });
});

describe('vectorArena', () => {
  it('hands out distinct zero vectors, 32-byte aligned, and says when it is full', () => {
    const arena = vectorArena(3, 2, true);
    const a = arena.vector();
    const b = arena.vector(2);
    expect(Array.from(a)).toEqual([0, 0, 0]);
    expect(b.length).toBe(2);
    expect(arena.offsetOf(b) - arena.offsetOf(a)).toBe(32);
    expect(() => arena.vector()).toThrow(new RangeError('vectorArena: no room left for a vector'));
    for (const a of [vectorArena(3, 1, true), vectorArena(3, 1, false)])
      expect(() => a.vector(4)).toThrow(
        new RangeError("vectorArena: a vector's length must be an integer 0…3, got 4"),
      );
    const plain = vectorArena(3, 1, false);
    plain.vector();
    expect(() => plain.vector()).toThrow(new RangeError('vectorArena: no room left for a vector'));
  });

  it("uses WebAssembly with 'auto' only from n = SIMD_MIN_LENGTH, never with false", () => {
    expect(vectorArena(SIMD_MIN_LENGTH - 1, 1).kernels.simd).toBe(false);
    expect(vectorArena(SIMD_MIN_LENGTH, 1).kernels.simd).toBe(true);
    const plain = vectorArena(SIMD_MIN_LENGTH, 1, false);
    expect(plain.kernels).toBe(jsKernels);
    expect(plain.raw).toBeUndefined();
    expect(plain.offsetOf(plain.vector())).toBe(-1);
  });

  it('falls back to a plain arena when no WebAssembly memory can be had, and stops trying for the next 100', () => {
    const spy = vi.spyOn(WebAssembly, 'Memory').mockImplementation(() => {
      throw new RangeError('WebAssembly.Memory(): could not allocate memory');
    });
    try {
      const first = vectorArena(300, 2, true);
      expect(first.kernels).toBe(jsKernels);
      expect(first.vector().length).toBe(300);
      expect(spy).toHaveBeenCalledTimes(1);
      for (let i = 0; i < 100; i++) expect(vectorArena(300, 2, true).kernels.simd).toBe(false);
      expect(spy).toHaveBeenCalledTimes(1);
      vectorArena(300, 2, true); // tries again
      expect(spy).toHaveBeenCalledTimes(2);
    } finally {
      spy.mockRestore();
    }
    // the back-off that the last failure started ends; then SIMD arenas again
    let simd = false;
    for (let i = 0; i < 102 && !simd; i++) simd = vectorArena(300, 1, true).kernels.simd;
    expect(simd).toBe(true);
  });

  it('rejects bad sizes and options with errors naming them', () => {
    expect(() => vectorArena(0, 1)).toThrow(
      new RangeError('vectorArena: n must be an integer >= 1, got 0'),
    );
    expect(() => vectorArena(2, -1)).toThrow(
      new RangeError('vectorArena: count must be an integer >= 0, got -1'),
    );
    expect(simdOption('lbfgs', undefined)).toBe('auto');
    expect(() => simdOption('lbfgs', 'yes')).toThrow(
      new TypeError("lbfgs: simd must be true, false or 'auto', got yes"),
    );
  });
});

describe('wasm assembler', () => {
  it('encodes LEB128 immediates of every length so that the engine decodes them back', () => {
    const constants = [0, 63, 64, -64, -65, 8191, 8192, -1_000_000, 2 ** 30, -(2 ** 30), 7];
    const f = new FunctionBuilder('sum', [I32], F64);
    f.get(0);
    for (const c of constants) f.i32Const(c).i32Add();
    f.f64ConvertI32S();
    const bytes = assembleModule([f]);
    expect(WebAssembly.validate(bytes)).toBe(true);
    const memory = new WebAssembly.Memory({ initial: 1 });
    const { sum } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { e: { m: memory } })
      .exports as { sum: (x: number) => number };
    expect(sum(5)).toBe(5 + constants.reduce((a, b) => a + b, 0));
    expect(kernelModule()).not.toBeNull();
  });
});
