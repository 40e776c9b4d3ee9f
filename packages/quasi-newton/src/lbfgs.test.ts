import { type Checkpoint, dot, run, runAsync, start } from '@hessian/core';
import { backtracking, moreThuente } from '@hessian/line-search';
import { getProblem } from '@hessian/problems';
import { describe, expect, it } from 'vitest';
import { lbfgs } from './lbfgs.js';
import { type LbfgsInverseHessian, pairsOfOperator } from './memory.js';
import {
  expectResumesBitForBit,
  failingOn,
  iterates,
  relativeError,
  rosenbrock2,
} from './test-helpers.js';

describe('lbfgs', () => {
  it('converges on Rosenbrock and on extended Rosenbrock (n = 100) with its ring buffers wrapping', () => {
    for (const m of [1, 2, 10]) {
      const r = run(lbfgs({ memory: m }), rosenbrock2, [-1.2, 1], {
        gradientTolerance: 1e-9,
        maxIterations: 5000,
      });
      expect(r.status).toBe('converged-gradient');
      expect(r.x[0]).toBeCloseTo(1, 7);
      expect(r.x[1]).toBeCloseTo(1, 7);
    }
    const p = getProblem('extended-rosenbrock', { n: 100 });
    const r = run(lbfgs({ memory: 5 }), p, p.x0, { gradientTolerance: 1e-8 });
    expect(r.status).toBe('converged-gradient');
    expect(r.value).toBeLessThan(1e-12);
  });

  it('the final operator satisfies the secant equation H y = s for the last step', () => {
    const p = getProblem('extended-rosenbrock', { n: 20 });
    const { r, xs, gs } = iterates(lbfgs({ memory: 4 }), p, p.x0, { maxIterations: 17 });
    const k = xs.length - 1;
    const s = Float64Array.from(xs[k], (v, i) => v - xs[k - 1][i]);
    const y = Float64Array.from(gs[k], (v, i) => v - gs[k - 1][i]);
    const H = r.extra!.inverseHessian as LbfgsInverseHessian;
    expect(H.pairs).toBe(4);
    expect(H.gamma).toBeCloseTo(dot(s, y) / dot(y, y), 12);
    expect(relativeError(H.apply(y), s)).toBeLessThan(1e-10);
    expect(() => H.apply([1, 2])).toThrow(
      new RangeError('inverseHessian.apply: v must have length 20, got 2'),
    );
  });

  it('WebAssembly SIMD kernels (simd: true) give the same iterates as TypeScript (simd: false), bit for bit', () => {
    // n mod 4 = 2 and 1: the kernels' tails; damping takes the full secant pass
    const cases = [
      { name: 'extended-rosenbrock', n: 258, damping: false },
      { name: 'tridia', n: 301, damping: true },
      { name: 'dixmaana', n: 297, damping: false },
    ];
    for (const c of cases) {
      const p = getProblem(c.name, { n: c.n });
      const opts = { maxIterations: 60, gradientTolerance: 1e-9 };
      const a = iterates(lbfgs({ memory: 5, damping: c.damping, simd: true }), p, p.x0, opts);
      const b = iterates(lbfgs({ memory: 5, damping: c.damping, simd: false }), p, p.x0, opts);
      expect(a.xs.length).toBeGreaterThan(10); // past memory 5: the ring buffers wrap
      expect(a.xs).toEqual(b.xs);
      expect(a.gs).toEqual(b.gs);
      expect(a.r.evaluations).toEqual(b.r.evaluations);
      // the operator of a SIMD run (its pairs live in WebAssembly memory) applies H alike
      const v = Float64Array.from({ length: c.n }, (_, i) => Math.sin(i));
      const Ha = (a.r.extra!.inverseHessian as LbfgsInverseHessian).apply(v);
      const Hb = (b.r.extra!.inverseHessian as LbfgsInverseHessian).apply(v);
      expect(Array.from(Ha)).toEqual(Array.from(Hb));
      // and it holds its pairs in plain arrays: a kept result does not keep the run's memory
      const pairs = pairsOfOperator(a.r.extra!.inverseHessian)!;
      expect(pairs.length).toBe(5);
      for (const { s, y } of pairs) {
        expect(s.buffer.byteLength).toBe(8 * c.n);
        expect(y.buffer.byteLength).toBe(8 * c.n);
      }
    }
    // and a SIMD run resumes from a TypeScript run's checkpoint (and back) without a seam
    const p = getProblem('extended-rosenbrock', { n: 258 });
    let saved: Checkpoint | undefined;
    run(lbfgs({ memory: 4, simd: false }), p, p.x0, {
      gradientTolerance: 0,
      onIteration: (it) => {
        if (it.iteration < 12) return;
        saved = JSON.parse(JSON.stringify(it.checkpoint!())) as Checkpoint;
        return 'stop';
      },
    });
    const opts = { maxIterations: 30, gradientTolerance: 0 };
    const whole = run(lbfgs({ memory: 4, simd: false }), p, p.x0, opts);
    const rest = run(lbfgs({ memory: 4, simd: true }), p, undefined, { ...opts, resume: saved });
    expect(Array.from(rest.x)).toEqual(Array.from(whole.x));
    expect(() => lbfgs({ simd: 'yes' as never })).toThrow(
      new TypeError("lbfgs: simd must be true, false or 'auto', got yes"),
    );
  });

  it('a warm start resumes where a run left off: a run split in two gives the same iterates, bit for bit', () => {
    const p = getProblem('extended-rosenbrock', { n: 30 });
    const whole = iterates(lbfgs({ memory: 5 }), p, p.x0, {
      maxIterations: 40,
      gradientTolerance: 0,
    });
    expect(whole.xs.length).toBe(41);
    const first = run(lbfgs({ memory: 5 }), p, p.x0, { maxIterations: 15, gradientTolerance: 0 });
    expect(Array.from(first.x)).toEqual(Array.from(whole.xs[15]));
    const H = first.extra!.inverseHessian as LbfgsInverseHessian;
    for (const warmStart of [H, H.toJSON(), JSON.stringify(H)]) {
      const second = iterates(lbfgs({ memory: 5, warmStart }), p, first.x, {
        maxIterations: 25,
        gradientTolerance: 0,
      });
      expect(second.xs.length).toBe(26);
      for (let k = 0; k <= 25; k++)
        expect(Array.from(second.xs[k])).toEqual(Array.from(whole.xs[15 + k]));
    }
  });

  it('stopped after any iteration and resumed from its JSON checkpoint: the same run, bit for bit', () => {
    // n = 30 (not a multiple of the four lanes), memory 5: the ring buffers wrap.
    const p = getProblem('extended-rosenbrock', { n: 30 });
    const options = { maxIterations: 200, gradientTolerance: 1e-10 };
    const { full, checkpoints } = expectResumesBitForBit(
      () => lbfgs({ memory: 5 }),
      p,
      p.x0,
      options,
    );
    expect(full.status).toBe('converged-gradient');
    expect(checkpoints[0].state).toEqual({ memory: { pairs: [], gamma: 1 }, newestDot: 'NaN' });
    const state = checkpoints[20].state as {
      memory: { pairs: { s: number[]; y: number[]; rho: number }[]; gamma: number };
      newestDot: number;
    };
    expect(state.memory.pairs).toHaveLength(5);
    expect(typeof state.newestDot).toBe('number');
    // The stored 1/sᵀy of each pair and gamma of the newest one.
    const newest = state.memory.pairs[4];
    expect(state.memory.gamma).toBeCloseTo(
      dot(Float64Array.from(newest.s), Float64Array.from(newest.y)) /
        dot(Float64Array.from(newest.y), Float64Array.from(newest.y)),
      12,
    );
    for (const pair of state.memory.pairs)
      expect(pair.rho * dot(Float64Array.from(pair.s), Float64Array.from(pair.y))).toBeCloseTo(
        1,
        12,
      );
    // Memory 1, a value-only line search, Powell damping, skipped pairs (skipTolerance 0.5:
    // newestDot is then NaN, saved as 'NaN'), and a warm start.
    const warmStart = run(lbfgs({ memory: 3 }), rosenbrock2, [-1.2, 1], { maxIterations: 6 }).extra!
      .inverseHessian as LbfgsInverseHessian;
    const ks = [0, 1, 2, 5, 10, 20];
    for (const make of [
      () => lbfgs({ memory: 1 }),
      () => lbfgs({ lineSearch: backtracking() }),
      () => lbfgs({ memory: 3, damping: true }),
      () => lbfgs({ skipTolerance: 0.5 }),
      () => lbfgs({ memory: 3, warmStart }),
    ])
      expectResumesBitForBit(make, rosenbrock2, [-1.2, 1], options, ks);
    const skipped = expectResumesBitForBit(
      () => lbfgs({ skipTolerance: 0.5 }),
      rosenbrock2,
      [-1.2, 1],
      options,
      [3],
    );
    expect(skipped.full.trace!.some((row) => row.info?.update === 'skipped')).toBe(true);
  });

  it('resumes before, at and after a reset of the memory on a line-search failure', () => {
    // The 5th search fails: iteration 5 clears the memory and steps along −g (the 6th
    // search). A run resumed after iteration k has made k searches (k + 1 from k = 5 on).
    const p = getProblem('extended-rosenbrock', { n: 10 });
    const make = (k?: number) => {
      const done = k === undefined ? 0 : k < 5 ? k : k + 1;
      return lbfgs({ memory: 3, lineSearch: failingOn([5 - done].filter((c) => c > 0)) });
    };
    const { full, checkpoints } = expectResumesBitForBit(
      make,
      p,
      p.x0,
      { maxIterations: 100, gradientTolerance: 1e-8 },
      [3, 4, 5, 6, 7],
    );
    expect(full.trace![5].info).toEqual({ update: 'reset' });
    // After the reset the memory holds the one pair of the steepest-descent step.
    const pairs = (c: Checkpoint) => (c.state as { memory: { pairs: unknown[] } }).memory.pairs;
    expect(checkpoints.map((c) => pairs(c).length)).toEqual([3, 3, 1, 2, 3]);
  });

  it('rejects a checkpoint state that does not fit, naming what is wrong', () => {
    let saved: Checkpoint | undefined;
    run(lbfgs({ memory: 4 }), rosenbrock2, [-1.2, 1], {
      onIteration: (r) => {
        if (r.iteration === 3) {
          saved = r.checkpoint!();
          return 'stop';
        }
      },
    });
    const state = saved!.state as { memory: { pairs: unknown[] }; newestDot: unknown };
    const cause = (method: ReturnType<typeof lbfgs>, s: unknown) =>
      (run(method, rosenbrock2, undefined, { resume: { ...saved!, state: s } }).cause as Error)
        .message;
    expect(cause(lbfgs({ memory: 2 }), state)).toBe(
      'lbfgs: state.memory.pairs holds 3 pairs, more than memory (2)',
    );
    expect(cause(lbfgs({ memory: 4 }), { ...state, newestDot: null })).toBe(
      "lbfgs: state.newestDot must be a number (or 'NaN', '±Infinity', '-0'), got null",
    );
    expect(
      cause(lbfgs({ memory: 4 }), {
        ...state,
        memory: { ...state.memory, pairs: [{ s: [1], y: [1, 2], rho: 1 }] },
      }),
    ).toBe('lbfgs: state.memory.pairs[0].s must have length 2, got length 1');
    expect(cause(lbfgs({ memory: 4 }), { newestDot: 0 })).toBe('lbfgs: state.memory is missing');
  });

  it('gives the same iterates through run, runAsync and the ask/tell form', async () => {
    const p = getProblem('extended-rosenbrock', { n: 10 });
    const a = run(lbfgs({ memory: 3 }), p, p.x0, { maxIterations: 12 });
    const b = await runAsync(lbfgs({ memory: 3 }), p, p.x0, { maxIterations: 12 });
    const opt = start(lbfgs({ memory: 3 }), p.x0, { maxIterations: 12 });
    for (let q = opt.ask(); q; q = opt.ask()) {
      if (q.op !== 'gradient') throw new Error(`unexpected request ${q.op}`);
      opt.tell(p.valueAndGradient(q.x, q.out) as number);
    }
    expect(Array.from(b.x)).toEqual(Array.from(a.x));
    expect(Array.from(opt.result().x)).toEqual(Array.from(a.x));
    expect(opt.result().evaluations).toEqual(a.evaluations);
  });

  it('a warm start with more pairs than memory keeps the newest ones', () => {
    const p = getProblem('extended-rosenbrock', { n: 10 });
    const first = run(lbfgs({ memory: 8 }), p, p.x0, { maxIterations: 12 });
    const H = first.extra!.inverseHessian as LbfgsInverseHessian;
    expect(H.pairs).toBe(8);
    const second = run(lbfgs({ memory: 3, warmStart: H }), p, first.x, { maxIterations: 0 });
    const kept = second.extra!.inverseHessian as LbfgsInverseHessian;
    expect(kept.pairs).toBe(3);
    expect(kept.toJSON().pairs).toEqual(H.toJSON().pairs.slice(-3));
  });

  it('on a line-search failure, resets the memory once and retries along −g', () => {
    const p = getProblem('extended-rosenbrock', { n: 10 });
    const ls = failingOn([5]);
    const r = run(lbfgs({ lineSearch: ls }), p, p.x0, { trace: true, gradientTolerance: 1e-8 });
    expect(r.status).toBe('converged-gradient');
    expect(r.trace![5].info).toEqual({ update: 'reset' });
    // fails again along −g: the run ends with the last good point
    const ls2 = failingOn([5, 6]);
    const r2 = run(lbfgs({ lineSearch: ls2 }), p, p.x0, { trace: true });
    expect(r2.status).toBe('line-search-failed');
    expect(r2.message).toBe(
      'lbfgs: the line search (failing) found no acceptable step along steepest descent after a reset of the quasi-Newton approximation (status max-evaluations).',
    );
    expect(r2.iterations).toBe(4);
    expect(ls2.calls).toBe(6);
    expect(r2.value).toBe(r2.trace![4].value);
    // the first step is already steepest descent from an empty memory: no retry
    const ls3 = failingOn([1]);
    const r3 = run(lbfgs({ lineSearch: ls3 }), p, p.x0);
    expect(r3.status).toBe('line-search-failed');
    expect(ls3.calls).toBe(1);
    expect(r3.message).toBe(
      'lbfgs: the line search (failing) found no acceptable step along steepest descent (status max-evaluations).',
    );
  });

  it('ends with non-finite when f is not finite at x0, and reports the start first', () => {
    const r = run(lbfgs(), { value: () => Number.NaN, gradient: () => [0] }, [1]);
    expect(r.status).toBe('non-finite');
    const t = run(lbfgs(), rosenbrock2, [-1.2, 1], { trace: true, maxIterations: 2 });
    expect(t.trace!.map((row) => row.iteration)).toEqual([0, 1, 2]);
  });

  it('rejects a warm start of another dimension when the run starts', () => {
    const H = run(lbfgs(), rosenbrock2, [-1.2, 1], { maxIterations: 3 }).extra!
      .inverseHessian as LbfgsInverseHessian;
    const r = run(
      lbfgs({ warmStart: H }),
      getProblem('extended-rosenbrock', { n: 4 }),
      [1, 2, 3, 4],
    );
    expect(r.status).toBe('evaluation-error');
    expect((r.cause as Error).message).toBe(
      'lbfgs: warmStart has dimension 2, the problem has dimension 4',
    );
  });

  it('validates options with exact messages', () => {
    expect(() => lbfgs({ memory: 0 })).toThrow(
      new RangeError('lbfgs: memory must be an integer >= 1, got 0'),
    );
    expect(() => lbfgs({ memory: 2.5 })).toThrow(
      new RangeError('lbfgs: memory must be an integer >= 1, got 2.5'),
    );
    expect(() => lbfgs({ memory: '5' as never })).toThrow(
      new RangeError('lbfgs: memory must be an integer >= 1, got a string'),
    );
    expect(() => lbfgs({ skipTolerance: Number.NaN })).toThrow(
      new RangeError('lbfgs: skipTolerance must be a number in [0, 1), got NaN'),
    );
    expect(() => lbfgs({ damping: 'no' as never })).toThrow(
      new TypeError('lbfgs: damping must be a boolean, got a string'),
    );
    expect(() => lbfgs({ lineSearch: moreThuente } as never)).toThrow(
      new TypeError(
        'lbfgs: lineSearch must be a LineSearch { name, usesSlope, search }, got a function',
      ),
    );
    expect(() => lbfgs({ warmStart: 'not json' })).toThrow(TypeError);
    expect(() => lbfgs({ m: 5 } as never)).toThrow(
      new TypeError(
        "lbfgs: unknown option 'm' (known: memory, lineSearch, skipTolerance, damping, warmStart, simd)",
      ),
    );
  });
});
