import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { execute } from '../execute.js';
import { DenseMatrix, matVec } from '../matrix.js';
import { defineProblem, type ProblemSpec } from '../problem.js';
import { exactCurvature } from './exact.js';
import { defaultCurvature, finiteDifferenceCurvature } from './finite-difference.js';

type V = Float64Array;
type Mode = 'gradient' | 'values';
type Scheme = 'forward' | 'central';

/** Smooth test functions with exact Hessians, and points to test at. */
const FUNCTIONS: Record<
  string,
  { spec: ProblemSpec; H: (x: V) => number[][]; points: number[][] }
> = {
  himmelblau: {
    spec: {
      value: (x) => (x[0] ** 2 + x[1] - 11) ** 2 + (x[0] + x[1] ** 2 - 7) ** 2,
      gradient: (x) => {
        const a = x[0] ** 2 + x[1] - 11;
        const b = x[0] + x[1] ** 2 - 7;
        return [4 * x[0] * a + 2 * b, 2 * a + 4 * x[1] * b];
      },
    },
    H: ([u, v]) => [
      [12 * u * u + 4 * v - 42, 4 * (u + v)],
      [4 * (u + v), 4 * u + 12 * v * v - 26],
    ],
    points: [
      [1.3, -0.7],
      [3, 2],
      [-4, 4],
    ],
  },
  rosenbrock4: {
    spec: {
      value: (x) =>
        100 * (x[1] - x[0] ** 2) ** 2 +
        (1 - x[0]) ** 2 +
        100 * (x[3] - x[2] ** 2) ** 2 +
        (1 - x[2]) ** 2,
      gradient: (x) => [
        -400 * x[0] * (x[1] - x[0] ** 2) - 2 * (1 - x[0]),
        200 * (x[1] - x[0] ** 2),
        -400 * x[2] * (x[3] - x[2] ** 2) - 2 * (1 - x[2]),
        200 * (x[3] - x[2] ** 2),
      ],
    },
    H: (x) => [
      [1200 * x[0] ** 2 - 400 * x[1] + 2, -400 * x[0], 0, 0],
      [-400 * x[0], 200, 0, 0],
      [0, 0, 1200 * x[2] ** 2 - 400 * x[3] + 2, -400 * x[2]],
      [0, 0, -400 * x[2], 200],
    ],
    points: [
      [-1.2, 1, 1, 1],
      [0.5, -0.3, 2, -1.5],
    ],
  },
  expSinCos: {
    spec: {
      value: (x) => Math.exp(x[0]) + Math.sin(x[1]) + x[0] * x[1] ** 2 + Math.cos(x[0] * x[2]),
      gradient: (x) => [
        Math.exp(x[0]) + x[1] ** 2 - x[2] * Math.sin(x[0] * x[2]),
        Math.cos(x[1]) + 2 * x[0] * x[1],
        -x[0] * Math.sin(x[0] * x[2]),
      ],
    },
    H: (x) => {
      const s = Math.sin(x[0] * x[2]);
      const c = Math.cos(x[0] * x[2]);
      const m = -s - x[0] * x[2] * c;
      return [
        [Math.exp(x[0]) - x[2] * x[2] * c, 2 * x[1], m],
        [2 * x[1], -Math.sin(x[1]) + 2 * x[0], 0],
        [m, 0, -x[0] * x[0] * c],
      ];
    },
    points: [
      [0.3, -0.8, 1.1],
      [1.5, 0.2, -2],
    ],
  },
};

/** The documented accuracy (relative to max|H_ij|), asserted with a 10× margin. */
const BOUND: Record<Mode, Record<Scheme, number>> = {
  gradient: { forward: 1e-7, central: 1e-10 },
  values: { forward: 1e-4, central: 1e-7 },
};

function setup(spec: ProblemSpec, mode: Mode, scheme: Scheme, n: number, step?: number) {
  const p = defineProblem(mode === 'gradient' ? spec : { value: spec.value });
  const c = finiteDifferenceCurvature({ scheme, step }).create({
    dimension: n,
    capabilities: p.capabilities,
  });
  return { p, c };
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

describe('finiteDifferenceCurvature', () => {
  for (const mode of ['gradient', 'values'] as const)
    for (const scheme of ['forward', 'central'] as const)
      it(`${scheme} from ${mode}: Hessian and HVP within ${BOUND[mode][scheme]} of the exact ones, H symmetric`, () => {
        for (const { spec, H, points } of Object.values(FUNCTIONS))
          for (const pt of points) {
            const n = pt.length;
            const x = Float64Array.from(pt);
            const E = DenseMatrix.from(H(x));
            const scale = maxAbs(E.data);
            const { p, c } = setup(spec, mode, scheme, n);
            const F = new DenseMatrix(n, n);
            expect(execute(p, c.hessian!(x, F)).value).toBe(0);
            for (let k = 0; k < n * n; k++)
              expect(Math.abs(F.data[k] - E.data[k]) / scale).toBeLessThan(BOUND[mode][scheme]);
            for (let i = 0; i < n; i++)
              for (let j = 0; j < i; j++) expect(F.get(i, j)).toBe(F.get(j, i));
            for (let s = 0; s < 3; s++) {
              const v = Float64Array.from({ length: n }, (_, i) => Math.sin(3 * i + s + 1));
              const out = new Float64Array(n);
              const ref = matVec(E, v, new Float64Array(n));
              expect(execute(p, c.hvp(x, v, out)).value).toBe(0);
              for (let i = 0; i < n; i++)
                expect(Math.abs(out[i] - ref[i]) / scale).toBeLessThan(BOUND[mode][scheme]);
            }
            expect(Array.from(x)).toEqual(pt); // never mutates x
          }
      });

  it('is exact up to rounding on random quadratics, in every mode (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 9, maxLength: 9 }),
        fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 3, maxLength: 3 }),
        fc.constantFrom<Mode>('gradient', 'values'),
        fc.constantFrom<Scheme>('forward', 'central'),
        (entries, pt, mode, scheme) => {
          const A = new DenseMatrix(3, 3, Float64Array.from(entries));
          for (let i = 0; i < 3; i++) for (let j = 0; j < i; j++) A.set(i, j, A.get(j, i));
          const g = new Float64Array(3);
          const spec: ProblemSpec = {
            value: (x) => 0.5 * x.reduce((s, xi, i) => s + xi * matVec(A, x, g)[i], 0) + x[0],
            gradient: (x, out) => {
              matVec(A, x, out);
              out[0] += 1;
            },
          };
          const { p, c } = setup(spec, mode, scheme, 3);
          const F = new DenseMatrix(3, 3);
          execute(p, c.hessian!(Float64Array.from(pt), F));
          const tol = (mode === 'gradient' ? 1e-6 : 1e-3) * (1 + maxAbs(A.data));
          for (let k = 0; k < 9; k++) expect(Math.abs(F.data[k] - A.data[k])).toBeLessThan(tol);
        },
      ),
      { seed: 42, numRuns: 100 },
    );
  });

  it('costs what its scheme says, and reuses ∇f(x) across columns and products at one point', () => {
    const { spec } = FUNCTIONS.rosenbrock4;
    const x = Float64Array.of(-1.2, 1, 1, 1);
    const v = Float64Array.of(1, 2, 3, 4);
    const out = new Float64Array(4);
    const H = new DenseMatrix(4, 4);
    let { p, c } = setup(spec, 'gradient', 'forward', 4);
    expect(execute(p, c.hessian!(x, H)).evaluations.gradient).toBe(5); // ∇f(x) + n columns
    expect(execute(p, c.hvp(x, v, out)).evaluations.gradient).toBe(1); // ∇f(x) reused
    expect(execute(p, c.hvp(Float64Array.of(0, 0, 0, 0), v, out)).evaluations.gradient).toBe(2);
    ({ p, c } = setup(spec, 'gradient', 'central', 4));
    expect(execute(p, c.hessian!(x, H)).evaluations.gradient).toBe(8);
    expect(execute(p, c.hvp(x, v, out)).evaluations.gradient).toBe(2);
    ({ p, c } = setup(spec, 'values', 'forward', 4));
    expect(execute(p, c.hessian!(x, H)).evaluations).toEqual({
      value: 1 + 4 + 10,
      gradient: 0,
      hessian: 0,
      hvp: 0,
    });
    ({ p, c } = setup(spec, 'values', 'central', 4));
    expect(execute(p, c.hessian!(x, H)).evaluations.value).toBe(1 + 4 * 10);
    // an HVP from values: two central-difference gradients of 2n + 1 values each
    expect(execute(p, c.hvp(x, v, out)).evaluations.value).toBe(2 * 9);
    // v = 0 costs nothing
    expect(execute(p, c.hvp(x, new Float64Array(4), out)).evaluations.value).toBe(0);
    expect(Array.from(out)).toEqual([0, 0, 0, 0]);
  });

  it('honours an explicit step', () => {
    const { spec, H } = FUNCTIONS.himmelblau;
    const x = Float64Array.of(1.3, -0.7);
    const E = DenseMatrix.from(H(x));
    // a large forward step: error O(h) is visible
    const { p, c } = setup(spec, 'gradient', 'forward', 2, 1e-3);
    const F = new DenseMatrix(2, 2);
    execute(p, c.hessian!(x, F));
    const err = Math.abs(F.get(0, 0) - E.get(0, 0));
    expect(err).toBeGreaterThan(1e-3);
    expect(err).toBeLessThan(1e-1);
  });

  it('answers NaN when a value or gradient is not finite', () => {
    const bad: ProblemSpec = {
      value: (x) => (x[0] > 1 ? Number.NaN : x[0] ** 2),
      gradient: (x) => [x[0] > 1 ? Number.NaN : 2 * x[0]],
    };
    const x = Float64Array.of(1);
    for (const mode of ['gradient', 'values'] as const)
      for (const scheme of ['forward', 'central'] as const) {
        const { p, c } = setup(bad, mode, scheme, 1);
        expect(execute(p, c.hessian!(x, new DenseMatrix(1, 1))).value).toBeNaN();
        expect(execute(p, c.hvp(x, Float64Array.of(1), new Float64Array(1))).value).toBeNaN();
      }
  });

  it('validates its options with exact messages', () => {
    expect(() => finiteDifferenceCurvature({ scheme: 'backward' as never })).toThrow(
      new RangeError(
        "finiteDifferenceCurvature: scheme must be 'forward' or 'central', got backward",
      ),
    );
    for (const step of [0, 1, -1e-6, Number.NaN])
      expect(() => finiteDifferenceCurvature({ step })).toThrow(
        new RangeError(`finiteDifferenceCurvature: step must be in (0, 1), got ${step}`),
      );
    expect(() => finiteDifferenceCurvature({ step: '1e-6' as never })).toThrow(
      new RangeError('finiteDifferenceCurvature: step must be in (0, 1), got 1e-6'),
    );
    const s = finiteDifferenceCurvature();
    expect(s.kind).toBe('finite-difference');
    expect(s.dense).toBe(true);
  });
});

describe('defaultCurvature', () => {
  it('is exact when the problem has a Hessian or an HVP, finite differences otherwise', () => {
    const caps = (hessian: boolean, hvp: boolean) => ({
      dimension: 2,
      capabilities: { gradient: true, hessian, hvp },
    });
    expect(defaultCurvature(caps(true, false)).kind).toBe(exactCurvature().kind);
    expect(defaultCurvature(caps(false, true)).kind).toBe('exact');
    expect(defaultCurvature(caps(false, false)).kind).toBe('finite-difference');
  });
});
