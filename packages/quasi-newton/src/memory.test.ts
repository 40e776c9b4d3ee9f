import { DenseMatrix, dot, matVec } from '@hessian/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bfgsInverseUpdate, setScaledIdentity } from './dense.js';
import { parseLbfgsMemory } from './lbfgs.js';
import { LbfgsMemory } from './memory.js';
import { pairsOf, relativeError, secantPairs } from './test-helpers.js';

function memoryOf(n: number, m: number, pairs: { s: Float64Array; y: Float64Array }[]) {
  const mem = new LbfgsMemory(n, m);
  for (const { s, y } of pairs) {
    mem.candidateS().set(s);
    mem.candidateY().set(y);
    mem.commit(dot(s, y), dot(y, y));
  }
  return mem;
}

describe('LbfgsMemory (two-loop recursion, Algorithm 7.4)', () => {
  it('H y = s for the newest pair after every update (secant equation)', () => {
    fc.assert(
      fc.property(secantPairs(12), fc.integer({ min: 1, max: 5 }), (sample, m) => {
        const pairs = pairsOf(sample);
        const mem = new LbfgsMemory(sample.n, m);
        const Hy = new Float64Array(sample.n);
        for (const { s, y } of pairs) {
          mem.candidateS().set(s);
          mem.candidateY().set(y);
          mem.commit(dot(s, y), dot(y, y));
          mem.apply(y, Hy);
          expect(relativeError(Hy, s)).toBeLessThan(1e-8);
        }
      }),
      { seed: 42, numRuns: 100 },
    );
  });

  it('equals the dense BFGS inverse updates of its pairs from H₀ = gamma·I', () => {
    fc.assert(
      fc.property(secantPairs(8), fc.integer({ min: 1, max: 4 }), (sample, m) => {
        const pairs = pairsOf(sample);
        fc.pre(pairs.length > 0);
        const n = sample.n;
        const mem = memoryOf(n, m, pairs);
        const kept = pairs.slice(-m);
        const newest = kept[kept.length - 1];
        const H = setScaledIdentity(
          new DenseMatrix(n, n),
          dot(newest.s, newest.y) / dot(newest.y, newest.y),
        );
        const work = new Float64Array(n);
        for (const { s, y } of kept) bfgsInverseUpdate(H, s, y, dot(s, y), work);
        const v = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1));
        const expected = matVec(H, v, new Float64Array(n));
        expect(relativeError(mem.apply(v, new Float64Array(n)), expected)).toBeLessThan(1e-8);
        // the direction is −H g, and its slope gᵀd
        const d = new Float64Array(n);
        const slope = mem.direction(v, d);
        expect(
          relativeError(
            d,
            expected.map((x) => -x),
          ),
        ).toBeLessThan(1e-8);
        expect(slope).toBeCloseTo(-dot(v, expected), 8);
      }),
      { seed: 42, numRuns: 100 },
    );
  });

  it('keeps the newest m pairs in a ring of m + 1 slots, and clear() gives H = I', () => {
    const n = 3;
    const pairs = [1, 2, 3, 4, 5].map((k) => ({
      s: Float64Array.of(k, 1, 0),
      y: Float64Array.of(2 * k, 1, 1),
    }));
    const mem = memoryOf(n, 2, pairs);
    expect(mem.count).toBe(2);
    expect(Array.from(mem.s(0))).toEqual([4, 1, 0]);
    expect(Array.from(mem.s(1))).toEqual([5, 1, 0]);
    expect(mem.gamma).toBe(dot(pairs[4].s, pairs[4].y) / dot(pairs[4].y, pairs[4].y));
    mem.clear();
    const v = Float64Array.of(1, -2, 3);
    expect(Array.from(mem.apply(v, new Float64Array(n)))).toEqual([1, -2, 3]);
  });

  it('round-trips through JSON bit for bit', () => {
    const pairs = [
      { s: Float64Array.of(0.1, 1 / 3, -2e-7), y: Float64Array.of(0.3, 2 / 3, 1e-7) },
      { s: Float64Array.of(Math.PI, 1, 0), y: Float64Array.of(Math.E, 0.5, 0.25) },
    ];
    const mem = memoryOf(3, 4, pairs);
    const json = JSON.stringify(mem.operator());
    const back = new LbfgsMemory(3, 4);
    back.load(parseLbfgsMemory(json).pairs);
    const v = Float64Array.of(1, 2, 3);
    expect(Array.from(back.apply(v, new Float64Array(3)))).toEqual(
      Array.from(mem.apply(v, new Float64Array(3))),
    );
    expect(back.gamma).toBe(mem.gamma);
  });

  it('save() and restore() keep the memory exactly: the stored 1/sᵀy and gamma, not recomputed ones', () => {
    fc.assert(
      fc.property(secantPairs(10), fc.integer({ min: 1, max: 4 }), (sample, m) => {
        const n = sample.n;
        const mem = new LbfgsMemory(n, m);
        for (const { s, y } of pairsOf(sample)) {
          mem.candidateS().set(s);
          mem.candidateY().set(y);
          // sᵀy one unit in the last place off dot(s, y), as a differently summed pass could give
          const sy = dot(s, y) * (1 + Number.EPSILON);
          mem.commit(sy, dot(y, y));
        }
        const back = new LbfgsMemory(n, m);
        back.restore(JSON.parse(JSON.stringify(mem.save())), 'state');
        expect(back.count).toBe(mem.count);
        expect(back.gamma).toBe(mem.gamma);
        expect(back.save()).toEqual(mem.save());
        const g = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1));
        const d1 = new Float64Array(n);
        const d2 = new Float64Array(n);
        expect(back.direction(g, d2)).toBe(mem.direction(g, d1));
        expect(Array.from(d2)).toEqual(Array.from(d1));
      }),
      { seed: 42, numRuns: 100 },
    );
    const empty = new LbfgsMemory(2, 3).save();
    expect(empty).toEqual({ pairs: [], gamma: 1 });
    const two = memoryOf(2, 3, [
      { s: Float64Array.of(1, 0), y: Float64Array.of(2, 0) },
      { s: Float64Array.of(0, 1), y: Float64Array.of(0, 4) },
    ]).save();
    expect(() => new LbfgsMemory(2, 1).restore(two, 'lbfgs: state.memory')).toThrow(
      new RangeError('lbfgs: state.memory.pairs holds 2 pairs, more than memory (1)'),
    );
    expect(() =>
      new LbfgsMemory(2, 3).restore({ ...two, gamma: undefined }, 'lbfgs: state.memory'),
    ).toThrow("lbfgs: state.memory.gamma must be a number (or 'NaN', '±Infinity', '-0')");
    expect(() =>
      new LbfgsMemory(2, 3).restore({ pairs: [{ s: [1, 0], y: [2, 0] }], gamma: 1 }, 'm'),
    ).toThrow("m.pairs[0].rho must be a number (or 'NaN', '±Infinity', '-0')");
  });

  it('parseLbfgsMemory rejects malformed memories with exact messages', () => {
    const ok = { format: 'hessian/lbfgs-memory', version: 1, dimension: 2, pairs: [] };
    expect(parseLbfgsMemory(ok).pairs).toEqual([]);
    expect(() => parseLbfgsMemory('{')).toThrow(TypeError);
    expect(() => parseLbfgsMemory({ ...ok, format: 'x' })).toThrow(
      "lbfgs: warmStart must have format 'hessian/lbfgs-memory' and version 1, got x version 1",
    );
    expect(() => parseLbfgsMemory({ ...ok, dimension: 0 })).toThrow(
      'lbfgs: warmStart.dimension must be an integer >= 1, got 0',
    );
    expect(() => parseLbfgsMemory({ ...ok, pairs: [{ s: [1], y: [1, 2] }] })).toThrow(
      'lbfgs: warmStart.pairs[0].s must be an array of length 2, got an array of length 1',
    );
    expect(() => parseLbfgsMemory({ ...ok, pairs: [{ s: [1, 0], y: [-1, 0] }] })).toThrow(
      'lbfgs: warmStart.pairs[0] must have sᵀy > 0, got -1',
    );
    expect(() => parseLbfgsMemory({ ...ok, pairs: [{ s: [1, Number.NaN], y: [1, 0] }] })).toThrow(
      'lbfgs: warmStart.pairs[0].s must hold finite numbers, got NaN at index 1',
    );
  });
});
