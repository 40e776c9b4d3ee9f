/**
 * Problems for the reliability suite: Rosenbrock with every derivative and counted calls,
 * random quadratics of a chosen condition number (with quartic terms), and the hard cases.
 * Plain TypeScript (no vitest), so the docs generator can use it too.
 *
 * @packageDocumentation
 */
import { type DenseMatrix, mulberry32, normInf, type ProblemSpec } from '@hessian/core';

/** Calls of each user function, counted by the wrapper around it. */
export interface Calls {
  value: number;
  gradient: number;
  valueAndGradient: number;
  hessian: number;
  hvp: number;
}

/** Zero counts. */
export function noCalls(): Calls {
  return { value: 0, gradient: 0, valueAndGradient: 0, hessian: 0, hvp: 0 };
}

/** Rosenbrock's f, ∇f, ∇²f and ∇²f·v (n = 2), written into `out`. */
export const rosenbrock = {
  x0: [-1.2, 1] as const,
  value(x: ArrayLike<number>): number {
    return 100 * (x[1] - x[0] * x[0]) ** 2 + (1 - x[0]) ** 2;
  },
  gradient(x: ArrayLike<number>, out: Float64Array): void {
    const t = x[1] - x[0] * x[0];
    out[0] = -400 * x[0] * t - 2 * (1 - x[0]);
    out[1] = 200 * t;
  },
  hessian(x: ArrayLike<number>, out: DenseMatrix): void {
    out.data[0] = 1200 * x[0] * x[0] - 400 * x[1] + 2;
    out.data[1] = -400 * x[0];
    out.data[2] = -400 * x[0];
    out.data[3] = 200;
  },
  hvp(x: ArrayLike<number>, v: ArrayLike<number>, out: Float64Array): void {
    const h00 = 1200 * x[0] * x[0] - 400 * x[1] + 2;
    const h01 = -400 * x[0];
    out[0] = h00 * v[0] + h01 * v[1];
    out[1] = h01 * v[0] + 200 * v[1];
  },
};

/**
 * A problem given as separate functions, each call counted: `value`, `gradient`,
 * `hessian`, `hessianVectorProduct` (style 'separate'), or `value`, `valueAndGradient`,
 * `hessian`, `hessianVectorProduct` (style 'combined').
 */
export function countedProblem(
  base: {
    value(x: Float64Array): number;
    gradient(x: Float64Array, out: Float64Array): void;
    hessian?(x: Float64Array, out: DenseMatrix): void;
    hvp?(x: Float64Array, v: Float64Array, out: Float64Array): void;
  },
  style: 'separate' | 'combined',
): { problem: ProblemSpec; calls: Calls } {
  const calls = noCalls();
  const problem: {
    -readonly [K in keyof ProblemSpec]: ProblemSpec[K];
  } = {
    value: (x) => {
      calls.value++;
      return base.value(x);
    },
  };
  if (style === 'separate')
    problem.gradient = (x, out) => {
      calls.gradient++;
      base.gradient(x, out);
    };
  else
    problem.valueAndGradient = (x, out) => {
      calls.valueAndGradient++;
      base.gradient(x, out);
      return base.value(x);
    };
  if (base.hessian) {
    const h = base.hessian;
    problem.hessian = (x, out) => {
      calls.hessian++;
      h(x, out);
    };
  }
  if (base.hvp) {
    const hv = base.hvp;
    problem.hessianVectorProduct = (x, v, out) => {
      calls.hvp++;
      hv(x, v, out);
    };
  }
  return { problem, calls };
}

/** A problem with all derivatives and its start; `xstar` when the minimizer is known. */
export interface TestCase {
  name: string;
  n: number;
  x0: Float64Array;
  value(x: Float64Array): number;
  gradient(x: Float64Array, out: Float64Array): void;
  hessian(x: Float64Array, out: DenseMatrix): void;
  hvp(x: Float64Array, v: Float64Array, out: Float64Array): void;
}

/** The problem spec of a test case (value, gradient, hessian, hessianVectorProduct). */
export function specOf(c: TestCase): ProblemSpec {
  return {
    dimension: c.n,
    value: (x) => c.value(x),
    gradient: (x, out) => c.gradient(x, out),
    hessian: (x, out) => c.hessian(x, out),
    hessianVectorProduct: (x, v, out) => c.hvp(x, v, out),
  };
}

/**
 * f(x) = ½ xᵀAx − bᵀx + (c/4) Σ x_i⁴ with A = Q diag(λ) Qᵀ, Q a product of n random
 * Householder reflections, λ_i spread geometrically over [1, condition] (the first
 * `negative` of them negated: an indefinite quadratic, bounded below when c > 0).
 * f and ∇f are computed in the eigenbasis, y = Qᵀx: ½ Σ λ_i y_i² − (Qᵀb)ᵀy, so that their
 * rounding is that of the problem (‖∇f‖ to about ε·κ·‖x‖), not of a cancelling sum over
 * the entries of A. Seeded: the same arguments give the same problem, bit for bit.
 */
export function randomQuadratic(options: {
  n: number;
  condition: number;
  quartic: number;
  negative?: number;
  seed: number;
  x0Scale?: number;
}): TestCase {
  const { n, condition, quartic, negative = 0, seed, x0Scale = 1 } = options;
  const rand = mulberry32(seed);
  const lambda = new Float64Array(n);
  for (let i = 0; i < n; i++) lambda[i] = n === 1 ? condition : condition ** (i / (n - 1));
  for (let i = 0; i < Math.min(negative, n); i++) lambda[i] = -lambda[i];
  // Q = H_1 ⋯ H_n (Householder: H = I − 2uuᵀ/uᵀu), row-major, applied to I from the left.
  const Q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) Q[i * n + i] = 1;
  const u = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let uu = 0;
    for (let i = 0; i < n; i++) {
      u[i] = 2 * rand() - 1;
      uu += u[i] * u[i];
    }
    if (uu === 0) continue;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += u[i] * Q[i * n + j];
      const t = (2 * s) / uu;
      for (let i = 0; i < n; i++) Q[i * n + j] -= t * u[i];
    }
  }
  // A = Q Λ Qᵀ, symmetric to the last bit.
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += Q[i * n + k] * lambda[k] * Q[j * n + k];
      A[i * n + j] = s;
      A[j * n + i] = s;
    }
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) b[i] = 2 * rand() - 1;
  const cb = new Float64Array(n); // Qᵀb
  for (let k = 0; k < n; k++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Q[i * n + k] * b[i];
    cb[k] = s;
  }
  const x0 = new Float64Array(n);
  for (let i = 0; i < n; i++) x0[i] = x0Scale * (2 * rand() - 1);
  const c = quartic;
  const y = new Float64Array(n);
  const toEigen = (x: ArrayLike<number>) => {
    for (let k = 0; k < n; k++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += Q[i * n + k] * x[i];
      y[k] = s;
    }
    return y;
  };
  return {
    name: `quadratic(n=${n}, κ=${condition}, quartic=${c}, negative=${negative}, seed=${seed})`,
    n,
    x0,
    value(x) {
      toEigen(x);
      let f = 0;
      for (let k = 0; k < n; k++) f += y[k] * (0.5 * lambda[k] * y[k] - cb[k]);
      for (let i = 0; i < n; i++) f += 0.25 * c * x[i] ** 4;
      return f;
    },
    gradient(x, out) {
      toEigen(x);
      for (let k = 0; k < n; k++) y[k] = lambda[k] * y[k] - cb[k];
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += Q[i * n + k] * y[k];
        out[i] = s + c * x[i] ** 3;
      }
    },
    hessian(x, out) {
      out.data.set(A);
      for (let i = 0; i < n; i++) out.data[i * n + i] += 3 * c * x[i] * x[i];
    },
    hvp(x, v, out) {
      toEigen(v);
      for (let k = 0; k < n; k++) y[k] *= lambda[k];
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += Q[i * n + k] * y[k];
        out[i] = s + 3 * c * x[i] * x[i] * v[i];
      }
    },
  };
}

/**
 * A separable problem of any size, cheap at n = 10⁶: f = Σ d_i (x_i − 1)² + ¼ (x_i − 1)⁴
 * with d_i in [1, 10] (a fixed pattern), minimizer x = 1, f* = 0.
 */
export function separable(n: number): TestCase {
  const d = (i: number) => 1 + (i % 10);
  return {
    name: `separable(n=${n})`,
    n,
    x0: new Float64Array(n),
    value(x) {
      let f = 0;
      for (let i = 0; i < n; i++) {
        const t = x[i] - 1;
        const t2 = t * t;
        f += d(i) * t2 + 0.25 * t2 * t2;
      }
      return f;
    },
    gradient(x, out) {
      for (let i = 0; i < n; i++) {
        const t = x[i] - 1;
        out[i] = 2 * d(i) * t + t * t * t;
      }
    },
    hessian(x, out) {
      out.data.fill(0);
      for (let i = 0; i < n; i++) {
        const t = x[i] - 1;
        out.data[i * n + i] = 2 * d(i) + 3 * t * t;
      }
    },
    hvp(x, v, out) {
      for (let i = 0; i < n; i++) {
        const t = x[i] - 1;
        out[i] = (2 * d(i) + 3 * t * t) * v[i];
      }
    },
  };
}

/** f = (x₀ + x₁ − 1)²: a rank-one PSD quadratic, its Hessian singular everywhere; minimizers fill a line. */
export function singularQuadratic(): TestCase {
  return {
    name: 'singular: (x0 + x1 - 1)^2',
    n: 2,
    x0: Float64Array.of(2, 3),
    value: (x) => (x[0] + x[1] - 1) ** 2,
    gradient(x, out) {
      const t = 2 * (x[0] + x[1] - 1);
      out[0] = t;
      out[1] = t;
    },
    hessian(_x, out) {
      out.data.fill(2);
    },
    hvp(_x, v, out) {
      const t = 2 * (v[0] + v[1]);
      out[0] = t;
      out[1] = t;
    },
  };
}

/** f = x₀⁴ + x₁²: the Hessian is singular at the minimizer 0 (convergence is linear there). */
export function singularAtMinimum(): TestCase {
  return {
    name: 'singular at x*: x0^4 + x1^2',
    n: 2,
    x0: Float64Array.of(1, 1),
    value: (x) => x[0] ** 4 + x[1] ** 2,
    gradient(x, out) {
      out[0] = 4 * x[0] ** 3;
      out[1] = 2 * x[1];
    },
    hessian(x, out) {
      out.data[0] = 12 * x[0] ** 2;
      out.data[1] = 0;
      out.data[2] = 0;
      out.data[3] = 2;
    },
    hvp(x, v, out) {
      out[0] = 12 * x[0] ** 2 * v[0];
      out[1] = 2 * v[1];
    },
  };
}

/**
 * A flat region: f = −exp(−‖x‖²) started at ‖x‖ = 6, where ∇f ≈ 1e-15: every method must
 * stop at once on the gradient test (the honest answer: no slope to follow), not wander.
 */
export function flatRegion(): TestCase {
  return {
    name: 'flat: -exp(-|x|^2) from |x| = 6',
    n: 2,
    x0: Float64Array.of(6, 0),
    value: (x) => -Math.exp(-(x[0] ** 2 + x[1] ** 2)),
    gradient(x, out) {
      const e = Math.exp(-(x[0] ** 2 + x[1] ** 2));
      out[0] = 2 * x[0] * e;
      out[1] = 2 * x[1] * e;
    },
    hessian(x, out) {
      const e = Math.exp(-(x[0] ** 2 + x[1] ** 2));
      out.data[0] = (2 - 4 * x[0] ** 2) * e;
      out.data[1] = -4 * x[0] * x[1] * e;
      out.data[2] = out.data[1];
      out.data[3] = (2 - 4 * x[1] ** 2) * e;
    },
    hvp(x, v, out) {
      const e = Math.exp(-(x[0] ** 2 + x[1] ** 2));
      const h00 = (2 - 4 * x[0] ** 2) * e;
      const h01 = -4 * x[0] * x[1] * e;
      const h11 = (2 - 4 * x[1] ** 2) * e;
      out[0] = h00 * v[0] + h01 * v[1];
      out[1] = h01 * v[0] + h11 * v[1];
    },
  };
}

/**
 * A plateau: f = Σ max(|x_i| − 1, 0)², exactly flat (∇f = 0, ∇²f = 0) on the box |x_i| ≤ 1
 * and quadratic outside; started outside, its minimizers fill the box.
 */
export function plateau(): TestCase {
  const h = (t: number) => (Math.abs(t) <= 1 ? 0 : (Math.abs(t) - 1) ** 2);
  const dh = (t: number) => (Math.abs(t) <= 1 ? 0 : 2 * (Math.abs(t) - 1) * Math.sign(t));
  const d2h = (t: number) => (Math.abs(t) <= 1 ? 0 : 2);
  return {
    name: 'plateau: sum max(|x_i| - 1, 0)^2',
    n: 3,
    x0: Float64Array.of(4, -3, 0.5),
    value: (x) => h(x[0]) + h(x[1]) + h(x[2]),
    gradient(x, out) {
      for (let i = 0; i < 3; i++) out[i] = dh(x[i]);
    },
    hessian(x, out) {
      out.data.fill(0);
      for (let i = 0; i < 3; i++) out.data[i * 3 + i] = d2h(x[i]);
    },
    hvp(x, v, out) {
      for (let i = 0; i < 3; i++) out[i] = d2h(x[i]) * v[i];
    },
  };
}

/** f = Σ (x_i − i)², started at its minimizer: x0 is already optimal. */
export function alreadyOptimal(): TestCase {
  return {
    name: 'x0 optimal: sum (x_i - i)^2 from x*',
    n: 3,
    x0: Float64Array.of(0, 1, 2),
    value: (x) => x[0] ** 2 + (x[1] - 1) ** 2 + (x[2] - 2) ** 2,
    gradient(x, out) {
      for (let i = 0; i < 3; i++) out[i] = 2 * (x[i] - i);
    },
    hessian(_x, out) {
      out.data.fill(0);
      for (let i = 0; i < 3; i++) out.data[i * 3 + i] = 2;
    },
    hvp(_x, v, out) {
      for (let i = 0; i < 3; i++) out[i] = 2 * v[i];
    },
  };
}

/** n = 1: f = x⁴/4 − x + cos(x), one minimizer near 1.2, started at −2. */
export function oneDimensional(): TestCase {
  return {
    name: 'n = 1: x^4/4 - x + cos x',
    n: 1,
    x0: Float64Array.of(-2),
    value: (x) => x[0] ** 4 / 4 - x[0] + Math.cos(x[0]),
    gradient(x, out) {
      out[0] = x[0] ** 3 - 1 - Math.sin(x[0]);
    },
    hessian(x, out) {
      out.data[0] = 3 * x[0] ** 2 - Math.cos(x[0]);
    },
    hvp(x, v, out) {
      out[0] = (3 * x[0] ** 2 - Math.cos(x[0])) * v[0];
    },
  };
}

/** ‖∇f(x)‖∞ of a test case (fresh evaluation). */
export function gradientNormAt(c: TestCase, x: Float64Array): number {
  const g = new Float64Array(c.n);
  c.gradient(x, g);
  return normInf(g);
}
