import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cholesky,
  choleskyMlMatrix,
  choleskySolve,
  luFactor,
  luFactorSolve,
  luSolve,
  luSolveNdarray,
  symmetricEigen,
  triangularSolve,
} from './linalg.js';
import { DenseMatrix, matVec } from './matrix.js';
import { mulberry32 } from './random.js';
import { norm2 } from './vector.js';

const EPS = Number.EPSILON;

function randomMatrix(n: number, seed: number): DenseMatrix {
  const r = mulberry32(seed);
  const A = new DenseMatrix(n, n);
  for (let i = 0; i < n * n; i++) A.data[i] = 2 * r() - 1;
  return A;
}

function randomVector(n: number, seed: number): Float64Array {
  const r = mulberry32(seed);
  return Float64Array.from({ length: n }, () => 2 * r() - 1);
}

/** B·Bᵀ/n + shift·I: symmetric, positive definite when shift > 0. */
function randomSpd(n: number, seed: number, shift = 1): DenseMatrix {
  const B = randomMatrix(n, seed).data;
  const A = new DenseMatrix(n, n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += B[i * n + k] * B[j * n + k];
      s /= n;
      if (i === j) s += shift;
      A.data[i * n + j] = s;
      A.data[j * n + i] = s;
    }
  return A;
}

/** Q·diag(d)·Qᵀ with Q a product of random Householder reflections: known eigenvalues. */
function symmetricWithEigenvalues(d: number[], seed: number): DenseMatrix {
  const n = d.length;
  const A = new DenseMatrix(n, n);
  for (let i = 0; i < n; i++) A.data[i * n + i] = d[i];
  for (let h = 0; h < 3; h++) {
    const v = randomVector(n, seed + h);
    const vv = v.reduce((s, x) => s + x * x, 0);
    // A ← (I − 2vvᵀ/vᵀv) A (I − 2vvᵀ/vᵀv)
    const w = matVec(A, v, new Float64Array(n));
    const c = v.reduce((s, x, i) => s + x * w[i], 0) / vv;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        A.data[i * n + j] += (-2 * (v[i] * w[j] + w[i] * v[j])) / vv + (4 * c * v[i] * v[j]) / vv;
  }
  return A;
}

function frobenius(A: DenseMatrix): number {
  return norm2(A.data);
}

/** ‖A·x − b‖ / ‖b‖. */
function relativeResidual(A: DenseMatrix, x: Float64Array, b: Float64Array): number {
  const r = matVec(A, x, new Float64Array(b.length));
  for (let i = 0; i < b.length; i++) r[i] -= b[i];
  return norm2(r) / norm2(b);
}

/** Normwise backward error ‖A·x − b‖ / (‖A‖_F‖x‖ + ‖b‖) (Rigal–Gaches). */
function backwardError(A: DenseMatrix, x: Float64Array, b: Float64Array): number {
  const r = matVec(A, x, new Float64Array(b.length));
  for (let i = 0; i < b.length; i++) r[i] -= b[i];
  return norm2(r) / (frobenius(A) * norm2(x) + norm2(b));
}

/** max |(L·Lᵀ − A)_ij| over the lower triangle, relative to max |a_ij|. */
function factorError(A: DenseMatrix, L: DenseMatrix): number {
  const n = A.rows;
  const l = L.data;
  let err = 0;
  let scale = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k <= j; k++) s += l[i * n + k] * l[j * n + k];
      err = Math.max(err, Math.abs(s - A.data[i * n + j]));
      scale = Math.max(scale, Math.abs(A.data[i * n + j]));
    }
  return err / scale;
}

function maxAbsDifference(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
}

function strictUpperIsZero(L: DenseMatrix): boolean {
  const n = L.rows;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) if (L.data[i * n + j] !== 0) return false;
  return true;
}

// Sizes around the kernels' block edges: tiles of 3, leaves of 8, panels of 48.
const SIZES = [1, 2, 3, 4, 5, 7, 8, 9, 10, 16, 17, 25, 31, 47, 48, 49, 95, 96, 97, 145, 250];

describe('cholesky', () => {
  it('factors a small matrix exactly', () => {
    const L = DenseMatrix.zeros(2);
    expect(
      cholesky(
        DenseMatrix.from([
          [4, 2],
          [2, 5],
        ]),
        L,
      ),
    ).toBe(true);
    expect(L.toArray()).toEqual([
      [2, 0],
      [1, 2],
    ]);
  });

  it.each(SIZES)('n = %i: L·Lᵀ = A, agrees with ml-matrix, solves to a small residual', (n) => {
    const A = randomSpd(n, 1000 + n);
    const L = DenseMatrix.zeros(n);
    expect(cholesky(A, L)).toBe(true);
    expect(strictUpperIsZero(L)).toBe(true);
    expect(factorError(A, L)).toBeLessThan(10 * n * EPS);
    const R = DenseMatrix.zeros(n);
    expect(choleskyMlMatrix(A, R)).toBe(true);
    // cond(A) ≤ 1 + ‖B‖²/n is small here: the factors agree to rounding.
    expect(maxAbsDifference(L.data, R.data)).toBeLessThan(1e-12);
    const b = randomVector(n, n);
    const x = choleskySolve(L, b, new Float64Array(n));
    expect(relativeResidual(A, x, b)).toBeLessThan(1e-13);
  });

  it('overwrites whatever L held before (upper triangle zeroed)', () => {
    const A = randomSpd(130, 9);
    const L = DenseMatrix.zeros(130);
    cholesky(A, L);
    const M = DenseMatrix.zeros(130);
    M.data.fill(Number.NaN);
    expect(cholesky(A, M)).toBe(true);
    expect(Array.from(M.data)).toEqual(Array.from(L.data));
  });

  it('factors in place (L = A) to the same factor', () => {
    const A = randomSpd(130, 7);
    const L = DenseMatrix.zeros(130);
    cholesky(A, L);
    const B = A.clone();
    expect(cholesky(B, B)).toBe(true);
    expect(Array.from(B.data)).toEqual(Array.from(L.data));
  });

  it('reads only the lower triangle of A', () => {
    const A = randomSpd(101, 8);
    const L1 = DenseMatrix.zeros(101);
    cholesky(A, L1);
    const G = A.clone();
    for (let i = 0; i < 101; i++)
      for (let j = i + 1; j < 101; j++) G.data[i * 101 + j] = Number.NaN;
    const L2 = DenseMatrix.zeros(101);
    expect(cholesky(G, L2)).toBe(true);
    expect(Array.from(L2.data)).toEqual(Array.from(L1.data));
  });

  it('gives L with a positive diagonal on an ill-conditioned matrix (cond ≈ 1e10)', () => {
    const n = 60;
    const d = Array.from({ length: n }, (_, i) => 10 ** ((-10 * i) / (n - 1)));
    const A = symmetricWithEigenvalues(d, 3);
    const L = DenseMatrix.zeros(n);
    expect(cholesky(A, L)).toBe(true);
    for (let i = 0; i < n; i++) expect(L.get(i, i)).toBeGreaterThan(0);
    expect(factorError(A, L)).toBeLessThan(10 * n * EPS);
    const b = randomVector(n, 4);
    const x = choleskySolve(L, b, new Float64Array(n));
    expect(backwardError(A, x, b)).toBeLessThan(10 * n * EPS);
  });

  it.each([
    [
      'indefinite',
      [
        [1, 2],
        [2, 1],
      ],
    ],
    [
      'negative definite',
      [
        [-1, 0],
        [0, -2],
      ],
    ],
    [
      'singular',
      [
        [1, 1],
        [1, 1],
      ],
    ],
    [
      'zero',
      [
        [0, 0],
        [0, 0],
      ],
    ],
    [
      'NaN below the diagonal',
      [
        [1, 0],
        [Number.NaN, 1],
      ],
    ],
    [
      'NaN on the diagonal',
      [
        [1, 0],
        [0, Number.NaN],
      ],
    ],
    [
      '+Infinity on the diagonal',
      [
        [Number.POSITIVE_INFINITY, 0],
        [0, 1],
      ],
    ],
    [
      '+Infinity below the diagonal',
      [
        [1, 0],
        [Number.POSITIVE_INFINITY, 1],
      ],
    ],
  ])('returns false (never throws) when A is %s, as ml-matrix', (_, rows) => {
    const A = DenseMatrix.from(rows as number[][]);
    expect(cholesky(A, DenseMatrix.zeros(2))).toBe(false);
    expect(choleskyMlMatrix(A, DenseMatrix.zeros(2))).toBe(false);
  });

  it.each([50, 150, 250])(
    'n = %i: returns false on a matrix with one negative eigenvalue, true once shifted past it',
    (n) => {
      const d = Array.from({ length: n }, (_, i) => (i === n >> 1 ? -1e-3 : 1 + i));
      const A = symmetricWithEigenvalues(d, n);
      const L = DenseMatrix.zeros(n);
      expect(cholesky(A, L)).toBe(false);
      expect(choleskyMlMatrix(A, DenseMatrix.zeros(n))).toBe(false);
      for (let i = 0; i < n; i++) A.data[i * n + i] += 2e-3;
      expect(cholesky(A, L)).toBe(true);
    },
  );

  it('returns false on a NaN deep inside a large matrix', () => {
    const A = randomSpd(200, 5);
    A.set(150, 120, Number.NaN);
    expect(cholesky(A, DenseMatrix.zeros(200))).toBe(false);
  });

  it('handles n = 0', () => {
    expect(cholesky(DenseMatrix.zeros(0), DenseMatrix.zeros(0))).toBe(true);
  });

  it('property: random SPD matrices factor and solve like ml-matrix', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer(), (n, seed) => {
        const A = randomSpd(n, seed, 0.1);
        const L = DenseMatrix.zeros(n);
        const R = DenseMatrix.zeros(n);
        expect(cholesky(A, L)).toBe(true);
        expect(choleskyMlMatrix(A, R)).toBe(true);
        expect(maxAbsDifference(L.data, R.data)).toBeLessThan(1e-10);
        const b = randomVector(n, seed + 1);
        const x = choleskySolve(L, b, b.slice());
        expect(backwardError(A, x, b)).toBeLessThan(10 * n * EPS);
      }),
      { seed: 42, numRuns: 50 },
    );
  });

  it('throws naming the argument for a wrong shape', () => {
    expect(() => cholesky(DenseMatrix.zeros(2, 3), DenseMatrix.zeros(2))).toThrow(
      'cholesky: A must be square, got 2×3',
    );
    expect(() => cholesky(DenseMatrix.zeros(2), DenseMatrix.zeros(3))).toThrow(
      'cholesky: L must be 2×2 like A, got 3×3',
    );
    expect(() => cholesky([[1]] as unknown as DenseMatrix, DenseMatrix.zeros(1))).toThrow(
      'cholesky: A must be a DenseMatrix, got an array of length 1',
    );
  });
});

describe('choleskySolve and triangularSolve', () => {
  it('solve with out aliasing b', () => {
    const A = randomSpd(40, 11);
    const L = DenseMatrix.zeros(40);
    cholesky(A, L);
    const b = randomVector(40, 12);
    const x = choleskySolve(L, b, b.slice());
    const y = b.slice();
    expect(choleskySolve(L, y, y)).toBe(y);
    expect(Array.from(y)).toEqual(Array.from(x));
  });

  it('triangularSolve gives L⁻¹b and L⁻ᵀb, and composes to A⁻¹b', () => {
    const n = 57;
    const A = randomSpd(n, 13);
    const L = DenseMatrix.zeros(n);
    cholesky(A, L);
    const b = randomVector(n, 14);
    const y = triangularSolve(L, b, new Float64Array(n));
    expect(relativeResidual(L, y, b)).toBeLessThan(1e-14);
    const Lt = DenseMatrix.zeros(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) Lt.set(i, j, L.get(j, i));
    const z = triangularSolve(L, b, new Float64Array(n), true);
    expect(relativeResidual(Lt, z, b)).toBeLessThan(1e-14);
    triangularSolve(L, y, y, true);
    expect(maxAbsDifference(y, choleskySolve(L, b, new Float64Array(n)))).toBeLessThan(1e-15);
  });

  it('throws naming the vector of the wrong length', () => {
    const L = DenseMatrix.identity(3);
    expect(() => choleskySolve(L, new Float64Array(2), new Float64Array(3))).toThrow(
      'choleskySolve: b must have length 3, got length 2',
    );
    expect(() =>
      triangularSolve(L, new Float64Array(3), [0, 0, 0] as unknown as Float64Array),
    ).toThrow('triangularSolve: out must be a Float64Array, got an array of length 3');
  });
});

describe('luSolve', () => {
  it('solves a permutation matrix, which unpivoted LU (ndarray-linear-solve) cannot', () => {
    const P = DenseMatrix.from([
      [0, 1],
      [1, 0],
    ]);
    const x = new Float64Array(2);
    expect(luSolve(P, Float64Array.of(2, 3), x)).toBe(true);
    expect(Array.from(x)).toEqual([3, 2]);
    expect(luSolveNdarray(P, Float64Array.of(2, 3), new Float64Array(2))).toBe(false);
  });

  it('pivots on a tiny leading entry and stays accurate', () => {
    const A = DenseMatrix.from([
      [1e-20, 1],
      [1, 1],
    ]);
    const x = new Float64Array(2);
    expect(luSolve(A, Float64Array.of(1, 2), x)).toBe(true);
    // x = (1/(1 − 1e-20), (1 − 2e-20)/(1 − 1e-20)) = (1, 1) to double precision
    expect(Array.from(x)).toEqual([1, 1]);
  });

  it.each(SIZES)('n = %i: nonsymmetric random A, backward stable, A unmodified', (n) => {
    const A = randomMatrix(n, 2000 + n);
    const copy = A.data.slice();
    const b = randomVector(n, 3000 + n);
    const x = new Float64Array(n);
    expect(luSolve(A, b, x)).toBe(true);
    expect(Array.from(A.data)).toEqual(Array.from(copy));
    expect(backwardError(A, x, b)).toBeLessThan(10 * n * EPS);
  });

  it.each([7, 60, 150])('n = %i: symmetric indefinite A (an indefinite Hessian)', (n) => {
    const d = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -1 : 1) * (1 + i));
    const A = symmetricWithEigenvalues(d, 17 + n);
    const b = randomVector(n, n);
    const x = new Float64Array(n);
    expect(luSolve(A, b, x)).toBe(true);
    // cond(A) = n: the relative residual is a small multiple of n·ε.
    expect(relativeResidual(A, x, b)).toBeLessThan(1e-12);
  });

  it.each([
    [
      'singular',
      [
        [1, 2],
        [2, 4],
      ],
    ],
    [
      'zero',
      [
        [0, 0],
        [0, 0],
      ],
    ],
    [
      'a zero column',
      [
        [1, 0],
        [3, 0],
      ],
    ],
    [
      'NaN',
      [
        [1, Number.NaN],
        [0, 1],
      ],
    ],
    [
      'Infinity',
      [
        [1, 0],
        [Number.POSITIVE_INFINITY, 1],
      ],
    ],
  ])('returns false (never throws) when A is %s', (_, rows) => {
    expect(
      luSolve(DenseMatrix.from(rows as number[][]), Float64Array.of(1, 1), new Float64Array(2)),
    ).toBe(false);
  });

  it('returns false on a large matrix with two equal rows', () => {
    const A = randomMatrix(150, 21);
    A.data.copyWithin(120 * 150, 30 * 150, 31 * 150);
    expect(luSolve(A, randomVector(150, 1), new Float64Array(150))).toBe(false);
  });

  it('solves with out aliasing b, and twice with the same A', () => {
    const A = randomMatrix(33, 5);
    const b = randomVector(33, 6);
    const x = new Float64Array(33);
    luSolve(A, b, x);
    const y = b.slice();
    expect(luSolve(A, y, y)).toBe(true);
    expect(Array.from(y)).toEqual(Array.from(x));
  });

  it('property: random nonsymmetric matrices solve to a small backward error', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer(), (n, seed) => {
        const A = randomMatrix(n, seed);
        const b = randomVector(n, seed ^ 0x5bd1e995);
        const x = new Float64Array(n);
        expect(luSolve(A, b, x)).toBe(true);
        expect(backwardError(A, x, b)).toBeLessThan(10 * n * EPS);
      }),
      { seed: 42, numRuns: 50 },
    );
  });
});

describe('luFactor and luFactorSolve', () => {
  it.each([5, 31, 97, 200])('n = %i: P·A = L·U with |l_ij| ≤ 1, in place', (n) => {
    const A = randomMatrix(n, 40 + n);
    const LU = A.clone();
    const pivots = new Int32Array(n);
    expect(luFactor(LU, LU, pivots)).toBe(true);
    // Apply the interchanges to a copy of A, then compare with L·U.
    const PA = A.clone();
    for (let j = 0; j < n; j++) {
      const p = pivots[j];
      expect(p).toBeGreaterThanOrEqual(j);
      if (p !== j)
        for (let k = 0; k < n; k++) {
          const t = PA.data[j * n + k];
          PA.data[j * n + k] = PA.data[p * n + k];
          PA.data[p * n + k] = t;
        }
    }
    const f = LU.data;
    let err = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k <= Math.min(i, j); k++) s += (k === i ? 1 : f[i * n + k]) * f[k * n + j];
        err = Math.max(err, Math.abs(s - PA.data[i * n + j]));
        if (j < i) expect(Math.abs(f[i * n + j])).toBeLessThanOrEqual(1);
      }
    expect(err).toBeLessThan(100 * n * EPS);
  });

  it('factors once and solves many right-hand sides', () => {
    const n = 120;
    const A = randomMatrix(n, 9);
    const LU = DenseMatrix.zeros(n);
    const pivots = new Int32Array(n);
    expect(luFactor(A, LU, pivots)).toBe(true);
    for (let s = 0; s < 3; s++) {
      const b = randomVector(n, 100 + s);
      const x = luFactorSolve(LU, pivots, b, new Float64Array(n));
      expect(backwardError(A, x, b)).toBeLessThan(10 * n * EPS);
    }
  });

  it('throws naming the pivots array', () => {
    expect(() => luFactor(DenseMatrix.zeros(3), DenseMatrix.zeros(3), new Int32Array(2))).toThrow(
      'luFactor: pivots must have length 3, got length 2',
    );
    expect(() =>
      luFactorSolve(
        DenseMatrix.zeros(3),
        new Float64Array(3) as unknown as Int32Array,
        new Float64Array(3),
        new Float64Array(3),
      ),
    ).toThrow('luFactorSolve: pivots must be an Int32Array, got a Float64Array of length 3');
  });
});

describe('luSolveNdarray (the reference peer)', () => {
  it.each([2, 3, 10, 64, 150])(
    'n = %i: solves Ax = b, not Aᵀx = b, on a nonsymmetric diagonally dominant A',
    (n) => {
      const A = randomMatrix(n, 70 + n);
      for (let i = 0; i < n; i++) A.data[i * n + i] += n * (i % 2 === 0 ? 1 : -1);
      const b = randomVector(n, 80 + n);
      const x = new Float64Array(n);
      expect(luSolveNdarray(A, b, x)).toBe(true);
      expect(relativeResidual(A, x, b)).toBeLessThan(1e-13);
      const y = new Float64Array(n);
      expect(luSolve(A, b, y)).toBe(true);
      expect(maxAbsDifference(x, y)).toBeLessThan(1e-13 * Math.max(1, norm2(y)));
      // The transposed system has another solution: the orientation matters.
      const At = DenseMatrix.zeros(n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) At.set(i, j, A.get(j, i));
      if (n > 1) expect(relativeResidual(At, x, b)).toBeGreaterThan(1e-6);
    },
  );
});

describe('symmetricEigen', () => {
  it('gives the eigenvalues of a 2×2 matrix, ascending', () => {
    const { values, vectors } = symmetricEigen(
      DenseMatrix.from([
        [2, 1],
        [1, 2],
      ]),
    );
    expect(values[0]).toBeCloseTo(1, 14);
    expect(values[1]).toBeCloseTo(3, 14);
    expect(Math.abs(vectors.get(0, 0))).toBeCloseTo(Math.SQRT1_2, 14);
  });

  it.each([1, 5, 30, 80])(
    'n = %i: A·v = λ·v, VᵀV = I, values ascending and as constructed',
    (n) => {
      const d = Array.from({ length: n }, (_, i) => Math.sin(3 * i) * 10);
      const A = symmetricWithEigenvalues(d, 50 + n);
      const { values, vectors } = symmetricEigen(A);
      const sorted = [...d].sort((x, y) => x - y);
      const scale = Math.max(frobenius(A), 1);
      for (let i = 0; i < n; i++) {
        expect(Math.abs(values[i] - sorted[i])).toBeLessThan(1e-12 * scale);
        if (i > 0) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
      }
      const V = vectors.data;
      const v = new Float64Array(n);
      const Av = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < n; i++) v[i] = V[i * n + j];
        matVec(A, v, Av);
        for (let i = 0; i < n; i++) Av[i] -= values[j] * v[i];
        expect(norm2(Av)).toBeLessThan(1e-12 * scale);
        for (let k = 0; k <= j; k++) {
          let s = 0;
          for (let i = 0; i < n; i++) s += V[i * n + j] * V[i * n + k];
          expect(Math.abs(s - (j === k ? 1 : 0))).toBeLessThan(1e-12);
        }
      }
    },
  );

  it('reads only the lower triangle', () => {
    const A = DenseMatrix.from([
      [2, 99],
      [1, 2],
    ]);
    const { values } = symmetricEigen(A);
    expect(values[0]).toBeCloseTo(1, 14);
    expect(values[1]).toBeCloseTo(3, 14);
  });
});
