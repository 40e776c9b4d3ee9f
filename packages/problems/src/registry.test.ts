import { readFileSync } from 'node:fs';
import { DenseMatrix, symmetricEigen } from '@hessian/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { himmelblau, himmelblauCriticalPoints } from './himmelblau.js';
import { logisticRegression, sigmoid, softplus } from './logistic.js';
import { convexQuadratic } from './quadratic.js';
import { mulberry32, standardNormal } from './random.js';
import { classicProblemNames, getProblem, scalableProblemNames } from './registry.js';

describe('problem names', () => {
  it('lists the classic and the scalable problems', () => {
    expect(classicProblemNames).toEqual([
      'rosenbrock',
      'freudenstein-roth',
      'powell-badly-scaled',
      'brown-badly-scaled',
      'beale',
      'helical-valley',
      'bard',
      'gaussian',
      'box-3d',
      'powell-singular',
      'wood',
      'biggs-exp6',
      'watson',
      'penalty-1',
      'penalty-2',
      'variably-dimensioned',
      'trigonometric',
      'brown-almost-linear',
      'discrete-boundary-value',
      'broyden-tridiagonal',
      'himmelblau',
      'quadratic',
    ]);
    expect(scalableProblemNames).toEqual([
      'extended-rosenbrock',
      'chained-rosenbrock',
      'arwhead',
      'bdqrtic',
      'tridia',
      'dixmaana',
      'dixmaanb',
      'dixmaanc',
      'dixmaand',
      'powellsg',
      'nondquar',
      'engval1',
      'fletchcr',
      'logistic-regression',
    ]);
  });

  it('are all in docs/problems.md', () => {
    const doc = readFileSync(new URL('../../../docs/problems.md', import.meta.url), 'utf8');
    for (const name of [...classicProblemNames, ...scalableProblemNames])
      expect(doc, name).toContain(`\`${name}\``);
  });
});

describe('getProblem', () => {
  it('rejects an unknown name with a RangeError listing the names', () => {
    expect(() => getProblem('rosenbrok')).toThrow(RangeError);
    expect(() => getProblem('rosenbrok')).toThrow(
      /^getProblem: unknown problem 'rosenbrok'; the problems are rosenbrock, freudenstein-roth, .*, logistic-regression$/,
    );
    expect(() => getProblem('toString')).toThrow(RangeError);
  });

  it('rejects bad options with messages naming the problem and the option', () => {
    expect(() => getProblem('rosenbrock', { n: 3 })).toThrow(
      new RangeError('rosenbrock: n must be 2 (the dimension is fixed), got 3'),
    );
    expect(() => getProblem('extended-rosenbrock', { n: 3 })).toThrow(
      new RangeError('extended-rosenbrock: n must be an even integer >= 2, got 3'),
    );
    expect(() => getProblem('powellsg', { n: 6 })).toThrow(
      new RangeError('powellsg: n must be an integer multiple of 4 >= 4, got 6'),
    );
    expect(() => getProblem('dixmaanc', { n: 10 })).toThrow(
      new RangeError('dixmaanc: n must be an integer multiple of 3 >= 3, got 10'),
    );
    expect(() => getProblem('bdqrtic', { n: 4 })).toThrow(
      new RangeError('bdqrtic: n must be an integer >= 5, got 4'),
    );
    expect(() => getProblem('watson', { n: 32 })).toThrow(
      new RangeError('watson: n must be an integer <= 31, got 32'),
    );
    expect(() => getProblem('penalty-1', { n: 2.5 })).toThrow(
      new RangeError('penalty-1: n must be an integer >= 1, got 2.5'),
    );
    expect(() => getProblem('quadratic', { condition: 0.5 })).toThrow(
      new RangeError('quadratic: condition must be a finite number >= 1, got 0.5'),
    );
    expect(() => getProblem('logistic-regression', { lambda: -1 })).toThrow(
      new RangeError('logistic-regression: lambda must be a finite number >= 0, got -1'),
    );
    expect(() => getProblem('logistic-regression', { m: 0 })).toThrow(
      new RangeError('logistic-regression: m must be an integer >= 1, got 0'),
    );
    expect(() => getProblem('rosenbrock', { dim: 2 } as never)).toThrow(
      new RangeError(
        "getProblem: unknown option 'dim'; the options are n, condition, seed, m, lambda",
      ),
    );
  });

  it('uses the default sizes and ignores options a problem does not take', () => {
    expect(getProblem('rosenbrock', { n: 2, seed: 4 }).dimension).toBe(2);
    expect(getProblem('watson').dimension).toBe(6);
    expect(getProblem('penalty-2').dimension).toBe(10);
    expect(getProblem('extended-rosenbrock').dimension).toBe(100);
    expect(getProblem('dixmaand').dimension).toBe(90);
    expect(getProblem('logistic-regression').dimension).toBe(20);
    expect(getProblem('quadratic', { n: 4, condition: 10, seed: 2 }).dimension).toBe(4);
  });

  it('gives f* only where MGH give it', () => {
    expect(getProblem('watson', { n: 7 }).fstar).toBeUndefined();
    expect(getProblem('penalty-1', { n: 5 }).fstar).toBeUndefined();
    // MGH print six digits followed by '…': ours must begin with them.
    const mgh: [string, number, number][] = [
      ['penalty-1', 4, 2.24997e-5],
      ['penalty-1', 10, 7.08765e-5],
      ['penalty-2', 4, 9.37629e-6],
      ['penalty-2', 10, 2.9366e-4],
      ['watson', 6, 2.28767e-3],
      ['watson', 9, 1.39976e-6],
      ['watson', 12, 4.72238e-10],
    ];
    for (const [name, n, digits] of mgh) {
      const fstar = getProblem(name, { n }).fstar!;
      expect(fstar, `${name} n=${n}`).toBeGreaterThanOrEqual(digits);
      expect(fstar, `${name} n=${n}`).toBeLessThan(digits * (1 + 1e-5));
    }
    expect(getProblem('bard').fstar).toBeGreaterThanOrEqual(8.21487e-3);
    expect(getProblem('bard').fstar).toBeLessThan(8.21488e-3);
    expect(getProblem('gaussian').fstar).toBeGreaterThanOrEqual(1.12793e-8);
    expect(getProblem('gaussian').fstar).toBeLessThan(1.12794e-8);
  });
});

describe('mulberry32 and standardNormal', () => {
  it('are deterministic and in range', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    expect(a()).toBe(0.6011037519201636);
    expect(b()).toBe(0.6011037519201636);
    for (let i = 0; i < 1000; i++) {
      const u = a();
      expect(u).toBe(b());
      expect(u >= 0 && u < 1).toBe(true);
    }
    expect(() => mulberry32(1.5)).toThrow(
      new RangeError('mulberry32: seed must be an integer, got 1.5'),
    );
  });

  it('standardNormal has mean ≈ 0 and variance ≈ 1', () => {
    const rand = mulberry32(7);
    let s = 0;
    let s2 = 0;
    const N = 20000;
    for (let i = 0; i < N; i++) {
      const z = standardNormal(rand);
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / N)).toBeLessThan(0.03);
    expect(Math.abs(s2 / N - 1)).toBeLessThan(0.03);
  });
});

describe('convexQuadratic', () => {
  it('has the chosen condition number and extreme eigenvalues 1 and condition', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        fc.integer({ min: 0, max: 1000 }),
        fc.constantFrom('orthogonal' as const, 'diagonal' as const),
        (n, condition, seed, basis) => {
          const p = convexQuadratic(n, condition, seed, basis);
          const H = DenseMatrix.zeros(n);
          p.hessian(p.x0, H);
          const { values } = symmetricEigen(H);
          expect(values[0]).toBeCloseTo(1, 8);
          expect(values[n - 1] / condition).toBeCloseTo(1, 8);
        },
      ),
      { seed: 42, numRuns: 100 },
    );
  });

  it('is a random rotation, not diagonal, in the orthogonal basis', () => {
    const H = DenseMatrix.zeros(5);
    convexQuadratic(5, 100, 3).hessian(new Float64Array(5), H);
    expect(Math.abs(H.get(0, 1))).toBeGreaterThan(1e-3);
    expect(convexQuadratic(5, 100, 3).hessianStructure).toEqual({ kind: 'dense' });
    expect(convexQuadratic(5, 100, 3, 'diagonal').hessianStructure).toEqual({
      kind: 'band',
      lower: 0,
      upper: 0,
    });
  });

  it('reaches f* = 0 in one Newton step from any point', () => {
    const p = convexQuadratic(6, 1e3, 5);
    const x = Float64Array.from({ length: 6 }, (_, i) => i - 2);
    const g = new Float64Array(6);
    p.gradient(x, g);
    // x − H⁻¹g = x*: check H(x − x*) = g instead of solving
    const d = x.map((v, i) => v - p.xstar![i]);
    const hd = new Float64Array(6);
    p.hessianVectorProduct(x, d, hd);
    for (let i = 0; i < 6; i++) expect(hd[i]).toBeCloseTo(g[i], 9);
  });
});

describe('himmelblauCriticalPoints', () => {
  it('gives nine stationary points whose Hessian inertia matches their kind', () => {
    const p = himmelblau();
    const points = himmelblauCriticalPoints();
    expect(points.map((c) => c.kind)).toEqual([
      'minimum',
      'minimum',
      'minimum',
      'minimum',
      'maximum',
      'saddle',
      'saddle',
      'saddle',
      'saddle',
    ]);
    const g = new Float64Array(2);
    const H = DenseMatrix.zeros(2);
    for (const { x, kind } of points) {
      const xv = Float64Array.from(x);
      const f = p.valueAndGradient(xv, g);
      expect(Math.hypot(g[0], g[1])).toBeLessThan(1e-12);
      if (kind === 'minimum') expect(f).toBeLessThan(1e-25);
      p.hessian(xv, H);
      const [l0, l1] = symmetricEigen(H).values;
      const found = l0 > 0 ? 'minimum' : l1 < 0 ? 'maximum' : 'saddle';
      expect(found).toBe(kind);
    }
    expect(p.value(Float64Array.from(points[4].x))).toBeCloseTo(181.6165215225827, 10);
  });

  it('returns fresh arrays', () => {
    const a = himmelblauCriticalPoints();
    a[0].x[0] = 99;
    expect(himmelblauCriticalPoints()[0].x[0]).toBe(3);
  });
});

describe('logisticRegression', () => {
  it('exposes its data and labels in {−1, +1}', () => {
    const p = logisticRegression({ m: 50, n: 4, seed: 2 });
    expect(p.features.length).toBe(200);
    expect(p.labels.every((y) => y === 1 || y === -1)).toBe(true);
    expect(p.labels.some((y) => y === 1) && p.labels.some((y) => y === -1)).toBe(true);
    expect(p.m).toBe(50);
    expect(p.lambda).toBe(1e-3);
  });

  it('softplus and sigmoid neither overflow nor cancel', () => {
    expect(softplus(800)).toBe(800);
    expect(softplus(-800)).toBe(0);
    expect(softplus(-40)).toBeCloseTo(Math.exp(-40), 30);
    expect(sigmoid(-800)).toBe(0);
    expect(sigmoid(800)).toBe(1);
    expect(sigmoid(0)).toBe(0.5);
  });

  it('computes the HVP as Xᵀ(D(Xv))/m + λv at random points (seeded)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 100 }),
        (m, n, seed) => {
          const p = logisticRegression({ m, n, seed, lambda: 0.01 });
          const rand = mulberry32(seed + 1);
          const w = Float64Array.from({ length: n }, () => 4 * rand() - 2);
          const v = Float64Array.from({ length: n }, () => 2 * rand() - 1);
          const hv = new Float64Array(n);
          p.hessianVectorProduct(w, v, hv);
          for (let j = 0; j < n; j++) {
            let s = 0.01 * v[j];
            for (let i = 0; i < m; i++) {
              let z = 0;
              let xv = 0;
              for (let k = 0; k < n; k++) {
                z += p.features[i * n + k] * w[k];
                xv += p.features[i * n + k] * v[k];
              }
              const sg = 1 / (1 + Math.exp(-z));
              s += (sg * (1 - sg) * xv * p.features[i * n + j]) / m;
            }
            expect(hv[j]).toBeCloseTo(s, 12);
          }
        },
      ),
      { seed: 42, numRuns: 100 },
    );
  });
});
