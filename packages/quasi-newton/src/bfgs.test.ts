import { type Checkpoint, DenseMatrix, distance2, dot, matVec, run } from '@hessian/core';
import { backtracking } from '@hessian/line-search';
import { getProblem } from '@hessian/problems';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bfgs } from './bfgs.js';
import { bfgsInverseUpdate, setScaledIdentity } from './dense.js';
import {
  exactQuadraticSearch,
  expectResumesBitForBit,
  failingOn,
  iterates,
  pairsOf,
  quadraticProblem,
  randomSpd,
  relativeError,
  rosenbrock2,
  secantPairs,
} from './test-helpers.js';

describe('bfgs', () => {
  it('ends in at most n iterations on a strictly convex quadratic with exact line searches, with H = A⁻¹', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        // finite termination is exact-arithmetic: rounding errors grow with cond(A) from
        // step to step (as in CG: n = 12, cond = 1000 leaves ‖g_n‖ ≈ 1e-2), so cond ≤ 20
        fc.double({ min: 1, max: 20, noNaN: true }),
        (n, seed, condition) => {
          const A = randomSpd(n, condition, seed);
          const b = Float64Array.from({ length: n }, (_, i) => Math.sin(seed + i));
          const r = run(
            bfgs({ lineSearch: exactQuadraticSearch(A) }),
            quadraticProblem(A, b),
            new Float64Array(n),
            {
              gradientTolerance: 1e-9,
            },
          );
          expect(r.status).toBe('converged-gradient');
          expect(r.iterations).toBeLessThanOrEqual(n);
          const Ax = matVec(A, r.x, new Float64Array(n));
          expect(relativeError(Ax, b)).toBeLessThanOrEqual(1e-9);
          if (r.iterations === n) {
            // after n exact steps on a quadratic, H_n = A⁻¹ (hereditary property H_k y_j = s_j, j < k);
            // loosely: the last pairs are differences of tiny gradients, with large relative errors
            const H = r.extra!.inverseHessian as DenseMatrix;
            const Ae = new Float64Array(n);
            const HAe = new Float64Array(n);
            for (let j = 0; j < n; j++) {
              const e = new Float64Array(n);
              e[j] = 1;
              matVec(H, matVec(A, e, Ae), HAe);
              expect(relativeError(HAe, e)).toBeLessThan(1e-4);
            }
          }
        },
      ),
      { seed: 42, numRuns: 100 },
    );
  });

  it('the inverse update satisfies the secant equation H y = s after every update and stays symmetric', () => {
    fc.assert(
      fc.property(secantPairs(12), (sample) => {
        const n = sample.n;
        const H = setScaledIdentity(new DenseMatrix(n, n), 1);
        const work = new Float64Array(n);
        for (const { s, y } of pairsOf(sample)) {
          bfgsInverseUpdate(H, s, y, dot(s, y), work);
          expect(relativeError(matVec(H, y, work), s)).toBeLessThan(1e-8);
          for (let i = 0; i < n; i++)
            for (let j = 0; j < i; j++) expect(H.get(i, j)).toBe(H.get(j, i));
        }
      }),
      { seed: 42, numRuns: 100 },
    );
  });

  it('the final H of a run satisfies the secant equation for its last step', () => {
    const { r, xs, gs } = iterates(bfgs(), rosenbrock2, [-1.2, 1], { maxIterations: 15 });
    const k = xs.length - 1;
    const s = Float64Array.from(xs[k], (v, i) => v - xs[k - 1][i]);
    const y = Float64Array.from(gs[k], (v, i) => v - gs[k - 1][i]);
    const H = r.extra!.inverseHessian as DenseMatrix;
    expect(relativeError(matVec(H, y, new Float64Array(2)), s)).toBeLessThan(1e-10);
  });

  it('converges superlinearly near the solution of Rosenbrock: ‖x_{k+1} − x*‖/‖x_k − x*‖ → 0', () => {
    const xstar = Float64Array.of(1, 1);
    const { r, xs } = iterates(bfgs(), rosenbrock2, [-1.2, 1], { gradientTolerance: 1e-12 });
    expect(r.status).toBe('converged-gradient');
    expect(r.x[0]).toBeCloseTo(1, 10);
    const errors = xs.map((x) => distance2(x, xstar)).filter((e) => e > 1e-13);
    const ratios = errors.slice(1).map((e, k) => e / errors[k]);
    // far from x*, the ratios stay near 1 (the valley); near x*, they fall towards 0,
    // erratically as BFGS does (ratios here: … 0.56, 0.081, 0.015, 0.0011, 0.062)
    const early = ratios.slice(2, 12);
    const tail = ratios.slice(-4);
    expect(Math.min(...early)).toBeGreaterThan(0.5);
    expect(Math.max(...tail)).toBeLessThan(0.1);
    expect(Math.min(...tail)).toBeLessThan(1e-2);
    const geometricMean = (r: number[]) =>
      Math.exp(r.reduce((s, v) => s + Math.log(v), 0) / r.length);
    expect(geometricMean(tail)).toBeLessThan(0.02);
  });

  it('reports the start with initial: true, then iterations with step length and norm', () => {
    const r = run(bfgs(), rosenbrock2, [-1.2, 1], { trace: true, maxIterations: 3 });
    expect(r.trace![0].iteration).toBe(0);
    expect(r.trace![0].stepLength).toBeUndefined();
    expect(r.trace![1].stepLength).toBeGreaterThan(0);
    expect(r.trace![1].stepNorm).toBeGreaterThan(0);
    expect(r.iterations).toBe(3);
  });

  it('works with a value-only line search (backtracking) and with Powell damping', () => {
    for (const method of [bfgs({ lineSearch: backtracking() }), bfgs({ damping: true })]) {
      const r = run(method, rosenbrock2, [-1.2, 1], {
        gradientTolerance: 1e-8,
        maxIterations: 5000,
      });
      expect(r.status).toBe('converged-gradient');
      expect(r.x[0]).toBeCloseTo(1, 6);
      expect(r.x[1]).toBeCloseTo(1, 6);
    }
  });

  it('stopped after any iteration and resumed from its JSON checkpoint: the same run, bit for bit', () => {
    const p = getProblem('extended-rosenbrock', { n: 6 });
    const options = { maxIterations: 200, gradientTolerance: 1e-10 };
    const { full, checkpoints } = expectResumesBitForBit(() => bfgs(), p, p.x0, options);
    expect(full.status).toBe('converged-gradient');
    // The start: H = I, not updated yet; then H is the updated approximation.
    expect(checkpoints[0].state).toEqual({
      inverseHessian: Array.from(DenseMatrix.identity(6).data),
      updated: false,
    });
    expect(checkpoints[1].state).toMatchObject({ updated: true });
    // A value-only line search, Powell damping, and skipped updates (skipTolerance 0.5),
    // on Rosenbrock in 2-D.
    for (const make of [
      () => bfgs({ lineSearch: backtracking() }),
      () => bfgs({ damping: true }),
      () => bfgs({ skipTolerance: 0.5 }),
    ])
      expectResumesBitForBit(make, rosenbrock2, [-1.2, 1], options, [0, 1, 2, 5, 10, 20]);
    const skipped = run(bfgs({ skipTolerance: 0.5 }), rosenbrock2, [-1.2, 1], {
      ...options,
      trace: true,
    });
    expect(skipped.trace!.some((row) => row.info?.update === 'skipped')).toBe(true);
  });

  it('resumes before, at and after a reset of H on a line-search failure', () => {
    // The 5th search fails: iteration 5 resets H and steps along −g (the 6th search).
    // A run resumed after iteration k has made k searches before (k + 1 from k = 5 on).
    const p = getProblem('extended-rosenbrock', { n: 6 });
    const make = (k?: number) => {
      const done = k === undefined ? 0 : k < 5 ? k : k + 1;
      return bfgs({ lineSearch: failingOn([5 - done].filter((c) => c > 0)) });
    };
    const { full, checkpoints } = expectResumesBitForBit(
      make,
      p,
      p.x0,
      { maxIterations: 100, gradientTolerance: 1e-8 },
      [3, 4, 5, 6, 7],
    );
    expect(full.status).toBe('converged-gradient');
    expect(full.trace![5].info).toEqual({ update: 'reset' });
    expect(checkpoints.map((c) => (c.state as { updated: boolean }).updated)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
  });

  it('rejects a checkpoint state that does not fit, naming what is wrong', () => {
    let saved: Checkpoint | undefined;
    run(bfgs(), rosenbrock2, [-1.2, 1], {
      onIteration: (r) => {
        if (r.iteration === 2) {
          saved = r.checkpoint!();
          return 'stop';
        }
      },
    });
    const resumeWith = (state: unknown) =>
      run(bfgs(), rosenbrock2, undefined, { resume: { ...saved!, state } });
    const cause = (r: { cause?: unknown }) => (r.cause as Error).message;
    expect(cause(resumeWith({ inverseHessian: [1, 0, 0], updated: true }))).toBe(
      'bfgs: state.inverseHessian must have length 4, got length 3',
    );
    expect(cause(resumeWith({ inverseHessian: [1, 0, 0, 1], updated: 'yes' }))).toBe(
      'bfgs: state.updated must be a boolean, got a string',
    );
    expect(cause(resumeWith(null))).toBe(
      "bfgs: the checkpoint's state must be an object, got null",
    );
  });

  it('validates options with exact messages', () => {
    expect(() => bfgs({ skipTolerance: -1 })).toThrow(
      new RangeError('bfgs: skipTolerance must be a number in [0, 1), got -1'),
    );
    expect(() => bfgs({ damping: 1 as unknown as boolean })).toThrow(
      new TypeError('bfgs: damping must be a boolean, got 1'),
    );
    expect(() => bfgs({ initialScaling: null as unknown as boolean })).toThrow(
      new TypeError('bfgs: initialScaling must be a boolean, got null'),
    );
    expect(() => bfgs({ lineSearch: {} as never })).toThrow(
      new TypeError(
        'bfgs: lineSearch must be a LineSearch { name, usesSlope, search }, got an object',
      ),
    );
    expect(() => bfgs({ memory: 3 } as never)).toThrow(
      new TypeError(
        "bfgs: unknown option 'memory' (known: lineSearch, skipTolerance, damping, initialScaling)",
      ),
    );
    expect(() => bfgs(5 as never)).toThrow(
      new TypeError('bfgs: options must be an object, got the number 5'),
    );
  });
});
