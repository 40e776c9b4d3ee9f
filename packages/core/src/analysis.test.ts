import fc from 'fast-check';
import { Matrix } from 'ml-matrix';
import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import {
  analyzeHessian,
  classifyCriticalPoint,
  criticalPointKind,
  definitenessOf,
  hessianAt,
  quadraticModel,
} from './analysis.js';
import { finiteDifferenceCurvature } from './curvature/finite-difference.js';
import { luSolve } from './linalg.js';
import { DenseMatrix } from './matrix.js';
import type { ProblemSpec } from './problem.js';

type V = Float64Array;

/** A problem with exact gradient and Hessian from closed forms (2-D). */
function exact2(
  value: (x: number, y: number) => number,
  grad: (x: number, y: number) => [number, number],
  hess: (x: number, y: number) => [number, number, number],
): ProblemSpec {
  return {
    dimension: 2,
    value: (x: V) => value(x[0], x[1]),
    gradient: (x: V) => grad(x[0], x[1]),
    hessian: (x: V) => {
      const [a, b, c] = hess(x[0], x[1]);
      return [
        [a, b],
        [b, c],
      ];
    },
  };
}

const bowl = exact2(
  (x, y) => x * x + y * y,
  (x, y) => [2 * x, 2 * y],
  () => [2, 0, 2],
);
const saddle = exact2(
  (x, y) => x * x - y * y,
  (x, y) => [2 * x, -2 * y],
  () => [2, 0, -2],
);
const mixed = exact2(
  (x, y) => x * x + 3 * x * y + y * y,
  (x, y) => [2 * x + 3 * y, 3 * x + 2 * y],
  () => [2, 3, 2],
);
const cap = exact2(
  (x, y) => -(x * x + y * y),
  (x, y) => [-2 * x, -2 * y],
  () => [-2, 0, -2],
);
const quartic = exact2(
  (x, y) => x ** 4 + y * y,
  (x, y) => [4 * x ** 3, 2 * y],
  (x) => [12 * x * x, 0, 2],
);
/** Himmelblau: f = (x² + y − 11)² + (x + y² − 7)². */
const himmelblau = exact2(
  (x, y) => (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2,
  (x, y) => {
    const a = x * x + y - 11;
    const b = x + y * y - 7;
    return [4 * x * a + 2 * b, 2 * a + 4 * y * b];
  },
  (x, y) => [12 * x * x + 4 * y - 42, 4 * (x + y), 4 * x + 12 * y * y - 26],
);
const valueOnly = (p: ProblemSpec): ProblemSpec => ({ value: p.value, dimension: p.dimension });

const HIMMELBLAU_POINTS: [number, number, string][] = [
  [3, 2, 'minimum'],
  [-2.805118, 3.131312, 'minimum'],
  [-3.77931, -3.283186, 'minimum'],
  [3.584428, -1.848126, 'minimum'],
  [-0.270845, -0.923039, 'maximum'],
  [0.086677, 2.884254, 'saddle'],
  [3.385154, 0.073852, 'saddle'],
  [-3.073026, -0.081353, 'saddle'],
  [-0.127961, -1.953715, 'saddle'],
];

/** A few Newton steps on ∇f = 0 (converges to saddles and maxima too). */
function refine(p: ProblemSpec, x0: number[], steps = 5): V {
  const x = Float64Array.from(x0);
  const g = new Float64Array(x.length);
  const d = new Float64Array(x.length);
  for (let k = 0; k < steps; k++) {
    g.set(p.gradient!(x, g) as ArrayLike<number>);
    if (!luSolve(hessianAt(p, x), g, d)) throw new Error('singular');
    for (let i = 0; i < x.length; i++) x[i] -= d[i];
  }
  return x;
}

describe('hessianAt', () => {
  it('gives the exact Hessian of the seed examples', () => {
    expect(hessianAt(bowl, [0, 0]).toArray()).toEqual([
      [2, 0],
      [0, 2],
    ]);
    expect(hessianAt(mixed, [0.5, -1]).toArray()).toEqual([
      [2, 3],
      [3, 2],
    ]);
  });

  it('uses central differences of values for a value-only problem', () => {
    const H = hessianAt(valueOnly(mixed), [0.5, -1]).toArray();
    expect(H[0][0]).toBeCloseTo(2, 6);
    expect(H[0][1]).toBeCloseTo(3, 6);
    expect(H[1][0]).toBe(H[0][1]);
    expect(H[1][1]).toBeCloseTo(2, 6);
  });

  it('agrees with the exact Hessian through the finite-difference provider', () => {
    const x = [1.3, -0.7];
    const E = hessianAt(himmelblau, x);
    const F = hessianAt(himmelblau, x, { curvature: finiteDifferenceCurvature() });
    for (let k = 0; k < 4; k++) expect(Math.abs(F.data[k] - E.data[k])).toBeLessThan(1e-5);
  });

  it('assembles the Hessian from Hessian-vector products when that is all there is', () => {
    const p: ProblemSpec = {
      value: mixed.value,
      hessianVectorProduct: (_x, v) => [2 * v[0] + 3 * v[1], 3 * v[0] + 2 * v[1]],
    };
    expect(hessianAt(p, [0, 0]).toArray()).toEqual([
      [2, 3],
      [3, 2],
    ]);
  });

  it('validates x, options and the result, naming the argument', () => {
    expect(() => hessianAt(bowl, [0, 0, 0])).toThrow(
      new RangeError('hessianAt: x must have length 2 (problem.dimension), got length 3'),
    );
    expect(() => hessianAt(bowl, [0, Number.NaN])).toThrow(
      new RangeError('hessianAt: x must hold finite numbers, got NaN at index 1'),
    );
    expect(() => hessianAt({ value: () => 0 }, [])).toThrow(
      new RangeError('hessianAt: x must have length >= 1, got length 0'),
    );
    expect(() => hessianAt(bowl, 'ab' as never)).toThrow(TypeError);
    expect(() => hessianAt(bowl, [0, 0], { curvature: 3 as never })).toThrow(
      new TypeError('hessianAt: curvature must be a CurvatureSource, got the number 3'),
    );
    const bad: ProblemSpec = { value: () => 0, hessian: () => [[Number.NaN]] };
    expect(() => hessianAt(bad, [1])).toThrow(
      new RangeError('hessianAt: the Hessian at x is not finite'),
    );
  });
});

describe('analyzeHessian', () => {
  it('gives eigenvalues, inertia, definiteness and condition number', () => {
    const a = analyzeHessian([
      [2, 3],
      [3, 2],
    ]);
    expect(a.eigenvalues[0]).toBeCloseTo(-1, 12);
    expect(a.eigenvalues[1]).toBeCloseTo(5, 12);
    expect(a.inertia).toEqual({ positive: 1, negative: 1, zero: 0 });
    expect(a.definiteness).toBe('indefinite');
    expect(a.conditionNumber).toBeCloseTo(5, 12);
    expect(a.asymmetry).toBe(0);
    // eigenvectors: H v = λ v
    const v = [a.eigenvectors.get(0, 1), a.eigenvectors.get(1, 1)];
    expect(2 * v[0] + 3 * v[1]).toBeCloseTo(5 * v[0], 12);
  });

  it('decides each definiteness, zero eigenvalues relative to max(1, max|λ|)', () => {
    const d = (H: number[][], tolerance?: number) => analyzeHessian(H, { tolerance }).definiteness;
    expect(
      d([
        [1, 0],
        [0, 2],
      ]),
    ).toBe('positive-definite');
    expect(
      d([
        [1, 0],
        [0, 0],
      ]),
    ).toBe('positive-semidefinite');
    expect(
      d([
        [-1, 0],
        [0, -2],
      ]),
    ).toBe('negative-definite');
    expect(
      d([
        [-1, 0],
        [0, 0],
      ]),
    ).toBe('negative-semidefinite');
    expect(
      d([
        [-1, 0],
        [0, 1],
      ]),
    ).toBe('indefinite');
    expect(
      d([
        [0, 0],
        [0, 0],
      ]),
    ).toBe('zero');
    // relative: 1e-3 is zero next to 1e6 at tolerance 1e-8 (threshold 1e-2) …
    expect(
      d([
        [1e6, 0],
        [0, 1e-3],
      ]),
    ).toBe('positive-semidefinite');
    // … but not next to 1 (threshold 1e-8)
    expect(
      d([
        [1, 0],
        [0, 1e-3],
      ]),
    ).toBe('positive-definite');
    // absolute floor: a matrix of scale 1e-12 reads as zero unless the tolerance is lowered
    expect(
      d([
        [1e-12, 0],
        [0, 2e-12],
      ]),
    ).toBe('zero');
    expect(
      d(
        [
          [1e-12, 0],
          [0, 2e-12],
        ],
        1e-14,
      ),
    ).toBe('positive-definite');
    expect(
      analyzeHessian([
        [1e6, 0],
        [0, 1e-3],
      ]).zeroThreshold,
    ).toBeCloseTo(1e-2, 14);
    expect(
      analyzeHessian([
        [0, 0],
        [0, 0],
      ]).conditionNumber,
    ).toBe(Infinity);
    expect(
      analyzeHessian([
        [1, 0],
        [0, 0],
      ]).conditionNumber,
    ).toBe(Infinity);
  });

  it('accepts every matrix form a Problem may return and never mutates it', () => {
    const rows = [
      [4, 1],
      [1, 3],
    ];
    const dm = DenseMatrix.from(rows);
    const forms = [rows, dm, new Matrix(rows), ndarray(new Float64Array([4, 1, 1, 3]), [2, 2])];
    const ref = analyzeHessian(rows).eigenvalues;
    for (const H of forms)
      expect(Array.from(analyzeHessian(H).eigenvalues)).toEqual(Array.from(ref));
    expect(dm.toArray()).toEqual(rows);
  });

  it('symmetrizes within symmetryTolerance and rejects larger asymmetry', () => {
    const a = analyzeHessian([
      [1, 1 + 2 ** -40],
      [1, 1],
    ]);
    expect(a.asymmetry).toBe(2 ** -40);
    expect(a.eigenvalues[1]).toBeCloseTo(2, 12);
    expect(() =>
      analyzeHessian([
        [1, 2],
        [0, 1],
      ]),
    ).toThrow(
      new RangeError(
        'analyzeHessian: H must be symmetric: |H[0][1] − H[1][0]| = 2 exceeds symmetryTolerance·max(1, max|H_ij|) = 2e-8',
      ),
    );
    expect(
      analyzeHessian(
        [
          [1, 2],
          [0, 1],
        ],
        { symmetryTolerance: 1 },
      ).eigenvalues[0],
    ).toBeCloseTo(0, 12);
  });

  it('validates H and the options, naming them', () => {
    expect(() => analyzeHessian([[1, 2, 3]])).toThrow(
      new RangeError('analyzeHessian: H must be square, got 1×3'),
    );
    expect(() => analyzeHessian([])).toThrow(
      new RangeError('analyzeHessian: H must be at least 1×1, got 0×0'),
    );
    expect(() =>
      analyzeHessian([
        [1, 0],
        [0, Number.POSITIVE_INFINITY],
      ]),
    ).toThrow(new RangeError('analyzeHessian: H must hold finite numbers, got Infinity at (1, 1)'));
    expect(() => analyzeHessian([[1, 0], [0]])).toThrow(RangeError);
    expect(() => analyzeHessian('H' as never)).toThrow(TypeError);
    expect(() => analyzeHessian([[1]], { tolerance: -1 })).toThrow(
      new RangeError('analyzeHessian: tolerance must be a finite number >= 0, got -1'),
    );
    expect(() => analyzeHessian([[1]], { symmetryTolerance: Number.NaN })).toThrow(
      new RangeError('analyzeHessian: symmetryTolerance must be a finite number >= 0, got NaN'),
    );
    expect(() => analyzeHessian([[1]], 5 as never)).toThrow(
      new TypeError('analyzeHessian: options must be an object, got the number 5'),
    );
  });

  it('has inertia summing to n and the eigenvalues of random symmetric matrices (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.array(fc.double({ min: -10, max: 10, noNaN: true }), {
              minLength: n * n,
              maxLength: n * n,
            }),
          ),
        ),
        ([n, entries]) => {
          const H = new DenseMatrix(n, n, Float64Array.from(entries));
          for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) H.set(i, j, H.get(j, i));
          const a = analyzeHessian(H);
          const { positive, negative, zero } = a.inertia;
          expect(positive + negative + zero).toBe(n);
          for (let k = 1; k < n; k++)
            expect(a.eigenvalues[k]).toBeGreaterThanOrEqual(a.eigenvalues[k - 1]);
          // trace = Σλ
          let trace = 0;
          for (let i = 0; i < n; i++) trace += H.get(i, i);
          const sum = a.eigenvalues.reduce((s, l) => s + l, 0);
          expect(Math.abs(sum - trace)).toBeLessThan(1e-9 * (1 + Math.abs(trace)));
          expect(a.definiteness).toBe(definitenessOf(a.inertia));
        },
      ),
      { seed: 42, numRuns: 100 },
    );
  });
});

describe('definitenessOf', () => {
  it('maps inertia to definiteness', () => {
    expect(definitenessOf({ positive: 2, negative: 0, zero: 0 })).toBe('positive-definite');
    expect(definitenessOf({ positive: 1, negative: 0, zero: 1 })).toBe('positive-semidefinite');
    expect(definitenessOf({ positive: 0, negative: 2, zero: 0 })).toBe('negative-definite');
    expect(definitenessOf({ positive: 0, negative: 1, zero: 1 })).toBe('negative-semidefinite');
    expect(definitenessOf({ positive: 1, negative: 1, zero: 1 })).toBe('indefinite');
    expect(definitenessOf({ positive: 0, negative: 0, zero: 3 })).toBe('zero');
  });
});

describe('criticalPointKind', () => {
  it('maps gradient norm and definiteness to the kind', () => {
    expect(criticalPointKind(0, 1e-6, 'positive-definite')).toBe('minimum');
    expect(criticalPointKind(1e-6, 1e-6, 'negative-definite')).toBe('maximum');
    expect(criticalPointKind(0, 0, 'indefinite')).toBe('saddle');
    for (const d of ['positive-semidefinite', 'negative-semidefinite', 'zero'] as const)
      expect(criticalPointKind(0, 1e-6, d)).toBe('degenerate');
    expect(criticalPointKind(2e-6, 1e-6, 'positive-definite')).toBe('not-critical');
    expect(criticalPointKind(Number.NaN, 1e-6, 'positive-definite')).toBe('not-critical');
  });
});

describe('classifyCriticalPoint', () => {
  it('classifies the seed examples at the origin, exact and value-only', () => {
    const cases: [ProblemSpec, string, number[]][] = [
      [bowl, 'minimum', [2, 2]],
      [saddle, 'saddle', [-2, 2]],
      [mixed, 'saddle', [-1, 5]],
      [cap, 'maximum', [-2, -2]],
      [quartic, 'degenerate', [0, 2]],
    ];
    for (const [p, kind, eig] of cases)
      for (const q of [p, valueOnly(p)]) {
        const c = classifyCriticalPoint(q, [0, 0]);
        expect(c.kind).toBe(kind);
        expect(c.gradientNorm).toBeLessThanOrEqual(1e-6);
        expect(c.analysis.eigenvalues[0]).toBeCloseTo(eig[0], 6);
        expect(c.analysis.eigenvalues[1]).toBeCloseTo(eig[1], 6);
        expect(c.hessianSource).toBe(q === p ? 'exact' : 'finite-difference');
      }
  });

  it('returns not-critical, with the analysis, where the gradient does not vanish', () => {
    const c = classifyCriticalPoint(bowl, [1, -2]);
    expect(c.kind).toBe('not-critical');
    expect(c.gradientNorm).toBe(4);
    expect(Array.from(c.gradient)).toEqual([2, -4]);
    expect(c.value).toBe(5);
    expect(c.analysis.definiteness).toBe('positive-definite');
    // a gradient just above / below the tolerance
    expect(classifyCriticalPoint(bowl, [1e-6, 0]).kind).toBe('not-critical');
    expect(classifyCriticalPoint(bowl, [1e-6, 0], { gradientTolerance: 2e-6 }).kind).toBe(
      'minimum',
    );
  });

  it('classifies the degenerate quartic by the eigenvalue tolerance', () => {
    // at x = (1e-3, 0): H = diag(1.2e-5, 2), ∇f = (4e-9, 0)
    expect(classifyCriticalPoint(quartic, [1e-3, 0]).kind).toBe('minimum');
    expect(classifyCriticalPoint(quartic, [1e-3, 0], { eigenvalueTolerance: 1e-4 }).kind).toBe(
      'degenerate',
    );
    const neg = exact2(
      (x, y) => -(x ** 4) - y * y,
      (x, y) => [-4 * x ** 3, -2 * y],
      (x) => [-12 * x * x, 0, -2],
    );
    const c = classifyCriticalPoint(neg, [0, 0]);
    expect(c.kind).toBe('degenerate');
    expect(c.analysis.definiteness).toBe('negative-semidefinite');
  });

  it("classifies Himmelblau's nine critical points, exact and by finite differences", () => {
    for (const [x, y, kind] of HIMMELBLAU_POINTS) {
      const xs = refine(himmelblau, [x, y]);
      expect(Math.hypot(xs[0] - x, xs[1] - y)).toBeLessThan(1e-5);
      const c = classifyCriticalPoint(himmelblau, xs);
      expect(c.gradientNorm).toBeLessThan(1e-10);
      expect(c.kind).toBe(kind);
      const fd = classifyCriticalPoint(valueOnly(himmelblau), xs);
      expect(fd.kind).toBe(kind);
      for (let k = 0; k < 2; k++)
        expect(fd.analysis.eigenvalues[k]).toBeCloseTo(c.analysis.eigenvalues[k], 5);
    }
    // the unrefined 6-decimal coordinates are not critical at the default tolerance
    expect(classifyCriticalPoint(himmelblau, [-0.270845, -0.923039]).kind).toBe('not-critical');
  });

  it('validates its arguments and options', () => {
    expect(() => classifyCriticalPoint(bowl, [0])).toThrow(
      new RangeError(
        'classifyCriticalPoint: x must have length 2 (problem.dimension), got length 1',
      ),
    );
    expect(() => classifyCriticalPoint(bowl, [0, 0], { gradientTolerance: -1 })).toThrow(
      new RangeError(
        'classifyCriticalPoint: gradientTolerance must be a finite number >= 0, got -1',
      ),
    );
    expect(() =>
      classifyCriticalPoint(bowl, [0, 0], { eigenvalueTolerance: 'a' as never }),
    ).toThrow(
      new RangeError(
        'classifyCriticalPoint: eigenvalueTolerance must be a finite number >= 0, got a',
      ),
    );
    expect(() => classifyCriticalPoint({ value: () => Number.NaN }, [0])).toThrow(
      new RangeError('classifyCriticalPoint: f or ∇f is not finite at x'),
    );
  });
});

describe('quadraticModel', () => {
  it('is exact on a quadratic and carries its parts', () => {
    const m = quadraticModel(mixed, [1, 2]);
    expect(m.value).toBe(11);
    expect(Array.from(m.gradient)).toEqual([8, 7]);
    expect(m.hessian.toArray()).toEqual([
      [2, 3],
      [3, 2],
    ]);
    expect(Array.from(m.x)).toEqual([1, 2]);
    for (const d of [
      [0.5, -0.25],
      [-3, 7],
    ])
      expect(m(d)).toBeCloseTo(mixed.value(Float64Array.of(1 + d[0], 2 + d[1])) as number, 10);
    expect(m(new Float64Array(2))).toBe(11);
  });

  it('has error |f(x + Δ) − m(Δ)| shrinking like ‖Δ‖³ (ratio ≈ 8 per halving)', () => {
    // f = e^x + sin(y) + x y², smooth and not quadratic
    const f: ProblemSpec = {
      dimension: 2,
      value: (x) => Math.exp(x[0]) + Math.sin(x[1]) + x[0] * x[1] ** 2,
      gradient: (x) => [Math.exp(x[0]) + x[1] ** 2, Math.cos(x[1]) + 2 * x[0] * x[1]],
      hessian: (x) => [
        [Math.exp(x[0]), 2 * x[1]],
        [2 * x[1], -Math.sin(x[1]) + 2 * x[0]],
      ],
    };
    const x = [0.3, -0.8];
    for (const p of [f, valueOnly(f)]) {
      const m = quadraticModel(p, x);
      const errors: number[] = [];
      for (let k = 0; k < 7; k++) {
        const t = 0.2 / 2 ** k;
        const d = [0.6 * t, -0.8 * t];
        errors.push(
          Math.abs((f.value(Float64Array.of(x[0] + d[0], x[1] + d[1])) as number) - m(d)),
        );
      }
      const ratios = errors.slice(1).map((e, k) => errors[k] / e);
      for (const r of ratios.slice(2)) expect(r).toBeCloseTo(8, 0);
      expect(Math.abs(ratios[ratios.length - 1] - 8)).toBeLessThan(0.2);
    }
  });

  it('validates x and the step', () => {
    expect(() => quadraticModel(bowl, [0, Number.POSITIVE_INFINITY])).toThrow(
      new RangeError('quadraticModel: x must hold finite numbers, got Infinity at index 1'),
    );
    const m = quadraticModel(bowl, [0, 0]);
    expect(() => m([1])).toThrow(
      new RangeError('quadraticModel: step must have length 2, got length 1'),
    );
    expect(() => m('ab' as never)).toThrow(TypeError);
  });
});
