import { describe, expect, it } from 'vitest';
import { solveCosts, summarize } from './analysis.js';
import {
  dataProfile,
  firstPassingCost,
  fractionAtMost,
  passesConvergenceTest,
  performanceProfile,
  performanceRatios,
  stepPoints,
} from './profiles.js';
import type { BenchmarkResults, RunRecord } from './types.js';

const INF = Infinity;

describe('the Moré–Wild convergence test f ≤ f_L + τ (f(x0) − f_L)', () => {
  it('holds with equality and fails just above the threshold', () => {
    // f0 = 10, f_L = 1, τ = 0.1: threshold 1 + 0.1·9 = 1.9
    expect(passesConvergenceTest(1.9, 10, 1, 0.1)).toBe(true);
    expect(passesConvergenceTest(1.9000001, 10, 1, 0.1)).toBe(false);
    // negative values: f0 = −1, f_L = −11, τ = 0.5: threshold −11 + 0.5·10 = −6
    expect(passesConvergenceTest(-6, -1, -11, 0.5)).toBe(true);
    expect(passesConvergenceTest(-5.9, -1, -11, 0.5)).toBe(false);
  });

  it('gives the cost of the first passing point of a history, ∞ when none passes', () => {
    const h = [
      { cost: 1, value: 10 },
      { cost: 3, value: 5 },
      { cost: 5, value: 1.9 },
      { cost: 7, value: 1.2 },
    ];
    expect(firstPassingCost(h, 10, 1, 0.1)).toBe(5);
    // τ = 1e-3: threshold 1.009; 1.2 never passes
    expect(firstPassingCost(h, 10, 1, 1e-3)).toBe(INF);
    // τ = 1: the start passes (f0 ≤ f_L + f0 − f_L)
    expect(firstPassingCost(h, 10, 1, 1)).toBe(1);
    expect(firstPassingCost([], 10, 1, 0.1)).toBe(INF);
  });
});

describe('Dolan–Moré performance profiles', () => {
  // 4 problems × 3 solvers (A, B, C): a tie on p2, failures (∞), and p4 solved by nobody.
  const t = [
    [10, 20, INF],
    [5, 5, 10],
    [INF, 8, 2],
    [INF, INF, INF],
  ];

  it('ratios r = t / min_s t: ties share ratio 1, failures and unsolved problems are ∞', () => {
    expect(performanceRatios(t)).toEqual([
      [1, 2, INF],
      [1, 1, 2],
      [INF, 4, 1],
      [INF, INF, INF],
    ]);
  });

  it('ρ_s(τ) = |{p : r ≤ τ}| / |P| with |P| = 4 (the unsolved problem counts)', () => {
    const [a, b, c] = performanceProfile(t);
    expect(a.values).toEqual([1, 1]);
    expect(b.values).toEqual([1, 2, 4]);
    expect(c.values).toEqual([1, 2]);
    expect([a, b, c].map((s) => fractionAtMost(s.values, 1, s.problems))).toEqual([
      0.5, 0.25, 0.25,
    ]);
    expect(fractionAtMost(b.values, 2, 4)).toBe(0.5);
    expect(fractionAtMost(b.values, 3.99, 4)).toBe(0.5);
    expect(fractionAtMost(b.values, 4, 4)).toBe(0.75);
    // ρ(∞): the fraction solved at all; A never rises above 1/2
    expect(fractionAtMost(a.values, INF, 4)).toBe(0.5);
    expect(fractionAtMost(c.values, INF, 4)).toBe(0.5);
  });

  it('step points: the start, one point per distinct ratio, the end', () => {
    const b = performanceProfile(t)[1];
    expect(stepPoints(b, 1, 8)).toEqual([
      { x: 1, y: 0.25 },
      { x: 2, y: 0.5 },
      { x: 4, y: 0.75 },
      { x: 8, y: 0.75 },
    ]);
    const a = performanceProfile(t)[0];
    expect(stepPoints(a, 1, 8)).toEqual([
      { x: 1, y: 0.5 },
      { x: 8, y: 0.5 },
    ]);
  });

  it('a best cost of 0: cost 0 has ratio 1, any other ratio ∞', () => {
    expect(performanceRatios([[0, 3, 0]])).toEqual([[1, INF, 1]]);
  });
});

describe('Moré–Wild data profiles', () => {
  it('d_s(α) = |{p : t / (n_p + 1) ≤ α}| / |P|', () => {
    // p1: n = 2 (scale 3), p2: n = 5 (scale 6)
    const t = [
      [6, 12],
      [30, 6],
    ];
    const [a, b] = dataProfile(t, [3, 6]);
    expect(a.values).toEqual([2, 5]);
    expect(b.values).toEqual([1, 4]);
    expect([1, 2, 4.99, 5].map((x) => fractionAtMost(a.values, x, 2))).toEqual([0, 0.5, 0.5, 1]);
    expect([0.5, 1, 4].map((x) => fractionAtMost(b.values, x, 2))).toEqual([0, 0.5, 1]);
  });

  it('failures never count; without a scale the raw costs are used', () => {
    const [a, b] = dataProfile([
      [3, INF],
      [INF, INF],
    ]);
    expect(a.values).toEqual([3]);
    expect(b.values).toEqual([]);
    expect(fractionAtMost(a.values, 1e9, a.problems)).toBe(0.5);
  });

  it('rejects a scale of the wrong length', () => {
    expect(() => dataProfile([[1]], [1, 2])).toThrow(
      'dataProfile: scale must have 1 entries, got 2',
    );
  });
});

/** A run with a trace of (evaluations, value) points; one gradient per row. */
function run(method: string, problem: string, values: number[], ms: number[]): RunRecord {
  return {
    method,
    problem,
    n: 2,
    status: 'converged-gradient',
    success: true,
    message: '',
    iterations: values.length - 1,
    evaluations: { value: 0, gradient: values.length, hessian: 0, hvp: 0 },
    cost: values.length,
    f: values.at(-1)!,
    f0: values[0],
    fError: null,
    fReference: 'best-found',
    gradientNorm: 0,
    wallMs: ms.at(-1)!,
    repeatsMs: [ms.at(-1)!],
    trace: values.map((value, i) => ({
      iteration: i,
      value,
      gradientNorm: 1,
      evaluations: { value: 0, gradient: i + 1, hessian: 0, hvp: 0 },
      elapsedMs: ms[i],
    })),
    timing: { worker: 0, start: 0, end: 1, concurrency: 1 },
  };
}

describe('solve costs from runs', () => {
  // p: f0 = 100, best found f_L = 0 (by A). τ = 0.1 → threshold 10; τ = 1e-3 → 0.1.
  // q: f0 = 4, f_L = 1 (B); A skipped. τ = 0.1 → 1.3; τ = 1e-3 → 1.003.
  const results = {
    config: { methods: ['A', 'B'], taus: [0.1, 1e-3] },
    instances: [
      { problem: 'p', n: 2, fstar: 0, fBest: 0, f0: 100, source: '' },
      { problem: 'q', n: 2, fstar: null, fBest: 1, f0: 4, source: '' },
    ],
    runs: [
      run('A', 'p', [100, 50, 5, 0], [0.1, 1, 2, 3]),
      run('B', 'p', [100, 8, 0.5], [0.1, 4, 9]),
      run('B', 'q', [4, 2, 1.2, 1], [0.1, 1, 2, 3]),
    ],
    skipped: [{ method: 'A', problem: 'q', n: 2, reason: 'dense' }],
  } as unknown as BenchmarkResults;

  it('the first trace row passing the test, by evaluations and by time; skips are ∞', () => {
    const loose = solveCosts(results, 0.1);
    // A on p passes at row 2 (5 ≤ 10): 3 evaluations, 2 ms; B at row 1 (8 ≤ 10): 2, 4 ms
    expect(loose.evaluations).toEqual([
      [3, 2],
      [INF, 3],
    ]);
    expect(loose.time).toEqual([
      [2, 4],
      [INF, 2],
    ]);
    const tight = solveCosts(results, 1e-3);
    // A reaches 0 at row 3; B's 0.5 > 0.1 never passes; B on q reaches 1 at row 3
    expect(tight.evaluations).toEqual([
      [4, INF],
      [INF, 4],
    ]);
  });

  it('the summary counts converged runs, instances solved per τ and skips', () => {
    const [a, b] = summarize(results);
    expect([a.runs, a.skipped, a.converged, ...a.solved]).toEqual([1, 1, 1, 1, 1]);
    expect([b.runs, b.skipped, b.converged, ...b.solved]).toEqual([2, 0, 2, 2, 1]);
    expect(b.evaluations.gradient).toBe(3 + 4);
  });
});
