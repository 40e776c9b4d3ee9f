import { DenseMatrix, dot, matVec, normInf, symmetricEigen } from '@hessian/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  choleskyWithShift,
  createModificationWork,
  eigenModify,
  ldlSolve,
  levenbergUpdate,
  MODIFICATIONS,
  type ModificationSettings,
  modifiedCholesky,
  modifiedNewtonStep,
  predictedReduction,
  shiftedCholesky,
  unitStepInRounding,
} from './modification.js';

const M = (rows: number[][]) => DenseMatrix.from(rows);

/** Doubles in [lo, hi] whose products cannot underflow (|v| < 1e-30 becomes 0). */
const real = (lo: number, hi: number) =>
  fc.double({ min: lo, max: hi, noNaN: true }).map((v) => (Math.abs(v) < 1e-30 ? 0 : v));

/** L Lᵀ (L lower triangular). */
function llt(L: DenseMatrix): DenseMatrix {
  const n = L.rows;
  const out = new DenseMatrix(n, n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += L.get(i, k) * L.get(j, k);
      out.set(i, j, s);
    }
  return out;
}

/** L D Lᵀ. */
function ldlt(L: DenseMatrix, d: Float64Array): DenseMatrix {
  const n = L.rows;
  const out = new DenseMatrix(n, n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += L.get(i, k) * d[k] * L.get(j, k);
      out.set(i, j, s);
    }
  return out;
}

function maxAbsDiff(A: DenseMatrix, B: DenseMatrix): number {
  let m = 0;
  for (let k = 0; k < A.data.length; k++) m = Math.max(m, Math.abs(A.data[k] - B.data[k]));
  return m;
}

/** A symmetric n×n matrix from entries in [-1, 1]. */
function symmetric(n: number, entries: readonly number[]): DenseMatrix {
  const H = new DenseMatrix(n, n);
  let k = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      const v = entries[k++];
      H.set(i, j, v);
      H.set(j, i, v);
    }
  return H;
}

describe('choleskyWithShift (Nocedal & Wright Algorithm 3.3)', () => {
  it('adds nothing to a positive definite matrix', () => {
    const L = new DenseMatrix(2, 2);
    const H = M([
      [4, 1],
      [1, 3],
    ]);
    expect(choleskyWithShift(H, 1e-3, L)).toBe(0);
    expect(maxAbsDiff(llt(L), H)).toBeLessThan(1e-15);
  });

  it('doubles tau from beta until H + tau I is positive definite', () => {
    // eigenvalues -1 and 3, positive diagonal: tau = 1e-3 · 2^k with 1e-3 · 2^k > 1 first at k = 10
    const L = new DenseMatrix(2, 2);
    const H = M([
      [1, 2],
      [2, 1],
    ]);
    const tau = choleskyWithShift(H, 1e-3, L);
    expect(tau).toBeCloseTo(1.024, 12);
    const shifted = M([
      [1 + tau, 2],
      [2, 1 + tau],
    ]);
    expect(maxAbsDiff(llt(L), shifted)).toBeLessThan(1e-14);
  });

  it('starts from -min h_ii + beta when a diagonal entry is not positive', () => {
    const L = new DenseMatrix(2, 2);
    expect(
      choleskyWithShift(
        M([
          [1, 0],
          [0, -1],
        ]),
        1e-3,
        L,
      ),
    ).toBe(1.001);
    expect(shiftedCholesky(M([[-4]]), 0.5, 1e-3, new DenseMatrix(1, 1))).toBe(4.001);
    expect(shiftedCholesky(M([[-4]]), 10, 1e-3, new DenseMatrix(1, 1))).toBe(10);
    expect(shiftedCholesky(M([[Number.NaN]]), 0, 1e-3, new DenseMatrix(1, 1))).toBeNaN();
    // a denormal pivot passes Cholesky in floating point, but is no curvature
    expect(
      choleskyWithShift(
        M([
          [2e-4, 0],
          [0, 5e-324],
        ]),
        1e-3,
        new DenseMatrix(2, 2),
      ),
    ).toBe(1e-3);
  });
});

/** Pᵀ A P: entry (perm[a], perm[b]) of the result is A's (a, b). */
function unpermute(A: DenseMatrix, perm: Int32Array): DenseMatrix {
  const n = A.rows;
  const out = new DenseMatrix(n, n);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) out.set(perm[a], perm[b], A.get(a, b));
  return out;
}

describe('modifiedCholesky (Gill–Murray–Wright with interchanges, Nocedal & Wright Algorithm 3.4)', () => {
  it('leaves a well-conditioned positive definite matrix unchanged', () => {
    const H = M([
      [4, 1, 0],
      [1, 3, 1],
      [0, 1, 2],
    ]);
    const L = new DenseMatrix(3, 3);
    const d = new Float64Array(3);
    const e = new Float64Array(3);
    const perm = new Int32Array(3);
    expect(modifiedCholesky(H, L, d, perm, e)).toBe(0);
    expect(Array.from(e)).toEqual([0, 0, 0]);
    expect(maxAbsDiff(unpermute(ldlt(L, d), perm), H)).toBeLessThan(1e-15);
  });

  it('brings the largest remaining diagonal entry to the pivot', () => {
    const L = new DenseMatrix(3, 3);
    const perm = new Int32Array(3);
    modifiedCholesky(
      M([
        [1, 0, 0],
        [0, 5, 0],
        [0, 0, -3],
      ]),
      L,
      new Float64Array(3),
      perm,
    );
    expect(Array.from(perm)).toEqual([1, 2, 0]);
  });

  it('computes the textbook factors of [[1, 2], [2, 1]]', () => {
    // gamma = 1, xi = 2, beta² = max(1, 2/√3) = 2/√3; d1 = max(1, 4/beta²) = 2√3,
    // l21 = 2/d1 = 1/√3, c22 = 1 - d1 l21² = 1 - 2/√3 < 0, d2 = |c22|; no interchange.
    const L = new DenseMatrix(2, 2);
    const d = new Float64Array(2);
    const e = new Float64Array(2);
    const perm = new Int32Array(2);
    const added = modifiedCholesky(
      M([
        [1, 2],
        [2, 1],
      ]),
      L,
      d,
      perm,
      e,
    );
    const r3 = Math.sqrt(3);
    expect(Array.from(perm)).toEqual([0, 1]);
    expect(d[0]).toBeCloseTo(2 * r3, 14);
    expect(L.get(1, 0)).toBeCloseTo(1 / r3, 14);
    expect(d[1]).toBeCloseTo(2 / r3 - 1, 14);
    expect(e[0]).toBeCloseTo(2 * r3 - 1, 14);
    expect(e[1]).toBeCloseTo(2 * (2 / r3 - 1), 14);
    expect(added).toBe(e[0]);
  });

  it('Pᵀ L D Lᵀ P = H + E with E diagonal and >= 0, D > 0, on random symmetric matrices', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        fc.array(real(-1, 1), { minLength: 28, maxLength: 28 }),
        (n, entries) => {
          const H = symmetric(n, entries);
          const L = new DenseMatrix(n, n);
          const d = new Float64Array(n);
          const e = new Float64Array(n);
          const perm = new Int32Array(n);
          const added = modifiedCholesky(H, L, d, perm, e);
          const R = unpermute(ldlt(L, d), perm);
          expect(Array.from(perm).sort()).toEqual(Array.from({ length: n }, (_, i) => i));
          for (let i = 0; i < n; i++) {
            expect(d[i]).toBeGreaterThan(0);
            expect(e[i]).toBeGreaterThanOrEqual(0);
            expect(L.get(i, i)).toBe(1);
            for (let j = 0; j < i; j++) expect(L.get(j, i)).toBe(0);
            R.set(i, i, R.get(i, i) - e[i]);
          }
          expect(maxAbsDiff(R, H)).toBeLessThan(1e-12 * Math.max(1, ...d));
          expect(added).toBe(Math.max(...e));
        },
      ),
      { seed: 42, numRuns: 100 },
    );
  });

  it('ldlSolve solves Pᵀ L D Lᵀ P x = b', () => {
    const H = M([
      [1, 1, 0],
      [1, 3, 1],
      [0, 1, 4],
    ]);
    const L = new DenseMatrix(3, 3);
    const d = new Float64Array(3);
    const perm = new Int32Array(3);
    expect(modifiedCholesky(H, L, d, perm)).toBe(0);
    expect(Array.from(perm)).not.toEqual([0, 1, 2]);
    const b = Float64Array.of(1, 2, 3);
    const x = ldlSolve(L, d, b, new Float64Array(3), perm);
    const r = matVec(H, x, new Float64Array(3));
    for (let i = 0; i < 3; i++) expect(r[i]).toBeCloseTo(b[i], 14);
    // in place
    ldlSolve(L, d, b, b, perm);
    expect(Array.from(b)).toEqual(Array.from(x));
  });
});

describe('eigenModify', () => {
  const H = M([
    [1, 0],
    [0, -2],
  ]);
  it("'flip' takes |lambda|, 'floor' raises to delta; returns the largest change", () => {
    const out = new DenseMatrix(2, 2);
    expect(eigenModify(H, out, 'flip', 1e-8)).toBe(4);
    expect(out.toArray()).toEqual([
      [1, 0],
      [0, 2],
    ]);
    expect(eigenModify(H, out, 'floor', 1e-8)).toBeCloseTo(2 + 2e-8, 15);
    expect(out.get(1, 1)).toBeCloseTo(2e-8, 20);
    expect(eigenModify(new DenseMatrix(2, 2), out, 'flip', 1e-8)).toBe(1e-8);
  });

  it('gives a symmetric matrix with eigenvectors kept and eigenvalues >= delta', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(real(-1, 1), { minLength: 21, maxLength: 21 }),
        fc.constantFrom('flip' as const, 'floor' as const),
        (n, entries, mode) => {
          const A = symmetric(n, entries);
          const out = new DenseMatrix(n, n);
          const added = eigenModify(A, out, mode, 1e-6);
          const before = symmetricEigen(A).values;
          const after = symmetricEigen(out).values;
          const delta = 1e-6 * Math.max(1, Math.abs(before[0]), Math.abs(before[n - 1]));
          const expected = Array.from(before, (l) =>
            Math.max(mode === 'flip' ? Math.abs(l) : l, delta),
          );
          expected.sort((a, b) => a - b);
          for (let i = 0; i < n; i++) expect(after[i]).toBeCloseTo(expected[i], 12);
          expect(after[0]).toBeGreaterThan(0);
          expect(added).toBeGreaterThanOrEqual(0);
          for (let i = 0; i < n; i++)
            for (let j = 0; j < i; j++) expect(out.get(i, j)).toBe(out.get(j, i));
        },
      ),
      { seed: 42, numRuns: 100 },
    );
  });
});

/** f(x) = ½xᵀAx + bᵀx + (c/4)Σx_i⁴: gradient and Hessian at x. */
function quarticModel(A: DenseMatrix, b: Float64Array, c: number, x: Float64Array) {
  const n = x.length;
  const g = matVec(A, x, new Float64Array(n));
  const H = A.clone();
  for (let i = 0; i < n; i++) {
    g[i] += b[i] + c * x[i] ** 3;
    H.set(i, i, H.get(i, i) + 3 * c * x[i] ** 2);
  }
  return { g, H };
}

const settingsFor = (
  modification: ModificationSettings['modification'],
  lambda = 1e-3,
): ModificationSettings => ({
  modification,
  beta: 1e-3,
  eigenMode: 'flip',
  eigenFloor: 1e-8,
  lambda,
});

describe('modifiedNewtonStep', () => {
  it('every modification gives a descent direction on random indefinite quadratics plus a quartic term', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(real(-1, 1), { minLength: 21, maxLength: 21 }),
        fc.array(real(-2, 2), { minLength: 12, maxLength: 12 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.constantFrom(...MODIFICATIONS),
        fc.double({ min: 0, max: 10, noNaN: true }),
        (n, entries, vs, c, modification, lambda) => {
          const A = symmetric(n, entries);
          const b = Float64Array.from(vs.slice(0, n));
          const x = Float64Array.from(vs.slice(6, 6 + n));
          const { g, H } = quarticModel(A, b, c, x);
          const p = new Float64Array(n);
          const added = modifiedNewtonStep(
            H,
            g,
            p,
            createModificationWork(n),
            settingsFor(modification, lambda),
          );
          expect(added).toBeGreaterThanOrEqual(0);
          // gᵀp = −gᵀH̃⁻¹g < 0 whenever g ≠ 0 (g = 0 only at x = 0 with b = 0)
          if (normInf(g) > 0) expect(dot(g, p)).toBeLessThan(0);
          else expect(dot(g, p)).toBe(0);
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it('is the Newton step when H is positive definite (nothing added)', () => {
    const H = M([
      [4, 1],
      [1, 3],
    ]);
    const g = Float64Array.of(1, -2);
    for (const modification of ['cholesky-shift', 'modified-cholesky', 'eigen'] as const) {
      const p = new Float64Array(2);
      expect(
        modifiedNewtonStep(H, g, p, createModificationWork(2), settingsFor(modification)),
      ).toBe(0);
      const r = matVec(H, p, new Float64Array(2));
      expect(r[0]).toBeCloseTo(-1, 14);
      expect(r[1]).toBeCloseTo(2, 14);
    }
    const p = new Float64Array(2);
    expect(
      modifiedNewtonStep(H, g, p, createModificationWork(2), settingsFor('levenberg', 0)),
    ).toBe(0);
  });

  it('levenberg solves (H + lambda I) p = -g with the lambda it used', () => {
    const H = M([
      [1, 0],
      [0, -1],
    ]);
    const g = Float64Array.of(1, 1);
    const p = new Float64Array(2);
    const lambda = modifiedNewtonStep(
      H,
      g,
      p,
      createModificationWork(2),
      settingsFor('levenberg', 3),
    );
    expect(lambda).toBe(3);
    expect(p[0]).toBeCloseTo(-1 / 4, 15);
    expect(p[1]).toBeCloseTo(-1 / 2, 15);
    // a damping too small is raised until H + lambda I is positive definite
    expect(
      modifiedNewtonStep(H, g, p, createModificationWork(2), settingsFor('levenberg', 0.5)),
    ).toBe(1.001);
  });

  it('returns NaN for a non-finite H', () => {
    const H = M([
      [Number.NaN, 0],
      [0, 1],
    ]);
    for (const m of MODIFICATIONS)
      expect(
        modifiedNewtonStep(
          H,
          Float64Array.of(1, 1),
          new Float64Array(2),
          createModificationWork(2),
          settingsFor(m),
        ),
      ).toBeNaN();
  });

  it('createModificationWork validates n', () => {
    expect(() => createModificationWork(1.5)).toThrow(
      new RangeError('createModificationWork: n must be an integer >= 1, got 1.5'),
    );
  });
});

describe('unitStepInRounding', () => {
  it('accepts a change of f within 10ε|f| when ‖∇f‖∞ at least halves', () => {
    const f = 378.76919180868435;
    expect(unitStepInRounding(f, 378.76919180868447, 2.8e-6, 2.2e-13)).toBe(true);
    expect(unitStepInRounding(f, f - 1e-13, 1, 0.5)).toBe(true);
    expect(unitStepInRounding(f, f - 1, 1, 0.5)).toBe(false); // a real decrease: the line search decides
    expect(unitStepInRounding(f, f + 1e-10, 2.8e-6, 2.2e-13)).toBe(false);
    expect(unitStepInRounding(f, f, 1, 0.6)).toBe(false);
    expect(unitStepInRounding(f, Number.NaN, 1, 0)).toBe(false);
  });
});

describe('Levenberg damping', () => {
  it('levenbergUpdate shrinks lambda on good ratios and grows it on poor ones', () => {
    expect(levenbergUpdate(3, 1)).toBe(1);
    expect(levenbergUpdate(3, 0.5)).toBe(3);
    expect(levenbergUpdate(1, 0.25)).toBeCloseTo(1.125, 15);
    expect(levenbergUpdate(1, 1e-9)).toBeCloseTo(2, 6);
    expect(levenbergUpdate(1, 0)).toBe(2);
    expect(levenbergUpdate(1, -5)).toBe(2);
    expect(levenbergUpdate(1, Number.NaN)).toBe(2);
  });

  it('predictedReduction is -q(alpha p) of the Newton model when (H + lambda I) p = -g', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(real(-1, 1), { minLength: 15, maxLength: 15 }),
        fc.array(real(-1, 1), { minLength: 5, maxLength: 5 }),
        fc.double({ min: 0.01, max: 3, noNaN: true }),
        (n, entries, gs, alpha) => {
          const H = symmetric(n, entries);
          const g = Float64Array.from(gs.slice(0, n));
          const p = new Float64Array(n);
          const lambda = modifiedNewtonStep(
            H,
            g,
            p,
            createModificationWork(n),
            settingsFor('levenberg', 0.1),
          );
          const Hp = matVec(H, p, new Float64Array(n));
          const q = alpha * dot(g, p) + 0.5 * alpha * alpha * dot(p, Hp);
          const predicted = predictedReduction(dot(g, p), alpha, lambda, dot(p, p));
          expect(predicted).toBeCloseTo(-q, 8);
        },
      ),
      { seed: 42, numRuns: 100 },
    );
  });
});
