/**
 * Moré–Garbow–Hillstrom problems 7, 13 and 14: the helical valley, Powell's singular
 * function and Wood's function (curved valleys and a singular minimizer).
 *
 * **Reference** J. J. Moré, B. S. Garbow and K. E. Hillstrom, "Testing unconstrained
 * optimization software", ACM Trans. Math. Software 7(1) (1981) 17–41 (MGH below).
 *
 * @packageDocumentation
 */
import { leastSquaresProblem } from '../least-squares.js';
import type { TestProblem } from '../types.js';

const TWO_PI = 2 * Math.PI;

/**
 * θ(x₁, x₂) of the helical valley: arctan(x₂/x₁)/2π, plus 1/2 when x₁ < 0. MGH leave
 * x₁ = 0 undefined; here θ = ±1/4 there (the limit from x₁ > 0), and 0 at the origin.
 * @example helicalTheta(-1, 0) // 0.5
 */
export function helicalTheta(x1: number, x2: number): number {
  if (x1 > 0) return Math.atan(x2 / x1) / TWO_PI;
  if (x1 < 0) return Math.atan(x2 / x1) / TWO_PI + 0.5;
  return x2 > 0 ? 0.25 : x2 < 0 ? -0.25 : 0;
}

/**
 * Helical valley: r₁ = 10(x₃ − 10θ(x₁, x₂)), r₂ = 10(√(x₁² + x₂²) − 1), r₃ = x₃.
 *
 * n = 3, x0 = (−1, 0, 0), f* = 0 at (1, 0, 0). θ jumps across x₁ = 0 (see
 * {@link helicalTheta}); the derivatives are those of the smooth branch.
 * **Reference** MGH problem 7 (Fletcher & Powell 1963).
 * @example const p = helicalValley(); p.value(p.x0) // 2500
 */
export function helicalValley(): TestProblem {
  return leastSquaresProblem({
    name: 'helical-valley',
    source: 'Moré, Garbow & Hillstrom (1981), problem 7 (Fletcher & Powell 1963)',
    n: 3,
    m: 3,
    x0: [-1, 0, 0],
    fstar: 0,
    xstar: [1, 0, 0],
    residuals: (x, r) => {
      r[0] = 10 * (x[2] - 10 * helicalTheta(x[0], x[1]));
      r[1] = 10 * (Math.hypot(x[0], x[1]) - 1);
      r[2] = x[2];
    },
    jacobian: (x, J) => {
      const s = x[0] * x[0] + x[1] * x[1];
      const rho = Math.sqrt(s);
      // ∂θ/∂x₁ = −x₂/(2πs), ∂θ/∂x₂ = x₁/(2πs)
      J[0] = (100 * x[1]) / (TWO_PI * s);
      J[1] = (-100 * x[0]) / (TWO_PI * s);
      J[2] = 10;
      J[3] = (10 * x[0]) / rho;
      J[4] = (10 * x[1]) / rho;
      J[8] = 1;
    },
    addResidualHessians: (x, w, H) => {
      const a = x[0];
      const b = x[1];
      const s = a * a + b * b;
      const s2 = s * s;
      const s32 = s * Math.sqrt(s);
      // r₁ = 10x₃ − 100θ: ∇²θ = [2ab, b² − a²; b² − a², −2ab] / (2πs²)
      const c = (-100 * w[0]) / (TWO_PI * s2);
      // r₂ = 10(√s − 1): ∇² = 10[b², −ab; −ab, a²] / s^{3/2}
      const d = (10 * w[1]) / s32;
      H[0] += c * 2 * a * b + d * b * b;
      const off = c * (b * b - a * a) - d * a * b;
      H[1] += off;
      H[3] += off;
      H[4] += -c * 2 * a * b + d * a * a;
    },
  });
}

const SQRT5 = Math.sqrt(5);
const SQRT10 = Math.sqrt(10);

/**
 * Powell singular: r₁ = x₁ + 10x₂, r₂ = √5(x₃ − x₄), r₃ = (x₂ − 2x₃)², r₄ = √10(x₁ − x₄)².
 *
 * n = 4, x0 = (3, −1, 0, 1), f* = 0 at the origin, where the Hessian is singular
 * (rank 2): Newton's method converges only linearly there.
 * **Reference** MGH problem 13 (Powell 1962).
 * @example const p = powellSingular(); p.value(p.x0) // 215
 */
export function powellSingular(): TestProblem {
  return leastSquaresProblem({
    name: 'powell-singular',
    source: 'Moré, Garbow & Hillstrom (1981), problem 13 (Powell 1962)',
    n: 4,
    m: 4,
    x0: [3, -1, 0, 1],
    fstar: 0,
    xstar: [0, 0, 0, 0],
    residuals: (x, r) => {
      r[0] = x[0] + 10 * x[1];
      r[1] = SQRT5 * (x[2] - x[3]);
      r[2] = (x[1] - 2 * x[2]) ** 2;
      r[3] = SQRT10 * (x[0] - x[3]) ** 2;
    },
    jacobian: (x, J) => {
      const u = x[1] - 2 * x[2];
      const t = x[0] - x[3];
      J[0] = 1;
      J[1] = 10;
      J[6] = SQRT5;
      J[7] = -SQRT5;
      J[9] = 2 * u;
      J[10] = -4 * u;
      J[12] = 2 * SQRT10 * t;
      J[15] = -2 * SQRT10 * t;
    },
    addResidualHessians: (_x, w, H) => {
      // ∇²r₃ = 2 e eᵀ with e = (0, 1, −2, 0); ∇²r₄ = 2√10 d dᵀ with d = (1, 0, 0, −1)
      const a = 2 * w[2];
      H[5] += a;
      H[6] += -2 * a;
      H[9] += -2 * a;
      H[10] += 4 * a;
      const b = 2 * SQRT10 * w[3];
      H[0] += b;
      H[3] -= b;
      H[12] -= b;
      H[15] += b;
    },
  });
}

const SQRT90 = Math.sqrt(90);
const INV_SQRT10 = 1 / Math.sqrt(10);

/**
 * Wood: r₁ = 10(x₂ − x₁²), r₂ = 1 − x₁, r₃ = √90(x₄ − x₃²), r₄ = 1 − x₃,
 * r₅ = √10(x₂ + x₄ − 2), r₆ = 10^(−1/2)(x₂ − x₄).
 *
 * n = 4, m = 6, x0 = (−3, −1, −3, −1), f* = 0 at (1, 1, 1, 1).
 * **Reference** MGH problem 14 (Colville 1968).
 * @example const p = wood(); p.value(p.x0) // 19192
 */
export function wood(): TestProblem {
  return leastSquaresProblem({
    name: 'wood',
    source: 'Moré, Garbow & Hillstrom (1981), problem 14 (Colville 1968)',
    n: 4,
    m: 6,
    x0: [-3, -1, -3, -1],
    fstar: 0,
    xstar: [1, 1, 1, 1],
    residuals: (x, r) => {
      r[0] = 10 * (x[1] - x[0] * x[0]);
      r[1] = 1 - x[0];
      r[2] = SQRT90 * (x[3] - x[2] * x[2]);
      r[3] = 1 - x[2];
      r[4] = SQRT10 * (x[1] + x[3] - 2);
      r[5] = INV_SQRT10 * (x[1] - x[3]);
    },
    jacobian: (x, J) => {
      J[0] = -20 * x[0];
      J[1] = 10;
      J[4] = -1;
      J[10] = -2 * SQRT90 * x[2];
      J[11] = SQRT90;
      J[14] = -1;
      J[17] = SQRT10;
      J[19] = SQRT10;
      J[21] = INV_SQRT10;
      J[23] = -INV_SQRT10;
    },
    addResidualHessians: (_x, w, H) => {
      H[0] += -20 * w[0];
      H[10] += -2 * SQRT90 * w[2];
    },
  });
}
