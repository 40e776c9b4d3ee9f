import { DenseMatrix, matVec, normInf } from '@hessian/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyPoint } from './classify.js';
import { createNewtonWork, newtonStep } from './step.js';

/** Doubles in [lo, hi] whose products cannot underflow (|v| < 1e-30 becomes 0). */
const real = (lo: number, hi: number) =>
  fc.double({ min: lo, max: hi, noNaN: true }).map((v) => (Math.abs(v) < 1e-30 ? 0 : v));

/** A symmetric n×n matrix from entries in [-1, 1], plus shift·I. */
function symmetric(n: number, entries: number[], shift: number): DenseMatrix {
  const H = new DenseMatrix(n, n);
  let k = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      const v = entries[k++ % entries.length] + (i === j ? shift : 0);
      H.set(i, j, v);
      H.set(j, i, v);
    }
  return H;
}

/** ‖H p + g‖∞ relative to ‖H‖·‖p‖ + ‖g‖. */
function residual(H: DenseMatrix, p: Float64Array, g: Float64Array): number {
  const r = matVec(H, p, new Float64Array(p.length));
  for (let i = 0; i < r.length; i++) r[i] += g[i];
  const scale = normInf(H.data) * p.length * normInf(p) + normInf(g);
  return scale === 0 ? normInf(r) : normInf(r) / scale;
}

describe('newtonStep', () => {
  it('solves H p = -g by Cholesky when H is positive definite', () => {
    const p = new Float64Array(2);
    const H = DenseMatrix.from([
      [2, 0],
      [0, 4],
    ]);
    const g = Float64Array.of(2, 4);
    expect(newtonStep(H, g, p, createNewtonWork(2))).toBe('cholesky');
    expect(p[0]).toBeCloseTo(-1, 15);
    expect(p[1]).toBeCloseTo(-1, 15);
    // inputs untouched
    expect(H.toArray()).toEqual([
      [2, 0],
      [0, 4],
    ]);
    expect(Array.from(g)).toEqual([2, 4]);
  });

  it('falls back to LU when H is indefinite', () => {
    const p = new Float64Array(2);
    const H = DenseMatrix.from([
      [2, 0],
      [0, -2],
    ]);
    expect(newtonStep(H, Float64Array.of(0.6, 0.4), p, createNewtonWork(2))).toBe('lu');
    expect(p[0]).toBeCloseTo(-0.3, 15);
    expect(p[1]).toBeCloseTo(0.2, 15);
  });

  it('reports a singular H', () => {
    const p = new Float64Array(2);
    const H = DenseMatrix.from([
      [1, 1],
      [1, 1],
    ]);
    expect(newtonStep(H, Float64Array.of(1, 0), p, createNewtonWork(2))).toBe('singular');
    expect(newtonStep(new DenseMatrix(2, 2), Float64Array.of(1, 0), p, createNewtonWork(2))).toBe(
      'singular',
    );
    // Cholesky succeeds on [[2, 2], [2, 2]] in floating point, with a pivot of 4e-16
    const H2 = DenseMatrix.from([
      [2, 2],
      [2, 2],
    ]);
    expect(newtonStep(H2, Float64Array.of(6, 6), p, createNewtonWork(2))).toBe('singular');
    // LU: no zero pivot, but a solution 1e17 times larger than g is noise
    const H3 = DenseMatrix.from([
      [1, 0],
      [0, -1e-17],
    ]);
    expect(newtonStep(H3, Float64Array.of(1, 1), p, createNewtonWork(2))).toBe('singular');
    expect(newtonStep(H3, Float64Array.of(1, 1e-3), p, createNewtonWork(2))).toBe('lu');
    // g = 0: the step is 0 whatever H
    expect(newtonStep(H3, Float64Array.of(0, 0), p, createNewtonWork(2))).toBe('lu');
    expect(Array.from(p)).toEqual([0, 0]);
  });

  it('solves random symmetric systems to a small residual, by Cholesky exactly when H is positive definite', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(real(-1, 1), { minLength: 36, maxLength: 36 }),
        fc.array(real(-1, 1), { minLength: 8, maxLength: 8 }),
        real(-3, 10),
        (n, entries, gEntries, shift) => {
          const H = symmetric(n, entries, shift);
          const g = Float64Array.from(gEntries.slice(0, n));
          const p = new Float64Array(n);
          const solver = newtonStep(H, g, p, createNewtonWork(n));
          const { analysis } = classifyPoint(H.clone(), new Float64Array(n));
          const { positive, negative, zero } = analysis.inertia;
          if (positive === n) expect(solver).toBe('cholesky');
          if (negative > 0 && zero === 0) expect(solver).toBe('lu');
          const kappa = analysis.conditionNumber;
          if (solver !== 'singular' && kappa < 1e8)
            expect(residual(H, p, g)).toBeLessThan(1e-12 * kappa);
        },
      ),
      { seed: 42, numRuns: 100 },
    );
  });

  it('createNewtonWork validates n', () => {
    expect(() => createNewtonWork(0)).toThrow(
      new RangeError('createNewtonWork: n must be an integer >= 1, got 0'),
    );
  });
});

describe('classifyPoint', () => {
  const zero = new Float64Array(2);
  const diag = (a: number, b: number) =>
    DenseMatrix.from([
      [a, 0],
      [0, b],
    ]);
  it('reads the kind from the gradient and the eigenvalues of H', () => {
    expect(classifyPoint(diag(2, 3), zero).kind).toBe('minimum');
    expect(classifyPoint(diag(-2, -3), zero).kind).toBe('maximum');
    expect(classifyPoint(diag(2, -2), zero).kind).toBe('saddle');
    expect(classifyPoint(diag(2, 0), zero).kind).toBe('degenerate');
    expect(classifyPoint(diag(2, 1e-10), zero).kind).toBe('degenerate');
    expect(classifyPoint(diag(2, 1e-10), zero, { eigenvalueTolerance: 1e-12 }).kind).toBe(
      'minimum',
    );
    const g = Float64Array.of(1e-3, 0);
    const c = classifyPoint(diag(2, 3), g);
    expect(c.kind).toBe('not-critical');
    expect(c.gradientNorm).toBe(1e-3);
    expect(classifyPoint(diag(2, 3), g, { gradientTolerance: 1e-2 }).kind).toBe('minimum');
    expect(Array.from(c.analysis.eigenvalues)).toEqual([2, 3]);
  });
});
