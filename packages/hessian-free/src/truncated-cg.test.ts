import {
  type CurvatureProvider,
  DenseMatrix,
  dot,
  execute,
  matVec,
  norm2,
  quadraticForm,
} from '@hessian/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DiagonalPreconditioner } from './preconditioners.js';
import {
  createTruncatedCGWork,
  type TruncatedCGOptions,
  type TruncatedCGResult,
  truncatedCG,
} from './truncated-cg.js';

/** A provider that multiplies by a fixed matrix (it asks the driver nothing). */
function matrixProvider(A: DenseMatrix): CurvatureProvider & { calls: number } {
  const p = {
    kind: 'matrix',
    calls: 0,
    // biome-ignore lint/correctness/useYield: computed locally
    *hvp(_x: Float64Array, v: Float64Array, out: Float64Array) {
      p.calls++;
      matVec(A, v, out);
      return 0;
    },
  };
  return p;
}

const noProblem = { value: () => 0 };

function solve(A: DenseMatrix, g: Float64Array, options: TruncatedCGOptions, d0?: Float64Array) {
  const n = g.length;
  const work = createTruncatedCGWork(n);
  if (d0) work.d.set(d0);
  const provider = matrixProvider(A);
  const res: TruncatedCGResult = execute(
    noProblem,
    truncatedCG(provider, new Float64Array(n), g, work, options),
  ).value;
  return { res, work, calls: provider.calls };
}

/** ‖A d + g‖₂, computed afresh. */
function residual(A: DenseMatrix, d: Float64Array, g: Float64Array, lambda = 0): number {
  const Ad = matVec(A, d, new Float64Array(d.length));
  for (let i = 0; i < d.length; i++) Ad[i] += lambda * d[i] + g[i];
  return norm2(Ad);
}

function diag(values: number[]): DenseMatrix {
  const A = new DenseMatrix(values.length, values.length);
  for (let i = 0; i < values.length; i++) A.set(i, i, values[i]);
  return A;
}

/** A = BᵀB + shift·I from entries of B. */
function spd(n: number, entries: number[], shift: number): DenseMatrix {
  const A = new DenseMatrix(n, n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = i === j ? shift : 0;
      for (let k = 0; k < n; k++) s += entries[k * n + i] * entries[k * n + j];
      A.set(i, j, s);
    }
  return A;
}

describe('truncatedCG', () => {
  it('solves an SPD system to the tolerance in at most n iterations (random systems)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.array(fc.double({ min: -1, max: 1, noNaN: true }), {
              minLength: n * n,
              maxLength: n * n,
            }),
            fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
          ),
        ),
        ([n, entries, gv]) => {
          const g = Float64Array.from(gv, (v, i) => v + (i === 0 ? 2 : 0));
          const A = spd(n, entries, 0.5);
          const tol = 1e-10 * norm2(g);
          const { res, work } = solve(A, g, { tolerance: tol, maxIterations: 4 * n });
          expect(res.exit).toBe('converged');
          expect(res.iterations).toBeLessThanOrEqual(n + 1);
          expect(residual(A, work.d, g)).toBeLessThanOrEqual(1e-8 * norm2(g));
          expect(res.slope).toBeLessThan(0);
          expect(res.curvature).toBeCloseTo(quadraticForm(A, work.d), 6);
        },
      ),
      { seed: 42, numRuns: 100 },
    );
  });

  it('needs exactly k iterations when A has k distinct eigenvalues', () => {
    const A = diag([1, 1, 1, 4, 4, 9, 9, 9, 9, 16]);
    const g = Float64Array.from({ length: 10 }, (_, i) => 1 + i / 10);
    const { res, work } = solve(A, g, { tolerance: 1e-12, maxIterations: 10 });
    expect(res.exit).toBe('converged');
    expect(res.iterations).toBe(4);
    expect(residual(A, work.d, g)).toBeLessThan(1e-11);
  });

  it('decreases the model q(d) = gᵀd + ½dᵀAd with every iteration', () => {
    const n = 8;
    const entries = Array.from({ length: n * n }, (_, k) => Math.sin(k + 1));
    const A = spd(n, entries, 0.1);
    const g = Float64Array.from({ length: n }, (_, i) => Math.cos(i));
    let previous = 0;
    const tolerance = 1e-6 * norm2(g);
    for (let j = 1; j <= n; j++) {
      const { res, work } = solve(A, g, { tolerance, maxIterations: j });
      const q = dot(g, work.d) + 0.5 * quadraticForm(A, work.d);
      expect(q).toBeLessThan(previous);
      expect(res.slope + 0.5 * res.curvature).toBeCloseTo(q, 10);
      previous = q;
      if (res.exit === 'converged') break;
    }
  });

  it('returns the scaled steepest-descent direction on negative curvature at the first iteration', () => {
    const A = diag([-1, -2]);
    const g = Float64Array.of(1, 1);
    const { res, work } = solve(A, g, { tolerance: 1e-8, maxIterations: 5 });
    expect(res.exit).toBe('steepest-descent');
    expect(res.iterations).toBe(1);
    // p = −g, pᵀAp = −3, d = (gᵀg / 3) p
    expect(Array.from(work.d)).toEqual([-2 / 3, -2 / 3]);
    expect(res.residualNorm).toBeCloseTo(residual(A, work.d, g), 14);
  });

  it('returns the last iterate on negative curvature after the first iteration', () => {
    const A = diag([10, -1]);
    const g = Float64Array.of(1, 1);
    const { res, work } = solve(A, g, { tolerance: 1e-8, maxIterations: 5 });
    expect(res.exit).toBe('negative-curvature');
    expect(res.iterations).toBe(2);
    // first iterate: α = gᵀg / gᵀAg = 2/9 along −g
    expect(work.d[0]).toBeCloseTo(-2 / 9, 15);
    expect(work.d[1]).toBeCloseTo(-2 / 9, 15);
    expect(res.slope).toBeLessThan(0);
  });

  it('stops at the iteration cap with a descent direction', () => {
    const A = diag([1, 2, 3, 4, 5, 6, 7, 8]);
    const g = new Float64Array(8).fill(1);
    const { res, calls } = solve(A, g, { tolerance: 1e-12, maxIterations: 3 });
    expect(res.exit).toBe('max-iterations');
    expect(res.iterations).toBe(3);
    expect(calls).toBe(3);
    expect(res.slope).toBeLessThan(0);
  });

  it('solves the damped system (A + λI) d = −g', () => {
    const A = diag([0, 1, 2]);
    const g = Float64Array.of(1, -1, 2);
    const { res, work } = solve(A, g, { tolerance: 1e-12, maxIterations: 10, damping: 0.5 });
    expect(res.exit).toBe('converged');
    expect(Array.from(work.d).map((v) => +v.toFixed(12))).toEqual(
      [-2, 2 / 3, -0.8].map((v) => +v.toFixed(12)),
    );
    expect(residual(A, work.d, g, 0.5)).toBeLessThan(1e-12);
  });

  it('converges in one iteration with the exact diagonal preconditioner', () => {
    const values = [1, 10, 100, 1000, 1e4];
    const A = diag(values);
    const g = Float64Array.of(1, 2, 3, 4, 5);
    const M = new DiagonalPreconditioner(5);
    M.setDiagonal(Float64Array.from(values), 0);
    const plain = solve(A, g, { tolerance: 1e-10, maxIterations: 10 });
    const pre = solve(A, g, { tolerance: 1e-10, maxIterations: 10, preconditioner: M });
    expect(plain.res.iterations).toBeGreaterThanOrEqual(5);
    expect(pre.res.iterations).toBe(1);
    expect(residual(A, pre.work.d, g)).toBeLessThan(1e-10);
  });

  it('keeps a good warm start and discards a bad one', () => {
    const A = diag([1, 2, 3]);
    const g = Float64Array.of(1, 1, 1);
    const exact = Float64Array.of(-1, -0.5, -1 / 3);
    const good = solve(A, g, { tolerance: 1e-12, maxIterations: 10, warmStart: true }, exact);
    expect(good.res).toMatchObject({
      exit: 'converged',
      iterations: 0,
      products: 1,
      warmStarted: true,
    });
    const uphill = Float64Array.of(1, 1, 1);
    const bad = solve(A, g, { tolerance: 1e-12, maxIterations: 10, warmStart: true }, uphill);
    expect(bad.res.warmStarted).toBe(false);
    expect(bad.res.exit).toBe('converged');
    expect(bad.res.products).toBe(bad.res.iterations + 1);
    expect(residual(A, bad.work.d, g)).toBeLessThan(1e-12);
  });

  it('reports a non-finite product', () => {
    const provider: CurvatureProvider = {
      kind: 'nan',
      *hvp() {
        return yield {
          op: 'hvp',
          x: new Float64Array(2),
          v: new Float64Array(2),
          out: new Float64Array(2),
        };
      },
    };
    const problem = {
      value: () => 0,
      hessianVectorProduct: (_x: Float64Array, _v: Float64Array, out: Float64Array) => {
        out[0] = Number.NaN;
      },
    };
    const work = createTruncatedCGWork(2);
    const res = execute(
      problem,
      truncatedCG(provider, new Float64Array(2), Float64Array.of(1, 1), work, {
        tolerance: 0,
        maxIterations: 3,
      }),
    ).value;
    expect(res.exit).toBe('non-finite');
  });

  it('validates its work size', () => {
    expect(() => createTruncatedCGWork(0)).toThrow(
      new RangeError('createTruncatedCGWork: n must be an integer >= 1, got 0'),
    );
  });
});
