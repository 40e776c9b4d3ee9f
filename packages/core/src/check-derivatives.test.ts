import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDerivatives } from './check-derivatives.js';
import type { DenseMatrix } from './matrix.js';
import type { ProblemSpec } from './problem.js';

type V = Float64Array;

/** Himmelblau with every derivative; `tamper` alters one of them. */
function himmelblau(tamper: Partial<ProblemSpec> = {}): ProblemSpec {
  const hess = (x: V): [number, number, number] => [
    12 * x[0] ** 2 + 4 * x[1] - 42,
    4 * (x[0] + x[1]),
    4 * x[0] + 12 * x[1] ** 2 - 26,
  ];
  return {
    dimension: 2,
    value: (x) => (x[0] ** 2 + x[1] - 11) ** 2 + (x[0] + x[1] ** 2 - 7) ** 2,
    gradient: (x) => {
      const a = x[0] ** 2 + x[1] - 11;
      const b = x[0] + x[1] ** 2 - 7;
      return [4 * x[0] * a + 2 * b, 2 * a + 4 * x[1] * b];
    },
    hessian: (x) => {
      const [p, q, r] = hess(x);
      return [
        [p, q],
        [q, r],
      ];
    },
    hessianVectorProduct: (x, v) => {
      const [p, q, r] = hess(x);
      return [p * v[0] + q * v[1], q * v[0] + r * v[1]];
    },
    ...tamper,
  };
}

/**
 * Extended Rosenbrock (n even): f = Σ 100 (x_{2i+1} − x_{2i}²)² + (1 − x_{2i})², with
 * exact gradient, Hessian (block diagonal) and HVP.
 */
function rosenbrock(n: number): ProblemSpec {
  const blocks = (x: V, i: number) => {
    const a = x[i];
    const b = x[i + 1];
    return [1200 * a * a - 400 * b + 2, -400 * a, 200] as const;
  };
  return {
    dimension: n,
    value: (x) => {
      let f = 0;
      for (let i = 0; i < n; i += 2) f += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2;
      return f;
    },
    gradient: (x, g) => {
      for (let i = 0; i < n; i += 2) {
        const t = x[i + 1] - x[i] ** 2;
        g[i] = -400 * x[i] * t - 2 * (1 - x[i]);
        g[i + 1] = 200 * t;
      }
    },
    hessian: (x, H: DenseMatrix) => {
      H.data.fill(0);
      for (let i = 0; i < n; i += 2) {
        const [p, q, r] = blocks(x, i);
        H.set(i, i, p);
        H.set(i, i + 1, q);
        H.set(i + 1, i, q);
        H.set(i + 1, i + 1, r);
      }
    },
    hessianVectorProduct: (x, v, out) => {
      for (let i = 0; i < n; i += 2) {
        const [p, q, r] = blocks(x, i);
        out[i] = p * v[i] + q * v[i + 1];
        out[i + 1] = q * v[i] + r * v[i + 1];
      }
    },
  };
}

/** Brown badly scaled (MGH 4): f = (x − 1e6)² + (y − 2e-6)² + (xy − 2)². */
const brown: ProblemSpec = {
  dimension: 2,
  value: ([x, y]) => (x - 1e6) ** 2 + (y - 2e-6) ** 2 + (x * y - 2) ** 2,
  gradient: ([x, y]) => [2 * (x - 1e6) + 2 * (x * y - 2) * y, 2 * (y - 2e-6) + 2 * (x * y - 2) * x],
  hessian: ([x, y]) => [
    [2 + 2 * y * y, 4 * x * y - 4],
    [4 * x * y - 4, 2 + 2 * x * x],
  ],
};

/** Powell badly scaled (MGH 3): f = (1e4 xy − 1)² + (e^−x + e^−y − 1.0001)². */
const powell: ProblemSpec = {
  dimension: 2,
  value: ([x, y]) => (1e4 * x * y - 1) ** 2 + (Math.exp(-x) + Math.exp(-y) - 1.0001) ** 2,
  gradient: ([x, y]) => {
    const r1 = 1e4 * x * y - 1;
    const r2 = Math.exp(-x) + Math.exp(-y) - 1.0001;
    return [2e4 * r1 * y - 2 * r2 * Math.exp(-x), 2e4 * r1 * x - 2 * r2 * Math.exp(-y)];
  },
  hessian: ([x, y]) => {
    const r1 = 1e4 * x * y - 1;
    const r2 = Math.exp(-x) + Math.exp(-y) - 1.0001;
    const ex = Math.exp(-x);
    const ey = Math.exp(-y);
    const off = 2e8 * x * y + 2e4 * r1 + 2 * ex * ey;
    return [
      [2e8 * y * y + 2 * ex * ex + 2 * r2 * ex, off],
      [off, 2e8 * x * x + 2 * ey * ey + 2 * r2 * ey],
    ];
  },
};

const X = [1.3, -0.7];

describe('checkDerivatives', () => {
  it('passes correct derivatives, with every section present', () => {
    const r = checkDerivatives(himmelblau(), X);
    expect(r.ok).toBe(true);
    expect(r.value).toBeCloseTo(himmelblau().value(Float64Array.from(X)) as number, 12);
    for (const s of [r.gradient!, r.hessian!, r.hvp!, r.symmetry!]) {
      expect(s.ok).toBe(true);
      expect(s.ratio).toBeLessThan(0.1);
    }
    expect(r.gradient!.maxRelativeError).toBeLessThan(1e-9);
    expect(r.hessian!.maxRelativeError).toBeLessThan(1e-9);
    expect(r.hvp!.reference).toBe('hessian');
    expect(r.hvp!.samples).toBe(3);
    expect(r.symmetry!.operator).toBe('hvp');
  });

  it('catches a wrong gradient, Hessian or HVP', () => {
    const base = himmelblau();
    const wrongGradient = himmelblau({
      gradient: (x, g) => {
        base.gradient!(x, g);
        g[1] *= 1 + 1e-4; // a small relative error in one entry
      },
    });
    let r = checkDerivatives(wrongGradient, X);
    expect(r.gradient!.ok).toBe(false);
    expect(r.gradient!.maxRelativeError).toBeGreaterThan(1e-5);
    expect(r.ok).toBe(false);

    const wrongHessian = himmelblau({
      hessian: (x) => {
        const H = himmelblau().hessian!(x, undefined as never) as number[][];
        H[0][0] += 4; // a missing term, symmetric
        return H;
      },
    });
    r = checkDerivatives(wrongHessian, X);
    expect(r.gradient!.ok).toBe(true);
    expect(r.hessian!.ok).toBe(false);
    expect(r.hvp!.ok).toBe(false); // the exact HVP disagrees with the wrong H
    expect(r.ok).toBe(false);

    const wrongHvp = himmelblau({
      hessianVectorProduct: (x, v) => {
        const [a, b] = base.hessianVectorProduct!(x, v, new Float64Array(2)) as number[];
        return [a, b + 1e-3 * v[1]];
      },
    });
    r = checkDerivatives(wrongHvp, X);
    expect(r.hessian!.ok).toBe(true);
    expect(r.hvp!.ok).toBe(false);
    expect(r.symmetry!.ok).toBe(true); // still a symmetric operator
    expect(r.ok).toBe(false);
  });

  it('catches an asymmetric Hessian and an asymmetric HVP', () => {
    const asymHessian: ProblemSpec = {
      value: (x) => x[0] * x[0] + 3 * x[0] * x[1] + x[1] * x[1],
      hessian: () => [
        [2, 3],
        [3.5, 2],
      ],
    };
    let r = checkDerivatives(asymHessian, X);
    expect(r.gradient).toBeUndefined();
    expect(r.hessian!.ok).toBe(false);
    expect(r.symmetry!.operator).toBe('hessian');
    expect(r.symmetry!.ok).toBe(false);

    const asymHvp: ProblemSpec = {
      value: asymHessian.value,
      gradient: (x) => [2 * x[0] + 3 * x[1], 3 * x[0] + 2 * x[1]],
      hessianVectorProduct: (_x, v) => [2 * v[0] + 3 * v[1], 3.001 * v[0] + 2 * v[1]],
    };
    r = checkDerivatives(asymHvp, X);
    expect(r.gradient!.ok).toBe(true);
    expect(r.hessian).toBeUndefined();
    expect(r.hvp!.reference).toBe('finite-difference');
    expect(r.hvp!.ok).toBe(false);
    expect(r.symmetry!.operator).toBe('hvp');
    expect(r.symmetry!.ok).toBe(false);
  });

  it('passes correct derivatives of badly scaled functions', () => {
    for (const x of [
      [1, 1],
      [1e6, 2e-6],
      [1.5e6, -3e-6],
      [-2, 3],
    ]) {
      const r = checkDerivatives(brown, x);
      expect(r.ok, `brown at ${x}`).toBe(true);
    }
    for (const x of [
      [0, 1],
      [1.098e-5, 9.106],
      [2, -0.5],
    ]) {
      const r = checkDerivatives(powell, x);
      expect(r.ok, `powell at ${x}`).toBe(true);
    }
    const scaled: ProblemSpec = {
      value: (x) => 1e6 * x[0] ** 2 + 1e-6 * x[1] ** 2 + x[0] * x[1],
      gradient: (x) => [2e6 * x[0] + x[1], 2e-6 * x[1] + x[0]],
      hessian: () => [
        [2e6, 1],
        [1, 2e-6],
      ],
    };
    expect(checkDerivatives(scaled, [0.3, 40]).ok).toBe(true);
    // and a wrong entry that is visible at this scale is still caught
    const wrong: ProblemSpec = {
      ...brown,
      gradient: (x) => {
        const g = brown.gradient!(x, new Float64Array(2)) as number[];
        return [g[0] * 1.001, g[1]];
      },
    };
    expect(checkDerivatives(wrong, [1, 1]).gradient!.ok).toBe(false);
  });

  it('passes correct Rosenbrock derivatives and catches normwise-visible errors (property)', () => {
    const n = 6;
    const p = rosenbrock(n);
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: n, maxLength: n }),
        fc.integer({ min: 0, max: n - 1 }),
        (x, i) => {
          expect(checkDerivatives(p, x).ok).toBe(true);
          const bad: ProblemSpec = {
            ...p,
            gradient: (y, g) => {
              p.gradient!(y, g);
              // 100× the normwise tolerance: tolerance·max(‖g‖∞, ‖ĝ‖∞)
              let gmax = 0;
              for (const gi of g) gmax = Math.max(gmax, Math.abs(gi));
              g[i] += 1e-4 * Math.max(gmax, 1);
            },
          };
          expect(checkDerivatives(bad, x).gradient!.ok).toBe(false);
        },
      ),
      { seed: 42, numRuns: 100 },
    );
  });

  it('leaves out the sections a problem lacks', () => {
    let calls = 0;
    const value = (x: V) => {
      calls++;
      return x[0] ** 2;
    };
    const r = checkDerivatives({ value }, [3]);
    expect(r).toEqual({ x: Float64Array.of(3), value: 9, ok: true });
    expect(calls).toBe(1);
    const g = checkDerivatives({ value: (x) => x[0] ** 2, gradient: (x) => [2 * x[0]] }, [3]);
    expect(Object.keys(g).sort()).toEqual(['gradient', 'ok', 'value', 'x']);
    expect(g.gradient!.gradient[0]).toBe(6);
    expect(g.gradient!.finiteDifference[0]).toBeCloseTo(6, 8);
  });

  it('checks an HVP-only problem against second differences of values', () => {
    const p = himmelblau();
    const r = checkDerivatives({ value: p.value, hessianVectorProduct: p.hessianVectorProduct }, X);
    expect(r.ok).toBe(true);
    expect(r.hvp!.reference).toBe('finite-difference');
    expect(r.hvp!.maxRelativeError).toBeLessThan(1e-6);
  });

  it('is deterministic for a seed and uses the number of samples asked', () => {
    const a = checkDerivatives(himmelblau(), X, { seed: 7, samples: 5 });
    const b = checkDerivatives(himmelblau(), X, { seed: 7, samples: 5 });
    expect(a).toEqual(b);
    expect(a.hvp!.samples).toBe(5);
    let calls = 0;
    const p = himmelblau();
    checkDerivatives(
      {
        ...p,
        hessianVectorProduct: (x, v, out) => {
          calls++;
          return p.hessianVectorProduct!(x, v, out);
        },
      },
      X,
      { samples: 4 },
    );
    expect(calls).toBe(4 + 2 * 4); // hvp test, then two products per symmetry pair
  });

  it('validates its arguments and options with exact messages', () => {
    const p = himmelblau();
    expect(() => checkDerivatives(p, [1])).toThrow(
      new RangeError('checkDerivatives: x must have length 2 (problem.dimension), got length 1'),
    );
    expect(() => checkDerivatives(p, X, { tolerance: -1 })).toThrow(
      new RangeError('checkDerivatives: tolerance must be a finite number >= 0, got -1'),
    );
    expect(() => checkDerivatives(p, X, { absoluteTolerance: Number.NaN })).toThrow(
      new RangeError('checkDerivatives: absoluteTolerance must be a finite number >= 0, got NaN'),
    );
    expect(() => checkDerivatives(p, X, { samples: 0 })).toThrow(
      new RangeError('checkDerivatives: samples must be an integer >= 1, got 0'),
    );
    expect(() => checkDerivatives(p, X, { seed: 1.5 })).toThrow(
      new RangeError('checkDerivatives: seed must be an integer, got 1.5'),
    );
    expect(() => checkDerivatives({ value: () => Number.NaN }, [0])).toThrow(
      new RangeError('checkDerivatives: f is not finite at x'),
    );
    expect(() =>
      checkDerivatives({ value: (x) => (x[0] === 0 ? 0 : Number.NaN), gradient: () => [0] }, [0]),
    ).toThrow(new RangeError('checkDerivatives: f (or f near x) is not finite at x'));
    expect(() => checkDerivatives({ value: () => 0, gradient: () => [Number.NaN] }, [0])).toThrow(
      new RangeError('checkDerivatives: ∇f is not finite at x'),
    );
  });
});
