import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gemmUpdate, panelSolveUpdate, syrkLower } from './linalg-gemm.js';
import { mulberry32 } from './random.js';

function random(n: number, seed: number): Float64Array {
  const r = mulberry32(seed);
  return Float64Array.from({ length: n * n }, () => 2 * r() - 1);
}

describe('gemmUpdate', () => {
  it('equals the triple loop on blocks of every shape mod 3, and touches nothing else', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer(),
        (rows, cols, K, seed) => {
          // X = a[K:K+rows, 0:K], Y = a[0:K, K:K+cols], C = a[K:K+rows, K:K+cols]: disjoint.
          const n = K + Math.max(rows, cols) + 1;
          const a = random(n, seed);
          const expected = a.slice();
          for (let i = K; i < K + rows; i++)
            for (let j = K; j < K + cols; j++) {
              let s = 0;
              for (let k = 0; k < K; k++) s += a[i * n + k] * a[k * n + j];
              expected[i * n + j] -= s;
            }
          gemmUpdate(a, n, K, K + rows, K, K + cols, 0, K);
          let err = 0;
          for (let i = 0; i < n * n; i++) err = Math.max(err, Math.abs(a[i] - expected[i]));
          expect(err).toBeLessThanOrEqual(1e-13 * (1 + K));
        },
      ),
      { seed: 42, numRuns: 50 },
    );
  });
});

describe('syrkLower', () => {
  it('equals the triple loop on the lower trapezoid, and touches no row above j0', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 50 }),
        fc.integer({ min: 0, max: 49 }),
        fc.integer({ min: 1, max: 49 }),
        fc.integer({ min: 1, max: 49 }),
        fc.integer(),
        (n, k0Raw, KRaw, widthRaw, seed) => {
          const k0 = k0Raw % (n - 1);
          const j0 = k0 + 1 + (KRaw % (n - k0 - 1));
          const k1 = j0;
          const j1 = j0 + 1 + (widthRaw % (n - j0));
          const a = random(n, seed);
          const expected = a.slice();
          for (let j = j0; j < j1; j++)
            for (let i = j; i < n; i++) {
              let s = 0;
              for (let k = k0; k < k1; k++) s += a[i * n + k] * a[j * n + k];
              expected[i * n + j] -= s;
            }
          syrkLower(a, n, k0, k1, j0, j1);
          let err = 0;
          for (let i = 0; i < n; i++)
            for (let j = 0; j < n; j++) {
              // Scratch: up to two entries right of the diagonal inside [j0, j1).
              const scratch = i >= j0 && j > i && j < j1 && j - i <= 2;
              if (!scratch) err = Math.max(err, Math.abs(a[i * n + j] - expected[i * n + j]));
            }
          expect(err).toBeLessThanOrEqual(1e-13 * (1 + k1 - k0));
        },
      ),
      { seed: 42, numRuns: 50 },
    );
  });
});

describe('panelSolveUpdate', () => {
  it('solves L21 = A21·L11⁻ᵀ and updates the trailing lower triangle like the loops', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 60 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 1, max: 59 }),
        fc.integer(),
        (n, c0Raw, KRaw, seed) => {
          const c0 = c0Raw % (n - 1);
          const c1 = c0 + 1 + (KRaw % (n - c0 - 1));
          const a = random(n, seed);
          // A well-conditioned lower-triangular diagonal block L11.
          for (let j = c0; j < c1; j++) a[j * n + j] = 2 + Math.abs(a[j * n + j]);
          const expected = a.slice();
          for (let i = c1; i < n; i++)
            for (let j = c0; j < c1; j++) {
              let s = expected[i * n + j];
              for (let k = c0; k < j; k++) s -= expected[i * n + k] * a[j * n + k];
              expected[i * n + j] = s / a[j * n + j];
            }
          for (let j = c1; j < n; j++)
            for (let i = j; i < n; i++) {
              let s = 0;
              for (let k = c0; k < c1; k++) s += expected[i * n + k] * expected[j * n + k];
              expected[i * n + j] -= s;
            }
          panelSolveUpdate(a, n, c0, c1);
          let err = 0;
          for (let i = 0; i < n; i++)
            for (let j = 0; j < n; j++) {
              // Scratch: up to two entries right of the diagonal in the trailing block.
              const scratch = i >= c1 && j > i && j - i <= 2;
              if (!scratch) err = Math.max(err, Math.abs(a[i * n + j] - expected[i * n + j]));
            }
          expect(err).toBeLessThanOrEqual(1e-12 * (1 + c1 - c0));
        },
      ),
      { seed: 42, numRuns: 50 },
    );
  });
});
