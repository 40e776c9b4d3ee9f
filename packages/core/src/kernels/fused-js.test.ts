import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  axpyDot,
  axpyDotInPlace,
  dot,
  maxAbs,
  negAxpyDot,
  negAxpyDotInPlace,
  pointAlong,
  SG_NEW,
  SG_OLD,
  SS,
  SY,
  scaleDot,
  scaledAxpyDot,
  scaledAxpyDotInPlace,
  secantPair,
  YY,
} from './fused-js.js';

const vec = (n: number) =>
  fc.float64Array({
    minLength: n,
    maxLength: n,
    min: -10,
    max: 10,
    noNaN: true,
    noDefaultInfinity: true,
  });
/** Pairs of equal-length vectors, lengths 1–13 (every remainder mod 4). */
const vectors = (k: number) =>
  fc
    .integer({ min: 1, max: 13 })
    .chain((n) => fc.tuple(...Array.from({ length: k }, () => vec(n))));
const naiveDot = (x: Float64Array, y: Float64Array) => x.reduce((s, v, i) => s + v * y[i], 0);
const close = (a: number, b: number, scale: number) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * Math.max(1, scale));

describe('fused kernels', () => {
  it('dot, axpyDot, negAxpyDot, scaledAxpyDot, scaleDot agree with their unfused definitions', () => {
    fc.assert(
      fc.property(vectors(3), fc.double({ min: -3, max: 3, noNaN: true }), ([x, y, z], a) => {
        const n = x.length;
        const scale = 1e3;
        close(dot(x, y), naiveDot(x, y), scale);
        const ref = y.map((v, i) => v + a * x[i]);
        const out = new Float64Array(n);
        close(axpyDot(a, x, y, out, z), naiveDot(z, ref), scale);
        expect(Array.from(out)).toEqual(Array.from(ref));
        close(negAxpyDot(a, x, y, out, z), -naiveDot(z, ref), scale);
        expect(Array.from(out)).toEqual(Array.from(ref.map((v) => -v)));
        const c = 0.5;
        close(
          scaledAxpyDot(a, x, y, c, out),
          naiveDot(
            x,
            ref.map((v) => c * v),
          ),
          scale,
        );
        expect(Array.from(out)).toEqual(Array.from(ref.map((v) => c * v)));
        close(scaleDot(-2, x, out, z), -2 * naiveDot(z, x), scale);
      }),
      { seed: 42, numRuns: 100 },
    );
  });

  it('secantPair writes s, y and inner products equal bit for bit to dot()', () => {
    fc.assert(
      fc.property(vectors(4), ([xn, xo, gn, go]) => {
        const n = xn.length;
        const s = new Float64Array(n);
        const y = new Float64Array(n);
        const p = secantPair(xn, xo, gn, go, s, y, new Float64Array(5));
        expect(Array.from(s)).toEqual(Array.from(xn.map((v, i) => v - xo[i])));
        expect(Array.from(y)).toEqual(Array.from(gn.map((v, i) => v - go[i])));
        // the warm start recomputes these with dot(): they must be the same doubles
        expect(p[SY]).toBe(dot(s, y));
        expect(p[YY]).toBe(dot(y, y));
        expect(p[SG_NEW]).toBe(dot(s, gn));
        close(p[SS], naiveDot(s, s), 1e3);
        close(p[SG_OLD], naiveDot(s, go), 1e3);
      }),
      { seed: 42, numRuns: 100 },
    );
  });

  it('the in-place two-loop kernels equal the general ones bit for bit', () => {
    fc.assert(
      fc.property(vectors(3), fc.double({ min: -3, max: 3, noNaN: true }), ([x, y, z], a) => {
        const same = (f: (q: Float64Array) => number, g: (q: Float64Array) => number) => {
          const q1 = Float64Array.from(y);
          const q2 = Float64Array.from(y);
          expect(Object.is(f(q1), g(q2))).toBe(true);
          expect(q1.every((v, i) => Object.is(v, q2[i]))).toBe(true);
        };
        same(
          (q) => axpyDotInPlace(a, x, q, z),
          (q) => axpyDot(a, x, q, q, z),
        );
        same(
          (q) => negAxpyDotInPlace(a, x, q, z),
          (q) => negAxpyDot(a, x, q, q, z),
        );
        same(
          (q) => scaledAxpyDotInPlace(a, x, q, 0.7),
          (q) => scaledAxpyDot(a, x, q, 0.7, q),
        );
      }),
      { seed: 42, numRuns: 100 },
    );
  });

  it('maxAbs is ‖x‖∞, and NaN exactly when some xᵢ is NaN; pointAlong is x + t·d', () => {
    fc.assert(
      fc.property(vectors(2), fc.double({ min: -3, max: 3, noNaN: true }), ([x, d], t) => {
        expect(maxAbs(x)).toBe(Math.max(...Array.from(x, Math.abs)));
        const out = new Float64Array(x.length);
        pointAlong(x, t, d, out);
        expect(Array.from(out)).toEqual(Array.from(x, (v, i) => v + t * d[i]));
        const k = x.length >> 1;
        const saved = x[k];
        x[k] = Number.NaN;
        expect(maxAbs(x)).toBeNaN();
        x[k] = -Infinity;
        expect(maxAbs(x)).toBe(Infinity);
        x[k] = saved;
      }),
      { seed: 42, numRuns: 100 },
    );
    expect(maxAbs(new Float64Array(0))).toBe(0);
  });

  it('scaledAxpyDot with out = x reads each xᵢ before writing it (blocks and tail alike)', () => {
    fc.assert(
      fc.property(vectors(2), ([x, y]) => {
        const separate = new Float64Array(x.length);
        const r1 = scaledAxpyDot(0.3, x, y, 1.7, separate);
        const r2 = scaledAxpyDot(0.3, x, y, 1.7, x);
        expect(Object.is(r1, r2)).toBe(true);
        expect(Array.from(x)).toEqual(Array.from(separate));
      }),
      { seed: 42, numRuns: 100 },
    );
  });
});
