import { DenseMatrix } from '@hessian/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AutodiffProblem, autodiffProblem, matTVec, matVec, type Var } from './index.js';
import { OPS, sigmoid, softplus } from './ops.js';

/** |a − e| ≤ rtol·max(1, |e|), entrywise. */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-13): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const err = Math.abs(actual[i] - e);
    if (!(err <= rtol * Math.max(1, Math.abs(e))))
      expect.fail(`entry ${i}: got ${actual[i]}, expected ${e} (error ${err})`);
  }
}

function hessianOf(p: AutodiffProblem, x: Float64Array): number[][] {
  const H = new DenseMatrix(p.dimension, p.dimension);
  p.hessian(x, H);
  return H.toArray();
}

/** Checks f, ∇f, ∇²f·v and ∇²f of p at x against closed forms. */
function expectDerivatives(
  p: AutodiffProblem,
  x: Float64Array,
  f: number,
  g: ArrayLike<number>,
  H: number[][],
): void {
  const n = x.length;
  const out = new Float64Array(n);
  expectClose([p.value(x)], [f]);
  expectClose([p.valueAndGradient(x, out)], [f]);
  expectClose(out, g);
  const v = Float64Array.from({ length: n }, (_, i) => Math.cos(1 + 2 * i));
  p.hessianVectorProduct(x, v, out);
  const Hv = H.map((row) => row.reduce((s, h, j) => s + h * v[j], 0));
  expectClose(out, Hv);
  const Hd = hessianOf(p, x);
  for (let i = 0; i < n; i++) expectClose(Hd[i], H[i]);
}

/** Diagonal n×n from d. */
function diag(d: number[]): number[][] {
  return d.map((di, i) => d.map((_, j) => (i === j ? di : 0)));
}

/** Unary ops: f(x) = Σ u(xᵢ), with u, u', u'' in closed form, on a domain. */
const UNARY: [string, (x: Var) => Var, (a: number) => [number, number, number], number, number][] =
  [
    ['neg', (x) => x.neg(), (a) => [-a, -1, 0], -2, 2],
    ['square', (x) => x.square(), (a) => [a * a, 2 * a, 2], -2, 2],
    ['pow 3', (x) => x.pow(3), (a) => [a ** 3, 3 * a * a, 6 * a], -2, 2],
    [
      'pow -1.5',
      (x) => x.pow(-1.5),
      (a) => [a ** -1.5, -1.5 * a ** -2.5, 3.75 * a ** -3.5],
      0.3,
      2,
    ],
    [
      'pow 0.5',
      (x) => x.pow(0.5),
      (a) => [Math.sqrt(a), 0.5 / Math.sqrt(a), -0.25 * a ** -1.5],
      0.3,
      2,
    ],
    ['exp', (x) => x.exp(), (a) => [Math.exp(a), Math.exp(a), Math.exp(a)], -2, 2],
    ['log', (x) => x.log(), (a) => [Math.log(a), 1 / a, -1 / (a * a)], 0.3, 2],
    ['sqrt', (x) => x.sqrt(), (a) => [Math.sqrt(a), 0.5 / Math.sqrt(a), -0.25 * a ** -1.5], 0.3, 2],
    ['sin', (x) => x.sin(), (a) => [Math.sin(a), Math.cos(a), -Math.sin(a)], -3, 3],
    ['cos', (x) => x.cos(), (a) => [Math.cos(a), -Math.sin(a), -Math.cos(a)], -3, 3],
    [
      'tanh',
      (x) => x.tanh(),
      (a) => {
        const t = Math.tanh(a);
        return [t, 1 - t * t, -2 * t * (1 - t * t)];
      },
      -3,
      3,
    ],
    ['log1p', (x) => x.log1p(), (a) => [Math.log1p(a), 1 / (1 + a), -1 / (1 + a) ** 2], -0.5, 2],
    [
      'softplus',
      (x) => x.softplus(),
      (a) => {
        const s = sigmoid(a);
        return [softplus(a), s, s * (1 - s)];
      },
      -5,
      5,
    ],
    [
      'sigmoid',
      (x) => x.sigmoid(),
      (a) => {
        const s = sigmoid(a);
        return [s, s * (1 - s), s * (1 - s) * (1 - 2 * s)];
      },
      -5,
      5,
    ],
    ['abs', (x) => x.abs(), (a) => [Math.abs(a), Math.sign(a), 0], -2, 2],
  ];

const point = (n: number, lo: number, hi: number) =>
  fc
    .array(fc.double({ min: lo, max: hi, noNaN: true }), { minLength: n, maxLength: n })
    .filter((a) => a.every((t) => t !== 0))
    .map((a) => Float64Array.from(a));

describe('elementwise rules: value, gradient, HVP and Hessian against closed forms', () => {
  const n = 4;
  for (const [name, u, closed, lo, hi] of UNARY)
    it(name, () => {
      const p = autodiffProblem((x) => u(x).sum(), n);
      fc.assert(
        fc.property(point(n, lo, hi), (x) => {
          const parts = Array.from(x, closed);
          expectDerivatives(
            p,
            x,
            parts.reduce((s, t) => s + t[0], 0),
            parts.map((t) => t[1]),
            diag(parts.map((t) => t[2])),
          );
        }),
        { seed: 42, numRuns: 30 },
      );
    });

  /** f(x) = Σᵢ op(aᵢ, bᵢ) with a = x[0:2], b = x[2:4], and (f, f_a, f_b, f_aa, f_ab, f_bb). */
  const BINARY: [
    string,
    (a: Var, b: Var) => Var,
    (a: number, b: number) => number[],
    number,
    number,
  ][] = [
    ['add', (a, b) => a.add(b), (a, b) => [a + b, 1, 1, 0, 0, 0], -2, 2],
    ['sub', (a, b) => a.sub(b), (a, b) => [a - b, 1, -1, 0, 0, 0], -2, 2],
    ['mul', (a, b) => a.mul(b), (a, b) => [a * b, b, a, 0, 1, 0], -2, 2],
    [
      'div',
      (a, b) => a.div(b),
      (a, b) => [a / b, 1 / b, -a / (b * b), 0, -1 / (b * b), (2 * a) / b ** 3],
      0.3,
      2,
    ],
    [
      'pow',
      (a, b) => a.pow(b),
      (a, b) => {
        const l = Math.log(a);
        return [
          a ** b,
          b * a ** (b - 1),
          a ** b * l,
          b * (b - 1) * a ** (b - 2),
          a ** (b - 1) * (1 + b * l),
          a ** b * l * l,
        ];
      },
      0.3,
      2,
    ],
  ];
  for (const [name, op, closed, lo, hi] of BINARY)
    it(name, () => {
      const p = autodiffProblem((x) => op(x.slice(0, 2), x.slice(2)).sum(), 4);
      fc.assert(
        fc.property(point(4, lo, hi), (x) => {
          const [c0, c1] = [closed(x[0], x[2]), closed(x[1], x[3])];
          const H = [0, 1, 2, 3].map(() => [0, 0, 0, 0]);
          for (const [i, c] of [
            [0, c0],
            [1, c1],
          ] as const) {
            H[i][i] = c[3];
            H[i][i + 2] = H[i + 2][i] = c[4];
            H[i + 2][i + 2] = c[5];
          }
          expectDerivatives(p, x, c0[0] + c1[0], [c0[1], c1[1], c0[2], c1[2]], H);
        }),
        { seed: 42, numRuns: 30 },
      );
    });

  it('every op has a test above', () => {
    const tested = new Set(['powc', 'sign', 'copy', ...UNARY.map((u) => u[0].split(' ')[0])]);
    for (const b of BINARY) tested.add(b[0]);
    tested.add('pow');
    expect(Object.keys(OPS).filter((k) => !tested.has(k))).toEqual([]);
  });
});

describe('reductions, views and matrix products', () => {
  it('sum, mean and dot with broadcast scalars: f = mean(x)·(x·c) + x₀·Σx', () => {
    const c = Float64Array.from([1, -2, 3]);
    const p = autodiffProblem((x) => x.mean().mul(x.dot(c)).add(x.at(0).mul(x.sum())), 3);
    const x = Float64Array.from([0.5, -1.5, 2]);
    const m = (x[0] + x[1] + x[2]) / 3;
    const xc = x[0] - 2 * x[1] + 3 * x[2];
    const s = x[0] + x[1] + x[2];
    // ∂/∂xⱼ = xc/3 + m cⱼ + [j = 0] s + x₀; ∂²/∂xⱼ∂xₖ = (cⱼ + cₖ)/3 + [j = 0] + [k = 0]
    const g = [0, 1, 2].map((j) => xc / 3 + m * c[j] + (j === 0 ? s : 0) + x[0]);
    const H = [0, 1, 2].map((j) =>
      [0, 1, 2].map((k) => (c[j] + c[k]) / 3 + (j === 0 ? 1 : 0) + (k === 0 ? 1 : 0)),
    );
    expectDerivatives(p, x, m * xc + x[0] * s, g, H);
  });

  it('strided slices and negative indices: f = Σ x[1::3]·x[0:-1:3] + x[-1]³', () => {
    const n = 7;
    const p = autodiffProblem(
      (x) =>
        x
          .slice(1, n, 3)
          .mul(x.slice(0, -1, 3))
          .sum()
          .add(x.at(-1).pow(3)),
      n,
    );
    const x = Float64Array.from({ length: n }, (_, i) => 0.3 * i - 1);
    // x[1::3] = x1, x4; x[0:-1:3] = x0, x3
    const f = x[1] * x[0] + x[4] * x[3] + x[6] ** 3;
    const g = [x[1], x[0], 0, x[4], x[3], 0, 3 * x[6] ** 2];
    const H = diag([0, 0, 0, 0, 0, 0, 6 * x[6]]);
    H[0][1] = H[1][0] = H[3][4] = H[4][3] = 1;
    expectDerivatives(p, x, f, g, H);
  });

  it('gather with repeated indices scatters and adds: f = Σₜ wₜ x[idxₜ]²', () => {
    const idx = [2, 0, 2, 1, 2];
    const w = Float64Array.from([1, 2, 3, 4, 5]);
    const p = autodiffProblem((x) => x.gather(idx).square().dot(w), 3);
    const x = Float64Array.from([0.7, -1.1, 1.9]);
    const coef = [0, 0, 0];
    idx.forEach((j, t) => {
      coef[j] += w[t];
    });
    expectDerivatives(
      p,
      x,
      coef.reduce((s, c, j) => s + c * x[j] ** 2, 0),
      coef.map((c, j) => 2 * c * x[j]),
      diag(coef.map((c) => 2 * c)),
    );
  });

  it('views of views and gathers of slices compose', () => {
    const p = autodiffProblem(
      (x) =>
        x
          .slice(1)
          .slice(0, 4, 2)
          .gather([1, 0])
          .mul([10, 100])
          .sum()
          .add(x.gather([4, 3, 2]).slice(1).at(1).square()),
      6,
    );
    const x = Float64Array.from([1, 2, 3, 4, 5, 6]);
    // x[1:][0:4:2] = (x1, x3); gathered (x3, x1): 10 x3 + 100 x1; gather (x4, x3, x2)[1:][1] = x2
    expectDerivatives(
      p,
      x,
      10 * x[3] + 100 * x[1] + x[2] ** 2,
      [0, 100, 2 * x[2], 10, 0, 0],
      diag([0, 0, 2, 0, 0, 0]),
    );
  });

  it('least squares through matVec and matTVec: f = ½‖Ax − b‖² + ½‖Aᵀy‖² with y = (x₀, x₁, x₂)', () => {
    const A = { rows: 3, cols: 4, data: Float64Array.from([1, 2, 0, -1, 0, 3, 1, 2, -2, 0, 1, 1]) };
    const b = Float64Array.from([1, -1, 2]);
    const p = autodiffProblem(
      (x) =>
        matVec(A, x)
          .sub(b)
          .square()
          .sum()
          .mul(0.5)
          .add(matTVec(A, x.slice(0, 3)).square().sum().mul(0.5)),
      4,
    );
    const x = Float64Array.from([0.5, -1, 2, 1.5]);
    const a = (i: number, j: number) => A.data[i * 4 + j];
    const r = [0, 1, 2].map((i) => [0, 1, 2, 3].reduce((s, j) => s + a(i, j) * x[j], 0) - b[i]);
    const AAt = [0, 1, 2].map((i) =>
      [0, 1, 2].map((k) => [0, 1, 2, 3].reduce((s, j) => s + a(i, j) * a(k, j), 0)),
    );
    const y = [x[0], x[1], x[2]];
    const AAty = AAt.map((row) => row.reduce((s, t, k) => s + t * y[k], 0));
    const f =
      0.5 * r.reduce((s, t) => s + t * t, 0) + 0.5 * y.reduce((s, t, i) => s + t * AAty[i], 0);
    const g = [0, 1, 2, 3].map(
      (j) => [0, 1, 2].reduce((s, i) => s + a(i, j) * r[i], 0) + (j < 3 ? AAty[j] : 0),
    );
    const H = [0, 1, 2, 3].map((j) =>
      [0, 1, 2, 3].map(
        (k) =>
          [0, 1, 2].reduce((s, i) => s + a(i, j) * a(i, k), 0) + (j < 3 && k < 3 ? AAt[j][k] : 0),
      ),
    );
    expectDerivatives(p, x, f, g, H);
  });

  it('a constant vector is read at each call (not copied)', () => {
    const c = Float64Array.from([1, 2]);
    const p = autodiffProblem((x) => x.dot(c), 2);
    const x = Float64Array.from([3, 4]);
    expect(p.value(x)).toBe(11);
    c[1] = -1;
    expect(p.value(x)).toBe(-1);
  });
});
