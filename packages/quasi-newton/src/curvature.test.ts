import { type CurvatureProvider, DenseMatrix, dot, matVec, type Program } from '@hessian/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bfgsCurvature, CompactLbfgs, lbfgsCurvature, sr1Curvature } from './curvature.js';
import { bfgsDirectUpdate, setScaledIdentity, symmetricProduct } from './dense.js';
import { pairsOf, relativeError, secantPairs } from './test-helpers.js';

const context = (n: number) => ({
  dimension: n,
  capabilities: { gradient: true, hessian: false, hvp: false },
});

/** Runs a provider program that must not yield: its first step is its end. */
function pure(p: Program<number>): number {
  const r = p.next(0);
  if (!r.done) throw new Error(`the provider yielded a request: ${JSON.stringify(r.value.op)}`);
  return r.value;
}

function hvp(provider: CurvatureProvider, v: Float64Array): Float64Array {
  const out = new Float64Array(v.length);
  expect(pure(provider.hvp(v, v, out))).toBe(0);
  return out;
}

const SOURCES = {
  bfgsCurvature: () => bfgsCurvature(),
  'bfgsCurvature (damping)': () => bfgsCurvature({ damping: true }),
  sr1Curvature: () => sr1Curvature(),
  lbfgsCurvature: () => lbfgsCurvature({ memory: 3 }),
  'lbfgsCurvature (damping)': () => lbfgsCurvature({ memory: 3, damping: true }),
};

describe('quasi-Newton curvature providers', () => {
  for (const [name, make] of Object.entries(SOURCES)) {
    const damped = name.includes('damping');
    it(`${name}: B = I before the first update, B s = y after every update, no requests`, () => {
      fc.assert(
        fc.property(secantPairs(10), (sample) => {
          const n = sample.n;
          const provider = make().create(context(n));
          const v = Float64Array.from({ length: n }, (_, i) => i - 0.5);
          expect(Array.from(hvp(provider, v))).toEqual(Array.from(v));
          let first = true;
          for (const { s, y } of pairsOf(sample)) {
            const before = hvp(provider, s);
            const sy = dot(s, y);
            const ss = dot(s, s);
            const yy = dot(y, y);
            // sᵀBs of the B the update starts from (bfgsCurvature scales B₀ first)
            const sBs = first && name.startsWith('bfgs') ? (yy / sy) * ss : dot(s, before);
            provider.update!(s, y);
            first = false;
            const Bs = hvp(provider, s);
            if (damped && sy < 0.2 * sBs) {
              // Powell: B s = r with sᵀr = 0.2 sᵀBs (Procedure 18.2)
              expect(dot(s, Bs) / (0.2 * sBs)).toBeCloseTo(1, 6);
              continue;
            }
            // y = A s with A SPD: every pair has sᵀy > 0, but SR1 may skip by (6.26)
            const unchanged = relativeError(Bs, before) === 0;
            if (!(name === 'sr1Curvature' && unchanged))
              expect(relativeError(Bs, y)).toBeLessThan(1e-7);
          }
        }),
        { seed: 42, numRuns: 100 },
      );
    });
  }

  it('bfgsCurvature scales B₀ to (yᵀy/sᵀy)·I at the first update and stays symmetric positive definite', () => {
    const provider = bfgsCurvature().create(context(2));
    const s = Float64Array.of(1, 0);
    const y = Float64Array.of(4, 1);
    provider.update!(s, y);
    const H = new DenseMatrix(2, 2);
    pure(provider.hessian!(s, H));
    // B₀ = (17/4) I, then B s = y; the direction orthogonal to s keeps its B₀ curvature in part
    const Bs = matVec(H, s, new Float64Array(2));
    expect(relativeError(Bs, y)).toBeLessThan(1e-15);
    expect(H.get(0, 1)).toBe(H.get(1, 0));
    expect(H.get(0, 0) * H.get(1, 1) - H.get(0, 1) ** 2).toBeGreaterThan(0);
    // a pair with negative curvature is skipped
    const before = H.clone();
    provider.update!(Float64Array.of(0, 1), Float64Array.of(0, -1));
    pure(provider.hessian!(s, H));
    expect(Array.from(H.data)).toEqual(Array.from(before.data));
  });

  it('bfgsCurvature with damping learns from a pair with sᵀy < 0 and keeps B positive definite', () => {
    const provider = bfgsCurvature({ damping: true }).create(context(2));
    provider.update!(Float64Array.of(1, 0), Float64Array.of(2, 0)); // B₀ = 2I
    provider.update!(Float64Array.of(0, 1), Float64Array.of(0, -1));
    const H = new DenseMatrix(2, 2);
    pure(provider.hessian!(Float64Array.of(0, 0), H));
    // r = 0.2·sᵀBs: B e₂ has curvature 0.2·2 = 0.4 along e₂
    expect(H.get(1, 1)).toBeCloseTo(0.4, 12);
  });

  it('sr1Curvature skips the update when |sᵀ(y − Bs)| < r‖s‖‖y − Bs‖ (6.26)', () => {
    const provider = sr1Curvature({ initialScaling: false }).create(context(2));
    // y − Bs = (0, 1) ⊥ s = (1, 0): the update is skipped
    provider.update!(Float64Array.of(1, 0), Float64Array.of(1, 1));
    expect(Array.from(hvp(provider, Float64Array.of(0, 1)))).toEqual([0, 1]);
    // an indefinite pair is learned: SR1 may leave positive definiteness
    provider.update!(Float64Array.of(0, 1), Float64Array.of(0, -2));
    expect(Array.from(hvp(provider, Float64Array.of(0, 1)))).toEqual([0, -2]);
  });

  it('lbfgsCurvature (compact form 7.24) equals m dense BFGS updates from δI', () => {
    fc.assert(
      fc.property(secantPairs(8), fc.integer({ min: 1, max: 4 }), (sample, m) => {
        const n = sample.n;
        const pairs = pairsOf(sample);
        fc.pre(pairs.length > 0);
        const provider = lbfgsCurvature({ memory: m }).create(context(n));
        for (const { s, y } of pairs) provider.update!(s, y);
        const kept = pairs.slice(-m);
        const last = kept[kept.length - 1];
        const B = setScaledIdentity(
          new DenseMatrix(n, n),
          dot(last.y, last.y) / dot(last.s, last.y),
        );
        const Bs = new Float64Array(n);
        for (const { s, y } of kept) {
          const sBs = symmetricProduct(B, s, Bs);
          bfgsDirectUpdate(B, y, dot(s, y), Bs, sBs);
        }
        const v = Float64Array.from({ length: n }, (_, i) => Math.cos(i));
        expect(relativeError(hvp(provider, v), matVec(B, v, new Float64Array(n)))).toBeLessThan(
          1e-7,
        );
      }),
      { seed: 42, numRuns: 100 },
    );
  });

  for (const [name, make] of Object.entries(SOURCES))
    it(`${name}: checkpoint() sent through JSON and restore()d into a fresh provider goes on bit for bit`, () => {
      fc.assert(
        fc.property(secantPairs(12), fc.nat(), (sample, at) => {
          const n = sample.n;
          // Every third pair with sᵀy < 0: skipped (or Powell-damped), SR1 learns it.
          const pairs = pairsOf(sample).map(({ s, y }, i) =>
            i % 3 === 2 ? { s, y: y.map((v) => -v) } : { s, y },
          );
          const split = pairs.length === 0 ? 0 : at % (pairs.length + 1);
          const whole = make().create(context(n));
          const first = make().create(context(n));
          for (const { s, y } of pairs) whole.update!(s, y);
          for (const { s, y } of pairs.slice(0, split)) first.update!(s, y);
          const resumed = make().create(context(n));
          resumed.restore!(JSON.parse(JSON.stringify(first.checkpoint!())));
          for (const { s, y } of pairs.slice(split)) resumed.update!(s, y);
          for (const v of [
            Float64Array.from({ length: n }, (_, i) => Math.cos(i + 1)),
            ...pairs.map((p) => p.s),
          ])
            expect(Array.from(hvp(resumed, v))).toEqual(Array.from(hvp(whole, v)));
          if (whole.hessian) {
            const a = new DenseMatrix(n, n);
            const b = new DenseMatrix(n, n);
            pure(whole.hessian(a.data, a));
            pure(resumed.hessian!(b.data, b));
            expect(Array.from(b.data)).toEqual(Array.from(a.data));
          }
          expect(resumed.checkpoint!()).toEqual(whole.checkpoint!());
        }),
        { seed: 42, numRuns: 100 },
      );
    });

  it('restore() rejects a state that does not fit, naming what is wrong', () => {
    const restore = (source: ReturnType<typeof bfgsCurvature>, state: unknown) => () =>
      source.create(context(2)).restore!(state);
    expect(restore(bfgsCurvature(), { B: [1, 0, 0], updated: true })).toThrow(
      new RangeError('bfgsCurvature: state.B must have length 4, got length 3'),
    );
    expect(restore(bfgsCurvature(), { B: [1, 0, 0, 1] })).toThrow(
      new TypeError('bfgsCurvature: state.updated is missing'),
    );
    expect(restore(sr1Curvature(), { B: [1, 0, 0, 1], scaled: 1 })).toThrow(
      new TypeError('sr1Curvature: state.scaled must be a boolean, got the number 1'),
    );
    expect(restore(sr1Curvature(), 'B')).toThrow(
      new TypeError('sr1Curvature: state must be an object, got a string'),
    );
    const pair = { s: [1, 0], y: [2, 0] };
    expect(restore(lbfgsCurvature({ memory: 1 }), { pairs: [pair, pair], delta: 2 })).toThrow(
      new RangeError('lbfgsCurvature: state.pairs holds 2 pairs, more than memory (1)'),
    );
    expect(restore(lbfgsCurvature(), { pairs: [pair], delta: -1 })).toThrow(
      new RangeError(
        'lbfgsCurvature: state: the pairs and delta do not give a positive definite middle matrix',
      ),
    );
    expect(restore(lbfgsCurvature(), { pairs: [{ s: [1, 0], y: [2] }], delta: 2 })).toThrow(
      new RangeError('lbfgsCurvature: state.pairs[0].y must have length 2, got length 1'),
    );
  });

  it('lbfgsCurvature: a pair that would make the middle matrix singular leaves B as it was', () => {
    // Memory full (m = 2); the third pair gives δ = yᵀy/sᵀy = 1e-310 and δ sᵀs = ∞: the
    // factorization of the window [pair 2, pair 3] fails at its second column.
    const c = new CompactLbfgs(2, 2);
    expect(c.add(Float64Array.of(1, 0), Float64Array.of(2, 0))).toBe(true);
    expect(c.add(Float64Array.of(0, 1), Float64Array.of(0, 3))).toBe(true);
    const v = Float64Array.of(0.3, -0.7);
    const before = Array.from(c.multiply(v, new Float64Array(2)));
    expect(c.add(Float64Array.of(1e155, 0), Float64Array.of(1e-155, 0))).toBe(false);
    expect(c.count).toBe(2);
    expect(Array.from(c.multiply(v, new Float64Array(2)))).toEqual(before);
    // B = diag(2, 3) from these two pairs (B s = y for both, δ = 3)
    expect(before[0]).toBeCloseTo(0.6, 12);
    expect(before[1]).toBeCloseTo(-2.1, 12);
  });

  it('validates options with exact messages', () => {
    expect(() => lbfgsCurvature({ memory: 0 })).toThrow(
      new RangeError('lbfgsCurvature: memory must be an integer >= 1, got 0'),
    );
    expect(() => sr1Curvature({ skipTolerance: 1 })).toThrow(
      new RangeError('sr1Curvature: skipTolerance must be a number in [0, 1), got 1'),
    );
    expect(() => bfgsCurvature({ damping: 'yes' as unknown as boolean })).toThrow(
      new TypeError('bfgsCurvature: damping must be a boolean, got a string'),
    );
    expect(() => bfgsCurvature({ dampng: true } as never)).toThrow(
      "bfgsCurvature: unknown option 'dampng' (known: skipTolerance, damping, initialScaling)",
    );
    const p = bfgsCurvature().create(context(2));
    expect(() => p.update!(new Float64Array(3), new Float64Array(2))).toThrow(
      'bfgsCurvature.update: step must have length 2, got length 3',
    );
    expect(bfgsCurvature().dense).toBe(true);
    expect(sr1Curvature().kind).toBe('sr1');
    expect(lbfgsCurvature().dense).toBe(false);
  });
});
