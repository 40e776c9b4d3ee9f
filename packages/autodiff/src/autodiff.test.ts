import { classifyCriticalPoint, DenseMatrix } from '@hessian/core';
import {
  arwhead,
  bdqrtic,
  chainedRosenbrock,
  extendedRosenbrock,
  fletchcr,
  himmelblau,
  logisticRegression,
  rosenbrock,
  type TestProblem,
} from '@hessian/problems';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AutodiffProblem,
  autodiffProblem,
  type ConstantMatrix,
  matVec,
  sub,
  sum,
  type Var,
} from './index.js';
import { sigmoid, softplus } from './ops.js';

type V = Float64Array;

/** ‖a − b‖∞ / max(‖b‖∞, tiny). */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let e = 0;
  let s = 0;
  for (let i = 0; i < b.length; i++) {
    e = Math.max(e, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return e === 0 ? 0 : e / Math.max(s, Number.MIN_VALUE);
}

function hessian(p: { dimension: number; hessian(x: V, out: DenseMatrix): void }, x: V) {
  const H = new DenseMatrix(p.dimension, p.dimension);
  p.hessian(x, H);
  return H;
}

describe("the seed's examples", () => {
  const cases: [string, (x: Var) => Var, number[][], string][] = [
    [
      'x² + y²',
      (x) => x.at(0).square().add(x.at(1).square()),
      [
        [2, 0],
        [0, 2],
      ],
      'minimum',
    ],
    [
      'x² − y²',
      (x) => sub(x.at(0).square(), x.at(1).square()),
      [
        [2, 0],
        [0, -2],
      ],
      'saddle',
    ],
    [
      'x² + 3xy + y²',
      (x) => {
        const [a, b] = [x.at(0), x.at(1)];
        return a.square().add(a.mul(b).mul(3)).add(b.square());
      },
      [
        [2, 3],
        [3, 2],
      ],
      'saddle',
    ],
  ];
  for (const [name, f, H, kind] of cases)
    it(`${name}: Hessian ${JSON.stringify(H)}, a ${kind} at the origin`, () => {
      const p = autodiffProblem(f, 2);
      for (const x of [
        [0, 0],
        [1.5, -2],
      ])
        expect(hessian(p, Float64Array.from(x)).toArray()).toEqual(H);
      expect(classifyCriticalPoint(p, [0, 0]).kind).toBe(kind);
    });

  it('Σ xᵢ² written with free functions: gradient 2x, Hessian 2I', () => {
    const p = autodiffProblem((x) => sum(x.square()), 3);
    const x = Float64Array.from([1, -2, 3]);
    const g = new Float64Array(3);
    expect(p.valueAndGradient(x, g)).toBe(14);
    expect(Array.from(g)).toEqual([2, -4, 6]);
    expect(hessian(p, x).toArray()).toEqual([
      [2, 0, 0],
      [0, 2, 0],
      [0, 0, 2],
    ]);
  });
});

// ---------------------------------------------------------------------------
// The problem library's objectives, written once.

const rosenbrockF = (x: Var) => {
  const [a, b] = [x.at(0), x.at(1)];
  return b.sub(a.square()).mul(10).square().add(sub(1, a).square());
};
const himmelblauF = (x: Var) => {
  const [a, b] = [x.at(0), x.at(1)];
  return a.square().add(b).sub(11).square().add(a.add(b.square()).sub(7).square());
};
/** Σ 100(x₂ᵢ − x₂ᵢ₋₁²)² + (1 − x₂ᵢ₋₁)². */
const extendedRosenbrockF = (x: Var) => {
  const a = x.slice(0, x.length, 2);
  const b = x.slice(1, x.length, 2);
  return b.sub(a.square()).square().mul(100).add(a.sub(1).square()).sum();
};
/** 1 + Σ 100(xᵢ − xᵢ₋₁²)² + (xᵢ − 1)²: the shifts x[1:] and x[:-1]. */
const chainedRosenbrockF = (x: Var) => {
  const next = x.slice(1);
  return next.sub(x.slice(0, -1).square()).square().mul(100).add(next.sub(1).square()).sum().add(1);
};
const fletchcrF = (x: Var) => {
  const prev = x.slice(0, -1);
  return x.slice(1).sub(prev).add(1).sub(prev.square()).square().sum().mul(100);
};
const arwheadF = (x: Var) => {
  const head = x.slice(0, -1);
  return head.square().add(x.at(-1).square()).square().sub(head.mul(4)).add(3).sum();
};
/** Σ (3 − 4xᵢ)² + (xᵢ² + 2xᵢ₊₁² + 3xᵢ₊₂² + 4xᵢ₊₃² + 5xₙ²)². */
const bdqrticF = (x: Var) => {
  const m = x.length - 4;
  const s = (k: number) => x.slice(k, k + m).square();
  const q = s(0).add(s(1).mul(2)).add(s(2).mul(3)).add(s(3).mul(4)).add(x.at(-1).square().mul(5));
  return x.slice(0, m).mul(-4).add(3).square().sum().add(q.square().sum());
};
/** (1/m) Σ softplus(−yᵢ xᵢᵀw) + (λ/2)‖w‖². */
const logisticF = (X: ConstantMatrix, y: V, lambda: number) => (w: Var) =>
  matVec(X, w)
    .mul(y)
    .neg()
    .softplus()
    .mean()
    .add(w.dot(w).mul(lambda / 2));

function logistic(m: number, n: number): [TestProblem, AutodiffProblem] {
  const p = logisticRegression({ m, n, lambda: 1e-2, seed: 7 });
  return [
    p,
    autodiffProblem(logisticF({ rows: m, cols: n, data: p.features }, p.labels, p.lambda), n),
  ];
}

const LIBRARY: [string, () => [TestProblem, AutodiffProblem]][] = [
  ['rosenbrock', () => [rosenbrock(), autodiffProblem(rosenbrockF, 2)]],
  ['himmelblau', () => [himmelblau(), autodiffProblem(himmelblauF, 2)]],
  ['extended-rosenbrock', () => [extendedRosenbrock(12), autodiffProblem(extendedRosenbrockF, 12)]],
  ['chained-rosenbrock', () => [chainedRosenbrock(9), autodiffProblem(chainedRosenbrockF, 9)]],
  ['fletchcr', () => [fletchcr(7), autodiffProblem(fletchcrF, 7)]],
  ['arwhead', () => [arwhead(6), autodiffProblem(arwheadF, 6)]],
  ['bdqrtic', () => [bdqrtic(11), autodiffProblem(bdqrticF, 11)]],
  ['logistic-regression', () => logistic(40, 6)],
];

describe('derivatives against the problem library (relative error <= 1e-12, seeded random points)', () => {
  for (const [name, make] of LIBRARY)
    it(name, () => {
      const [hand, ad] = make();
      const n = hand.dimension;
      const vec = fc
        .array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: n, maxLength: n })
        .map((a) => Float64Array.from(a));
      const g1 = new Float64Array(n);
      const g2 = new Float64Array(n);
      const h1 = new Float64Array(n);
      const h2 = new Float64Array(n);
      fc.assert(
        fc.property(vec, vec, (x, v) => {
          const f1 = hand.valueAndGradient(x, g1);
          expect(relativeError([ad.value(x)], [f1])).toBeLessThanOrEqual(1e-12);
          expect(relativeError([ad.valueAndGradient(x, g2)], [f1])).toBeLessThanOrEqual(1e-12);
          expect(relativeError(g2, g1)).toBeLessThanOrEqual(1e-12);
          ad.gradient(x, g2);
          expect(relativeError(g2, g1)).toBeLessThanOrEqual(1e-12);
          hand.hessianVectorProduct(x, v, h1);
          ad.hessianVectorProduct(x, v, h2);
          expect(relativeError(h2, h1)).toBeLessThanOrEqual(1e-12);
        }),
        { seed: 42, numRuns: 100 },
      );
      const x = Float64Array.from(hand.x0, (t, i) => t + 0.1 * Math.sin(i + 1));
      expect(relativeError(hessian(ad, x).data, hessian(hand, x).data)).toBeLessThanOrEqual(1e-12);
    });

  it('at n = 10⁴ too (extended Rosenbrock, BDQRTIC, logistic regression with m = 10⁴)', () => {
    const n = 10_000;
    for (const [hand, ad] of [
      [extendedRosenbrock(n), autodiffProblem(extendedRosenbrockF, n)],
      [bdqrtic(n), autodiffProblem(bdqrticF, n)],
      logistic(n, 10),
    ] as const) {
      const N = hand.dimension;
      const x = Float64Array.from({ length: N }, (_, i) => 1.5 * Math.sin(3 * i + 1));
      const v = Float64Array.from({ length: N }, (_, i) => Math.cos(7 * i));
      const [g1, g2, h1, h2] = [0, 1, 2, 3].map(() => new Float64Array(N));
      expect(
        relativeError([ad.valueAndGradient(x, g2)], [hand.valueAndGradient(x, g1)]),
      ).toBeLessThanOrEqual(1e-12);
      expect(relativeError(g2, g1)).toBeLessThanOrEqual(1e-12);
      hand.hessianVectorProduct(x, v, h1);
      ad.hessianVectorProduct(x, v, h2);
      expect(relativeError(h2, h1)).toBeLessThanOrEqual(1e-12);
    }
  });
});

// ---------------------------------------------------------------------------
// Random programs: the same program run on Vars and on plain arrays.

/** The operations a random program uses, over traced Vars or plain arrays. */
interface Backend<T> {
  length(a: T): number;
  unary(k: number, a: T): T;
  binary(k: number, a: T, b: T): T;
  literal(k: number, a: T, c: number): T;
  sum(a: T): T;
  slice(a: T, start: number, end: number, step: number): T;
  gather(a: T, index: number[]): T;
  matVec(A: ConstantMatrix, a: T): T;
}

const UNARY = 8;
const BINARY = 5;

const traced: Backend<Var> = {
  length: (a) => a.length,
  unary: (k, a) =>
    [
      () => a.sin(),
      () => a.cos(),
      () => a.tanh(),
      () => a.sigmoid(),
      () => a.softplus(),
      () => a.square().log1p(),
      () => a.square().add(1).sqrt(),
      () => a.tanh().exp(),
    ][k](),
  binary: (k, a, b) =>
    [
      () => a.add(b),
      () => a.sub(b),
      () => a.mul(b),
      () => a.div(b.sin().add(1.5)),
      () => a.square().add(0.5).pow(b.tanh()),
    ][k](),
  literal: (k, a, c) => [() => a.add(c), () => a.mul(c), () => a.pow(2 + (k % 2))][k % 3](),
  sum: (a) => a.sum(),
  slice: (a, s, e, st) => a.slice(s, e, st),
  gather: (a, index) => a.gather(index),
  matVec: (A, a) => matVec(A, a),
};

const map1 = (a: V, f: (t: number) => number) => a.map(f);
const map2 = (a: V, b: V, f: (s: number, t: number) => number) => {
  const n = Math.max(a.length, b.length);
  return Float64Array.from({ length: n }, (_, i) =>
    f(a[a.length === 1 ? 0 : i], b[b.length === 1 ? 0 : i]),
  );
};

const numeric: Backend<V> = {
  length: (a) => a.length,
  unary: (k, a) =>
    map1(
      a,
      [
        Math.sin,
        Math.cos,
        Math.tanh,
        sigmoid,
        softplus,
        (t: number) => Math.log1p(t * t),
        (t: number) => Math.sqrt(t * t + 1),
        (t: number) => Math.exp(Math.tanh(t)),
      ][k],
    ),
  binary: (k, a, b) =>
    map2(
      a,
      b,
      [
        (s: number, t: number) => s + t,
        (s: number, t: number) => s - t,
        (s: number, t: number) => s * t,
        (s: number, t: number) => s / (Math.sin(t) + 1.5),
        (s: number, t: number) => (s * s + 0.5) ** Math.tanh(t),
      ][k],
    ),
  literal: (k, a, c) =>
    map1(a, [(t: number) => t + c, (t: number) => t * c, (t: number) => t ** (2 + (k % 2))][k % 3]),
  sum: (a) => Float64Array.of(a.reduce((s, t) => s + t, 0)),
  slice: (a, s, e, st) => {
    const out: number[] = [];
    for (let i = s; i < e; i += st) out.push(a[i]);
    return Float64Array.from(out);
  },
  gather: (a, index) => Float64Array.from(index, (j) => a[j]),
  matVec: (A, a) =>
    Float64Array.from({ length: A.rows }, (_, i) => {
      let s = 0;
      for (let j = 0; j < A.cols; j++) s += A.data[i * A.cols + j] * a[j];
      return s;
    }),
};

/** Decodes a list of integers into a program over a pool of values, ending in Σ of all. */
function program<T>(B: Backend<T>, code: readonly number[], x: T): T {
  const pool: T[] = [x];
  let pc = 0;
  const next = () => code[pc++ % code.length];
  const pick = () => pool[pool.length - 1 - (next() % Math.min(pool.length, 4))];
  const steps = code.length >> 2;
  for (let s = 0; s < steps; s++) {
    const op = next() % 7;
    const a = pick();
    const n = B.length(a);
    let r: T;
    if (op === 0) r = B.unary(next() % UNARY, a);
    else if (op === 1) {
      let b = pick();
      if (B.length(b) !== n && B.length(b) !== 1 && n !== 1) b = B.sum(b);
      r = B.binary(next() % BINARY, a, b);
    } else if (op === 2 && n > 1) {
      const start = next() % n;
      const step = 1 + (next() % 2);
      r = B.slice(a, start, n, step);
    } else if (op === 3) {
      const len = 1 + (next() % 5);
      r = B.gather(
        a,
        Array.from({ length: len }, () => next() % n),
      );
    } else if (op === 4) r = B.sum(a);
    else if (op === 5) {
      const rows = 1 + (next() % 4);
      const data = Float64Array.from({ length: rows * n }, (_, k) => Math.sin(3 * k + rows + n));
      r = B.matVec({ rows, cols: n, data }, a);
    } else r = B.literal(next(), a, ((next() % 7) - 3) / 2);
    pool.push(r);
  }
  let total = B.sum(pool[pool.length - 1]);
  for (let k = 0; k < pool.length - 1; k++) total = B.binary(0, total, B.sum(pool[k]));
  return total;
}

describe('random programs (fast-check, seeded)', () => {
  const cases = fc
    .tuple(fc.array(fc.nat(1000), { minLength: 4, maxLength: 48 }), fc.integer({ min: 1, max: 7 }))
    .chain(([code, n]) => {
      const vec = fc
        .array(fc.double({ min: -1.5, max: 1.5, noNaN: true }), { minLength: n, maxLength: n })
        // tiny entries to 0: relative comparisons mean nothing among subnormal numbers
        .map((a) => Float64Array.from(a, (t) => (Math.abs(t) < 1e-8 ? 0 : t)));
      return fc.tuple(fc.constant(code), vec, vec, vec);
    });

  it('value equals the plain computation; gradient and HVP match central differences; wᵀHv = vᵀHw', () => {
    fc.assert(
      fc.property(cases, ([code, x, v, w]) => {
        const n = x.length;
        const p = autodiffProblem((t) => program(traced, code, t), n);
        const f = (t: V) => program(numeric, code, t)[0];
        const fx = f(x);
        // relative to max(1, |f|): x³ is a·a·a in the compiled code, t ** 3 here, and the
        // program's final sum may cancel
        const close = (a: number) => Math.abs(a - fx) / Math.max(1, Math.abs(fx));
        expect(close(p.value(x))).toBeLessThanOrEqual(1e-12);

        const g = new Float64Array(n);
        expect(close(p.valueAndGradient(x, g))).toBeLessThanOrEqual(1e-12);
        const h = 1e-5;
        const gfd = Float64Array.from(x, (_, i) => {
          const xp = x.slice();
          const xm = x.slice();
          xp[i] += h;
          xm[i] -= h;
          return (f(xp) - f(xm)) / (2 * h);
        });
        const gscale = Math.max(1, ...Array.from(gfd, Math.abs));
        for (let i = 0; i < n; i++)
          expect(Math.abs(g[i] - gfd[i])).toBeLessThanOrEqual(1e-6 * gscale);

        const Hv = new Float64Array(n);
        const Hw = new Float64Array(n);
        p.hessianVectorProduct(x, v, Hv);
        p.hessianVectorProduct(x, w, Hw);
        const gp = new Float64Array(n);
        const gm = new Float64Array(n);
        p.gradient(
          Float64Array.from(x, (t, i) => t + h * v[i]),
          gp,
        );
        p.gradient(
          Float64Array.from(x, (t, i) => t - h * v[i]),
          gm,
        );
        const hfd = Float64Array.from(gp, (t, i) => (t - gm[i]) / (2 * h));
        const hscale = Math.max(1, ...Array.from(hfd, Math.abs));
        for (let i = 0; i < n; i++)
          expect(Math.abs(Hv[i] - hfd[i])).toBeLessThanOrEqual(1e-5 * hscale);

        const dot = (a: V, b: V) => a.reduce((s, t, i) => s + t * b[i], 0);
        const norm = (a: V) => Math.sqrt(dot(a, a));
        // Scales of unit size, not of the result: where an entry of H is computed with
        // cancellation (σ''(s) = σ'(1 − σ) − σσ' near s = 0), it is accurate only relative
        // to the terms, whatever the direction.
        const H = hessian(p, x);
        const Hmax = Math.max(1, ...Array.from(H.data, Math.abs));
        const scale = Math.max(norm(w) * norm(Hv), norm(v) * norm(Hw), norm(v) * norm(w) * Hmax);
        expect(Math.abs(dot(w, Hv) - dot(v, Hw))).toBeLessThanOrEqual(1e-12 * scale);

        const Hdv = Float64Array.from({ length: n }, (_, i) =>
          dot(H.data.subarray(i * n, (i + 1) * n), v),
        );
        const vmax = Math.max(...Array.from(v, Math.abs));
        for (let i = 0; i < n; i++)
          expect(Math.abs(Hdv[i] - Hv[i])).toBeLessThanOrEqual(1e-12 * Hmax * vmax);
      }),
      { seed: 42, numRuns: 150 },
    );
  });
});

// ---------------------------------------------------------------------------

describe('the compiled graph', () => {
  it('has O(#operations) nodes, independent of n; extended Rosenbrock is one loop and a sum', () => {
    const small = autodiffProblem(extendedRosenbrockF, 10);
    const large = autodiffProblem(extendedRosenbrockF, 100_000);
    expect(large.tape).toEqual(small.tape);
    expect(small.tape.steps).toBe(1);
    expect(small.source('gradient').match(/for \(/g)).toHaveLength(2);
  });

  it('assigns the gradient when the reads of x cover it exactly once (no zero fill), else adds', () => {
    expect(autodiffProblem(extendedRosenbrockF, 6).source('gradient')).toContain('ax[2 * i] =');
    expect(autodiffProblem(chainedRosenbrockF, 6).source('gradient')).toContain('ax[1 + i] +=');
  });

  it('reuses its arrays: repeated calls give identical results', () => {
    const p = autodiffProblem(bdqrticF, 20);
    const x = Float64Array.from({ length: 20 }, (_, i) => Math.sin(i));
    const g1 = new Float64Array(20);
    const g2 = new Float64Array(20);
    const hv = new Float64Array(20);
    const f1 = p.valueAndGradient(x, g1);
    p.hessianVectorProduct(x, x, hv);
    p.value(x.map((t) => t + 1));
    expect(p.valueAndGradient(x, g2)).toBe(f1);
    expect(g2).toEqual(g1);
  });

  it('a non-Float64Array x is accepted and never mutated', () => {
    const p = autodiffProblem(rosenbrockF, 2);
    const x = [-1.2, 1] as unknown as V;
    const g = new Float64Array(2);
    expect(p.valueAndGradient(x, g)).toBeCloseTo(24.2, 12);
    expect(x).toEqual([-1.2, 1]);
  });

  it('f = x for n = 1, and f constant in a variable', () => {
    const id = autodiffProblem((x) => x, 1);
    const g = new Float64Array(1);
    expect(id.valueAndGradient(Float64Array.of(3), g)).toBe(3);
    expect(g[0]).toBe(1);
    const p = autodiffProblem((x) => x.at(0).square(), 3);
    const g3 = Float64Array.of(9, 9, 9);
    p.gradient(Float64Array.of(2, 5, 7), g3);
    expect(Array.from(g3)).toEqual([4, 0, 0]);
    const hv = Float64Array.of(9, 9, 9);
    p.hessianVectorProduct(Float64Array.of(2, 5, 7), Float64Array.of(1, 1, 1), hv);
    expect(Array.from(hv)).toEqual([2, 0, 0]);
  });
});

describe('errors name the argument', () => {
  const f = (x: Var) => x.sum();
  it.each([
    [
      () => autodiffProblem(42 as never, 2),
      new TypeError('autodiffProblem: f must be a function, got 42'),
    ],
    [
      () => autodiffProblem(f, 0),
      new RangeError('autodiffProblem: n must be an integer >= 1, got 0'),
    ],
    [
      () => autodiffProblem(f, 1.5),
      new RangeError('autodiffProblem: n must be an integer >= 1, got 1.5'),
    ],
    [
      () => autodiffProblem((x) => x.slice(1).add(x), 3),
      new RangeError('autodiff: add: lengths 2 and 3 do not match'),
    ],
    [
      () => autodiffProblem((x) => x.square(), 3),
      new RangeError(
        'autodiff: the objective must return a scalar (length 1), got length 3; use sum()',
      ),
    ],
    [
      () => autodiffProblem(() => 1 as never, 3),
      new TypeError('autodiff: the objective must return a Var, got 1'),
    ],
    [
      () => autodiffProblem((x) => x.slice(3).sum(), 3),
      new RangeError('autodiff: slice: start must be in [-3, 2], got 3'),
    ],
    [
      () => autodiffProblem((x) => x.slice(2, 1).sum(), 3),
      new RangeError('autodiff: slice: [2:1:1] of a vector of length 3 is empty'),
    ],
    [
      () => autodiffProblem((x) => x.slice(0, 3, 0).sum(), 3),
      new RangeError('autodiff: slice: step must be an integer >= 1, got 0'),
    ],
    [
      () => autodiffProblem((x) => x.at(5), 3),
      new RangeError('autodiff: at: i must be in [-3, 2], got 5'),
    ],
    [
      () => autodiffProblem((x) => x.gather([0, 3]).sum(), 3),
      new RangeError('autodiff: gather: indices[1] must be an integer in [0, 2], got 3'),
    ],
    [
      () =>
        autodiffProblem((x) => matVec({ rows: 2, cols: 2, data: new Float64Array(4) }, x).sum(), 3),
      new RangeError('autodiff: matVec: the matrix is 2×2 but the vector has length 3'),
    ],
    [
      () =>
        autodiffProblem((x) => matVec({ rows: 2, cols: 2, data: new Float64Array(3) }, x).sum(), 2),
      new TypeError(
        'autodiff: matVec: A must be a matrix { rows, cols, data: Float64Array(rows·cols) }, got an object',
      ),
    ],
    [
      () => autodiffProblem((x) => x.mul('2' as never).sum(), 2),
      new TypeError('autodiff: mul: the operand must be a Var, a number or a vector, got a string'),
    ],
    [
      () => sub(1 as never, 2 as never),
      new TypeError('autodiff: sub needs at least one Var argument, got 1 and 2'),
    ],
  ])('%#', (call, error) => {
    expect(call).toThrow(error);
  });

  it('Vars of another trace, or used after the trace, are rejected', () => {
    let kept: Var | undefined;
    autodiffProblem((x) => {
      kept = x;
      return x.sum();
    }, 2);
    expect(() => kept!.sum()).toThrow(
      new TypeError('autodiff: a Var was used after its trace ended (keep Vars inside f)'),
    );
    expect(() => autodiffProblem((x) => x.add(kept!).sum(), 2)).toThrow(
      new TypeError('autodiff: add: the operand belongs to another trace'),
    );
  });

  it('calls check lengths', () => {
    const p = autodiffProblem(f, 2);
    expect(() => p.value(new Float64Array(3))).toThrow(
      new RangeError('autodiffProblem.value: x must have length 2, got length 3'),
    );
    expect(() => p.gradient(new Float64Array(2), new Float64Array(1))).toThrow(
      new RangeError('autodiffProblem.gradient: out must be a Float64Array of length 2'),
    );
    expect(() => p.hessian(new Float64Array(2), new DenseMatrix(3, 3))).toThrow(
      new RangeError('autodiffProblem.hessian: out must be a 2×2 DenseMatrix'),
    );
  });
});
