import {
  type CurvatureProvider,
  DenseMatrix,
  exactCurvature,
  execute,
  matVec,
} from '@hessian/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DiagonalPreconditioner,
  denseHessianDiagonal,
  hutchinsonDiagonal,
  LbfgsPreconditioner,
  probingDiagonal,
  safeguardDiagonal,
} from './preconditioners.js';

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

/** A symmetric banded matrix with half-bandwidth b and diagonal 10 + i. */
function banded(n: number, b: number): DenseMatrix {
  const A = new DenseMatrix(n, n);
  for (let i = 0; i < n; i++)
    for (let j = Math.max(0, i - b); j <= Math.min(n - 1, i + b); j++)
      A.set(i, j, i === j ? 10 + i : 1 / (1 + i + j));
  return A;
}

const noProblem = { value: () => 0 };

describe('diagonal estimates', () => {
  it('probing with k colors is exact for half-bandwidth < k, with k products', () => {
    const n = 23;
    const A = banded(n, 2);
    const provider = matrixProvider(A);
    const D = new Float64Array(n);
    const x = new Float64Array(n);
    execute(
      noProblem,
      probingDiagonal(provider, x, 3, D, new Float64Array(n), new Float64Array(n)),
    );
    expect(provider.calls).toBe(3);
    for (let i = 0; i < n; i++) expect(D[i]).toBe(10 + i);
    // half-bandwidth 2 with 2 colors: entries two apart alias
    execute(
      noProblem,
      probingDiagonal(provider, x, 2, D, new Float64Array(n), new Float64Array(n)),
    );
    expect(D[5]).toBeCloseTo(15 + 1 / (1 + 5 + 3) + 1 / (1 + 5 + 7), 14);
  });

  it('Hutchinson is exact for a diagonal matrix and deterministic', () => {
    const n = 17;
    const values = Array.from({ length: n }, (_, i) => i - 5);
    const A = new DenseMatrix(n, n);
    for (let i = 0; i < n; i++) A.set(i, i, values[i]);
    const D = new Float64Array(n);
    const provider = matrixProvider(A);
    const work = [new Float64Array(n), new Float64Array(n)] as const;
    execute(noProblem, hutchinsonDiagonal(provider, new Float64Array(n), 3, 7, D, ...work));
    expect(Array.from(D)).toEqual(values);
    const B = banded(n, 3);
    const E1 = new Float64Array(n);
    const E2 = new Float64Array(n);
    execute(
      noProblem,
      hutchinsonDiagonal(matrixProvider(B), new Float64Array(n), 4, 1, E1, ...work),
    );
    execute(
      noProblem,
      hutchinsonDiagonal(matrixProvider(B), new Float64Array(n), 4, 1, E2, ...work),
    );
    expect(Array.from(E1)).toEqual(Array.from(E2));
    // error bounded by the off-diagonal row mass
    for (let i = 0; i < n; i++) expect(Math.abs(E1[i] - B.get(i, i))).toBeLessThan(1);
  });

  it('reads the dense Hessian diagonal from an exact provider', () => {
    const problem = {
      dimension: 2,
      value: (x: Float64Array) => x[0] ** 4 + x[0] * x[1] + 3 * x[1] ** 2,
      hessian: () => [
        [12, 1],
        [1, 6],
      ],
    };
    const provider = exactCurvature().create({
      dimension: 2,
      capabilities: { gradient: false, hessian: true, hvp: false },
    });
    const D = new Float64Array(2);
    const { value, evaluations } = execute(
      problem,
      denseHessianDiagonal(provider, Float64Array.of(1, 0), new DenseMatrix(2, 2), D),
    );
    expect(value).toBe(0);
    expect(evaluations.hessian).toBe(1);
    expect(Array.from(D)).toEqual([12, 6]);
  });

  it('safeguards to positive entries', () => {
    expect(Array.from(safeguardDiagonal(Float64Array.of(4, -2, 0)))).toEqual([4, 2, 4e-4]);
    expect(Array.from(safeguardDiagonal(Float64Array.of(4, -2, 0), 1e-8))).toEqual([4, 2, 4e-8]);
    expect(Array.from(safeguardDiagonal(Float64Array.of(0, 0)))).toEqual([1, 1]);
    expect(Array.from(safeguardDiagonal(Float64Array.of(1, Number.NaN)))).toEqual([1, 1]);
  });

  it('DiagonalPreconditioner applies 1/(D + λ) and returns rᵀz', () => {
    const M = new DiagonalPreconditioner(2);
    M.setDiagonal(Float64Array.of(1, 3), 1);
    const z = new Float64Array(2);
    expect(M.apply(Float64Array.of(2, 8), z)).toBe(2 + 16);
    expect(Array.from(z)).toEqual([1, 2]);
  });
});

/** The two-loop recursion written plainly (Nocedal & Wright Alg. 7.4), for comparison. */
function twoLoop(S: Float64Array[], Y: Float64Array[], r: Float64Array): Float64Array {
  const q = Float64Array.from(r);
  const m = S.length;
  const a = new Array<number>(m);
  const dot = (u: Float64Array, v: Float64Array) => u.reduce((s, ui, i) => s + ui * v[i], 0);
  for (let i = m - 1; i >= 0; i--) {
    a[i] = dot(S[i], q) / dot(Y[i], S[i]);
    for (let j = 0; j < q.length; j++) q[j] -= a[i] * Y[i][j];
  }
  const gamma = m > 0 ? dot(S[m - 1], Y[m - 1]) / dot(Y[m - 1], Y[m - 1]) : 1;
  for (let j = 0; j < q.length; j++) q[j] *= gamma;
  for (let i = 0; i < m; i++) {
    const b = dot(Y[i], q) / dot(Y[i], S[i]);
    for (let j = 0; j < q.length; j++) q[j] += (a[i] - b) * S[i][j];
  }
  return q;
}

describe('LbfgsPreconditioner', () => {
  it('equals the plain two-loop recursion on its last `memory` pairs and meets the newest secant equation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 7 }),
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 60, maxLength: 60 }),
        (memory, pairs, seeds) => {
          const n = 5;
          // y = A s with A SPD keeps sᵀy > 0
          const A = new DenseMatrix(n, n);
          for (let i = 0; i < n; i++) {
            A.set(i, i, 2 + i);
            if (i > 0) {
              A.set(i, i - 1, 0.5);
              A.set(i - 1, i, 0.5);
            }
          }
          const M = new LbfgsPreconditioner(n, memory);
          const S: Float64Array[] = [];
          const Y: Float64Array[] = [];
          for (let k = 0; k < pairs; k++) {
            const s = Float64Array.from(
              { length: n },
              (_, i) => seeds[(k * n + i) % 60] + (i === k % n ? 3 : 0),
            );
            const y = matVec(A, s, new Float64Array(n));
            expect(M.update(s, y)).toBe(true);
            S.push(s);
            Y.push(y);
          }
          expect(M.size).toBe(Math.min(memory, pairs));
          const r = Float64Array.from({ length: n }, (_, i) => seeds[50 + i]);
          const z = new Float64Array(n);
          const rz = M.apply(r, z);
          const expected = twoLoop(S.slice(-memory), Y.slice(-memory), r);
          for (let i = 0; i < n; i++) expect(z[i]).toBeCloseTo(expected[i], 10);
          expect(rz).toBeCloseTo(
            r.reduce((s, ri, i) => s + ri * z[i], 0),
            12,
          );
          expect(rz).toBeGreaterThanOrEqual(0);
          // H y_newest = s_newest
          M.apply(Y[pairs - 1], z);
          for (let i = 0; i < n; i++) expect(z[i]).toBeCloseTo(S[pairs - 1][i], 10);
        },
      ),
      { seed: 42, numRuns: 100 },
    );
  });

  it('is the identity before any pair and skips pairs with sᵀy ≤ 0', () => {
    const M = new LbfgsPreconditioner(2, 3);
    const z = new Float64Array(2);
    expect(M.apply(Float64Array.of(3, 4), z)).toBe(25);
    expect(Array.from(z)).toEqual([3, 4]);
    expect(M.update(Float64Array.of(1, 0), Float64Array.of(-1, 0))).toBe(false);
    expect(M.size).toBe(0);
  });
});
