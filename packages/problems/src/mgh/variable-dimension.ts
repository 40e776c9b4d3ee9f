/**
 * Moré–Garbow–Hillstrom problems 23–27, whose dimension n is a parameter and whose
 * Hessian is dense: Penalty I and II, variably dimensioned, trigonometric and Brown
 * almost-linear.
 *
 * **Reference** J. J. Moré, B. S. Garbow and K. E. Hillstrom, "Testing unconstrained
 * optimization software", ACM Trans. Math. Software 7(1) (1981) 17–41 (MGH below).
 * The f* given with more digits than MGH print were computed here by Newton's method
 * and agree with MGH's digits.
 *
 * @packageDocumentation
 */
import { leastSquaresProblem } from '../least-squares.js';
import { checkDimension, type TestProblem } from '../types.js';

const PENALTY_A = 1e-5;
const SQRT_PENALTY_A = Math.sqrt(PENALTY_A);

const PENALTY1_FSTAR: Readonly<Record<number, number>> = {
  4: 2.2499775009e-5,
  10: 7.08765146709e-5,
};

/**
 * Penalty function I: rᵢ = √a(xᵢ − 1), i = 1..n, r₍ₙ₊₁₎ = Σⱼxⱼ² − 1/4, a = 10⁻⁵.
 *
 * n ≥ 1 (default 10), m = n + 1, x0ⱼ = j, f* = 2.24997…·10⁻⁵ (n = 4),
 * 7.08765…·10⁻⁵ (n = 10); not given for other n.
 * **Reference** MGH problem 23 (Gill, Murray & Pitfield 1972).
 * @throws RangeError when n is not an integer >= 1
 * @example const p = penalty1(4); p.fstar // 2.2499775009e-5
 */
export function penalty1(n = 10): TestProblem {
  checkDimension('penalty-1', n, 1);
  const x0 = new Float64Array(n);
  for (let j = 0; j < n; j++) x0[j] = j + 1;
  return leastSquaresProblem({
    name: 'penalty-1',
    source: 'Moré, Garbow & Hillstrom (1981), problem 23 (Gill, Murray & Pitfield 1972)',
    n,
    m: n + 1,
    x0,
    fstar: PENALTY1_FSTAR[n],
    residuals: (x, r) => {
      let s = 0;
      for (let j = 0; j < n; j++) {
        r[j] = SQRT_PENALTY_A * (x[j] - 1);
        s += x[j] * x[j];
      }
      r[n] = s - 0.25;
    },
    jacobian: (x, J) => {
      for (let j = 0; j < n; j++) {
        J[j * n + j] = SQRT_PENALTY_A;
        J[n * n + j] = 2 * x[j];
      }
    },
    addResidualHessians: (_x, w, H) => {
      for (let j = 0; j < n; j++) H[j * n + j] += 2 * w[n];
    },
  });
}

const PENALTY2_FSTAR: Readonly<Record<number, number>> = {
  4: 9.376293007355e-6,
  10: 2.936605374567e-4,
};

/**
 * Penalty function II (1-based): r₁ = x₁ − 0.2;
 * rᵢ = √a(e^(xᵢ/10) + e^(xᵢ₋₁/10) − yᵢ), yᵢ = e^(i/10) + e^((i−1)/10), 2 ≤ i ≤ n;
 * rᵢ = √a(e^(xᵢ₋ₙ₊₁/10) − e^(−1/10)), n < i < 2n; r₂ₙ = Σⱼ(n − j + 1)xⱼ² − 1; a = 10⁻⁵.
 *
 * n ≥ 1 (default 10), m = 2n, x0 = (1/2, …, 1/2), f* = 9.37629…·10⁻⁶ (n = 4),
 * 2.93660…·10⁻⁴ (n = 10); not given for other n.
 * **Reference** MGH problem 24 (Gill, Murray & Pitfield 1972).
 * @throws RangeError when n is not an integer >= 1
 * @example const p = penalty2(4); p.fstar // 9.376293007355e-6
 */
export function penalty2(n = 10): TestProblem {
  checkDimension('penalty-2', n, 1);
  const e1 = Math.exp(-0.1);
  return leastSquaresProblem({
    name: 'penalty-2',
    source: 'Moré, Garbow & Hillstrom (1981), problem 24 (Gill, Murray & Pitfield 1972)',
    n,
    m: 2 * n,
    x0: new Float64Array(n).fill(0.5),
    fstar: PENALTY2_FSTAR[n],
    residuals: (x, r) => {
      r[0] = x[0] - 0.2;
      for (let k = 1; k < n; k++) {
        const y = Math.exp((k + 1) / 10) + Math.exp(k / 10);
        r[k] = SQRT_PENALTY_A * (Math.exp(x[k] / 10) + Math.exp(x[k - 1] / 10) - y);
        r[n + k - 1] = SQRT_PENALTY_A * (Math.exp(x[k] / 10) - e1);
      }
      let s = 0;
      for (let j = 0; j < n; j++) s += (n - j) * x[j] * x[j];
      r[2 * n - 1] = s - 1;
    },
    jacobian: (x, J) => {
      J[0] = 1;
      for (let k = 1; k < n; k++) {
        const ek = (SQRT_PENALTY_A * Math.exp(x[k] / 10)) / 10;
        J[k * n + k] = ek;
        J[k * n + k - 1] = (SQRT_PENALTY_A * Math.exp(x[k - 1] / 10)) / 10;
        J[(n + k - 1) * n + k] = ek;
      }
      for (let j = 0; j < n; j++) J[(2 * n - 1) * n + j] = 2 * (n - j) * x[j];
    },
    addResidualHessians: (x, w, H) => {
      for (let k = 1; k < n; k++) {
        const e = (SQRT_PENALTY_A * Math.exp(x[k] / 10)) / 100;
        H[k * n + k] += (w[k] + w[n + k - 1]) * e;
        H[(k - 1) * n + k - 1] += (w[k] * SQRT_PENALTY_A * Math.exp(x[k - 1] / 10)) / 100;
      }
      for (let j = 0; j < n; j++) H[j * n + j] += 2 * (n - j) * w[2 * n - 1];
    },
  });
}

/**
 * Variably dimensioned: rᵢ = xᵢ − 1, i = 1..n; r₍ₙ₊₁₎ = Σⱼ j(xⱼ − 1); r₍ₙ₊₂₎ = r₍ₙ₊₁₎².
 *
 * n ≥ 1 (default 10), m = n + 2, x0ⱼ = 1 − j/n, f* = 0 at (1, …, 1).
 * **Reference** MGH problem 25.
 * @throws RangeError when n is not an integer >= 1
 * @example const p = variablyDimensioned(10); p.value(p.xstar!) // 0
 */
export function variablyDimensioned(n = 10): TestProblem {
  checkDimension('variably-dimensioned', n, 1);
  const x0 = new Float64Array(n);
  for (let j = 0; j < n; j++) x0[j] = 1 - (j + 1) / n;
  const sum = (x: Float64Array): number => {
    let s = 0;
    for (let j = 0; j < n; j++) s += (j + 1) * (x[j] - 1);
    return s;
  };
  return leastSquaresProblem({
    name: 'variably-dimensioned',
    source: 'Moré, Garbow & Hillstrom (1981), problem 25',
    n,
    m: n + 2,
    x0,
    fstar: 0,
    xstar: new Float64Array(n).fill(1),
    residuals: (x, r) => {
      for (let j = 0; j < n; j++) r[j] = x[j] - 1;
      const s = sum(x);
      r[n] = s;
      r[n + 1] = s * s;
    },
    jacobian: (x, J) => {
      const s = sum(x);
      for (let j = 0; j < n; j++) {
        J[j * n + j] = 1;
        J[n * n + j] = j + 1;
        J[(n + 1) * n + j] = 2 * s * (j + 1);
      }
    },
    addResidualHessians: (_x, w, H) => {
      const c = 2 * w[n + 1];
      for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) H[j * n + k] += c * (j + 1) * (k + 1);
    },
  });
}

/**
 * Trigonometric: rᵢ = n − Σⱼ cos xⱼ + i(1 − cos xᵢ) − sin xᵢ, i = 1..n.
 *
 * n ≥ 1 (default 10), m = n, x0 = (1/n, …, 1/n), f* = 0; there are local minima
 * with f > 0 (for n = 10, f = 2.79506…·10⁻⁵), which methods often reach from x0.
 * **Reference** MGH problem 26 (Spedicato 1975).
 * @throws RangeError when n is not an integer >= 1
 * @example const p = trigonometric(10);
 */
export function trigonometric(n = 10): TestProblem {
  checkDimension('trigonometric', n, 1);
  return leastSquaresProblem({
    name: 'trigonometric',
    source: 'Moré, Garbow & Hillstrom (1981), problem 26 (Spedicato 1975)',
    n,
    m: n,
    x0: new Float64Array(n).fill(1 / n),
    fstar: 0,
    residuals: (x, r) => {
      let c = 0;
      for (let j = 0; j < n; j++) c += Math.cos(x[j]);
      for (let i = 0; i < n; i++) r[i] = n - c + (i + 1) * (1 - Math.cos(x[i])) - Math.sin(x[i]);
    },
    jacobian: (x, J) => {
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) J[i * n + j] = Math.sin(x[j]);
        J[i * n + i] += (i + 1) * Math.sin(x[i]) - Math.cos(x[i]);
      }
    },
    addResidualHessians: (x, w, H) => {
      let W = 0;
      for (let i = 0; i < n; i++) W += w[i];
      for (let j = 0; j < n; j++)
        H[j * n + j] += W * Math.cos(x[j]) + w[j] * ((j + 1) * Math.cos(x[j]) + Math.sin(x[j]));
    },
  });
}

/**
 * Brown almost-linear: rᵢ = xᵢ + Σⱼxⱼ − (n + 1), 1 ≤ i < n; rₙ = Πⱼxⱼ − 1.
 *
 * n ≥ 1 (default 10), m = n, x0 = (1/2, …, 1/2), f* = 0 at (1, …, 1) (and at
 * (α, …, α, α¹⁻ⁿ) for the roots α of nαⁿ − (n + 1)αⁿ⁻¹ + 1); a local minimum f = 1
 * at (0, …, 0, n + 1).
 * **Reference** MGH problem 27 (Brown 1969).
 * @throws RangeError when n is not an integer >= 1
 * @example const p = brownAlmostLinear(10); p.value(p.xstar!) // 0
 */
export function brownAlmostLinear(n = 10): TestProblem {
  checkDimension('brown-almost-linear', n, 1);
  /** Π over k ∉ {a, b} of x_k. */
  const productExcept = (x: Float64Array, a: number, b: number): number => {
    let p = 1;
    for (let k = 0; k < n; k++) if (k !== a && k !== b) p *= x[k];
    return p;
  };
  return leastSquaresProblem({
    name: 'brown-almost-linear',
    source: 'Moré, Garbow & Hillstrom (1981), problem 27 (Brown 1969)',
    n,
    m: n,
    x0: new Float64Array(n).fill(0.5),
    fstar: 0,
    xstar: new Float64Array(n).fill(1),
    residuals: (x, r) => {
      let s = 0;
      for (let j = 0; j < n; j++) s += x[j];
      for (let i = 0; i < n - 1; i++) r[i] = x[i] + s - (n + 1);
      r[n - 1] = productExcept(x, -1, -1) - 1;
    },
    jacobian: (x, J) => {
      for (let i = 0; i < n - 1; i++) {
        for (let j = 0; j < n; j++) J[i * n + j] = 1;
        J[i * n + i] = 2;
      }
      for (let j = 0; j < n; j++) J[(n - 1) * n + j] = productExcept(x, j, -1);
    },
    addResidualHessians: (x, w, H) => {
      const c = w[n - 1];
      for (let j = 0; j < n; j++)
        for (let k = j + 1; k < n; k++) {
          const v = c * productExcept(x, j, k);
          H[j * n + k] += v;
          H[k * n + j] += v;
        }
    },
  });
}
