/**
 * Moré–Garbow–Hillstrom problems 1–5: the two-variable ones.
 *
 * **Reference** J. J. Moré, B. S. Garbow and K. E. Hillstrom, "Testing unconstrained
 * optimization software", ACM Trans. Math. Software 7(1) (1981) 17–41 (MGH below).
 *
 * @packageDocumentation
 */
import { leastSquaresProblem } from '../least-squares.js';
import type { TestProblem } from '../types.js';

/**
 * Rosenbrock: f = 100(x₂ − x₁²)² + (1 − x₁)².
 *
 * n = 2, x0 = (−1.2, 1), f* = 0 at (1, 1).
 * **Reference** MGH problem 1; H. H. Rosenbrock, Comput. J. 3 (1960) 175–184.
 * @example const p = rosenbrock(); p.value(p.x0) // 24.2
 */
export function rosenbrock(): TestProblem {
  return leastSquaresProblem({
    name: 'rosenbrock',
    source: 'Moré, Garbow & Hillstrom (1981), problem 1 (Rosenbrock 1960)',
    n: 2,
    m: 2,
    x0: [-1.2, 1],
    fstar: 0,
    xstar: [1, 1],
    residuals: (x, r) => {
      r[0] = 10 * (x[1] - x[0] * x[0]);
      r[1] = 1 - x[0];
    },
    jacobian: (x, J) => {
      J[0] = -20 * x[0];
      J[1] = 10;
      J[2] = -1;
    },
    addResidualHessians: (_x, w, H) => {
      H[0] += -20 * w[0];
    },
  });
}

/**
 * Freudenstein and Roth: r₁ = −13 + x₁ + ((5 − x₂)x₂ − 2)x₂, r₂ = −29 + x₁ + ((x₂ + 1)x₂ − 14)x₂.
 *
 * n = 2, x0 = (0.5, −2), f* = 0 at (5, 4); a second local minimum f = 48.9842… at
 * (11.41…, −0.8968…), which many methods reach from x0.
 * **Reference** MGH problem 2.
 * @example const p = freudensteinRoth(); p.value(p.x0) // 400.5
 */
export function freudensteinRoth(): TestProblem {
  return leastSquaresProblem({
    name: 'freudenstein-roth',
    source: 'Moré, Garbow & Hillstrom (1981), problem 2 (Freudenstein & Roth 1963)',
    n: 2,
    m: 2,
    x0: [0.5, -2],
    fstar: 0,
    xstar: [5, 4],
    residuals: (x, r) => {
      const y = x[1];
      r[0] = -13 + x[0] + ((5 - y) * y - 2) * y;
      r[1] = -29 + x[0] + ((y + 1) * y - 14) * y;
    },
    jacobian: (x, J) => {
      const y = x[1];
      J[0] = 1;
      J[1] = (10 - 3 * y) * y - 2;
      J[2] = 1;
      J[3] = (3 * y + 2) * y - 14;
    },
    addResidualHessians: (x, w, H) => {
      const y = x[1];
      H[3] += w[0] * (10 - 6 * y) + w[1] * (6 * y + 2);
    },
  });
}

/**
 * Powell badly scaled: r₁ = 10⁴x₁x₂ − 1, r₂ = e^(−x₁) + e^(−x₂) − 1.0001.
 *
 * n = 2, x0 = (0, 1), f* = 0 at (1.098…·10⁻⁵, 9.106…).
 * **Reference** MGH problem 3.
 * @example const p = powellBadlyScaled(); p.value(p.x0) // 1.13526…
 */
export function powellBadlyScaled(): TestProblem {
  return leastSquaresProblem({
    name: 'powell-badly-scaled',
    source: 'Moré, Garbow & Hillstrom (1981), problem 3 (Powell 1970)',
    n: 2,
    m: 2,
    x0: [0, 1],
    fstar: 0,
    residuals: (x, r) => {
      r[0] = 1e4 * x[0] * x[1] - 1;
      r[1] = Math.exp(-x[0]) + Math.exp(-x[1]) - 1.0001;
    },
    jacobian: (x, J) => {
      J[0] = 1e4 * x[1];
      J[1] = 1e4 * x[0];
      J[2] = -Math.exp(-x[0]);
      J[3] = -Math.exp(-x[1]);
    },
    addResidualHessians: (x, w, H) => {
      H[1] += 1e4 * w[0];
      H[2] += 1e4 * w[0];
      H[0] += w[1] * Math.exp(-x[0]);
      H[3] += w[1] * Math.exp(-x[1]);
    },
  });
}

/**
 * Brown badly scaled: r₁ = x₁ − 10⁶, r₂ = x₂ − 2·10⁻⁶, r₃ = x₁x₂ − 2.
 *
 * n = 2, m = 3, x0 = (1, 1), f* = 0 at (10⁶, 2·10⁻⁶).
 * **Reference** MGH problem 4.
 * @example const p = brownBadlyScaled(); p.value(p.xstar!) // 0
 */
export function brownBadlyScaled(): TestProblem {
  return leastSquaresProblem({
    name: 'brown-badly-scaled',
    source: 'Moré, Garbow & Hillstrom (1981), problem 4',
    n: 2,
    m: 3,
    x0: [1, 1],
    fstar: 0,
    xstar: [1e6, 2e-6],
    residuals: (x, r) => {
      r[0] = x[0] - 1e6;
      r[1] = x[1] - 2e-6;
      r[2] = x[0] * x[1] - 2;
    },
    jacobian: (x, J) => {
      J[0] = 1;
      J[3] = 1;
      J[4] = x[1];
      J[5] = x[0];
    },
    addResidualHessians: (_x, w, H) => {
      H[1] += w[2];
      H[2] += w[2];
    },
  });
}

const BEALE_Y = [1.5, 2.25, 2.625];

/**
 * Beale: rᵢ = yᵢ − x₁(1 − x₂ⁱ), i = 1, 2, 3, y = (1.5, 2.25, 2.625).
 *
 * n = 2, m = 3, x0 = (1, 1), f* = 0 at (3, 0.5).
 * **Reference** MGH problem 5.
 * @example const p = beale(); p.value(p.x0) // 14.203125
 */
export function beale(): TestProblem {
  return leastSquaresProblem({
    name: 'beale',
    source: 'Moré, Garbow & Hillstrom (1981), problem 5 (Beale 1958)',
    n: 2,
    m: 3,
    x0: [1, 1],
    fstar: 0,
    xstar: [3, 0.5],
    residuals: (x, r) => {
      for (let i = 0; i < 3; i++) r[i] = BEALE_Y[i] - x[0] * (1 - x[1] ** (i + 1));
    },
    jacobian: (x, J) => {
      for (let i = 0; i < 3; i++) {
        const k = i + 1;
        J[2 * i] = -(1 - x[1] ** k);
        J[2 * i + 1] = x[0] * k * x[1] ** (k - 1);
      }
    },
    addResidualHessians: (x, w, H) => {
      for (let i = 0; i < 3; i++) {
        const k = i + 1;
        const cross = w[i] * k * x[1] ** (k - 1);
        H[1] += cross;
        H[2] += cross;
        if (k >= 2) H[3] += w[i] * x[0] * k * (k - 1) * x[1] ** (k - 2);
      }
    },
  });
}
