/**
 * Moré–Garbow–Hillstrom data-fitting problems 8, 9, 12, 18 and 20: Bard, Gaussian,
 * Box three-dimensional, Biggs EXP6 and Watson.
 *
 * **Reference** J. J. Moré, B. S. Garbow and K. E. Hillstrom, "Testing unconstrained
 * optimization software", ACM Trans. Math. Software 7(1) (1981) 17–41 (MGH below).
 * The f* given with more digits than MGH print were computed here by Newton's method
 * from MGH's digits and agree with them.
 *
 * @packageDocumentation
 */
import { leastSquaresProblem } from '../least-squares.js';
import { checkDimension, type TestProblem } from '../types.js';

const BARD_Y = [
  0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.1, 4.39,
];

/**
 * Bard: rᵢ = yᵢ − (x₁ + uᵢ/(vᵢx₂ + wᵢx₃)), uᵢ = i, vᵢ = 16 − i, wᵢ = min(uᵢ, vᵢ), i = 1..15.
 *
 * n = 3, m = 15, x0 = (1, 1, 1), f* = 8.21487…·10⁻³; f = 17.4286… is approached as
 * x₂, x₃ → −∞ with x₁ = 0.8406….
 * **Reference** MGH problem 8 (Bard 1970).
 * @example const p = bard(); p.value(p.x0) // 41.6817…
 */
export function bard(): TestProblem {
  return leastSquaresProblem({
    name: 'bard',
    source: 'Moré, Garbow & Hillstrom (1981), problem 8 (Bard 1970)',
    n: 3,
    m: 15,
    x0: [1, 1, 1],
    fstar: 8.214877306579e-3,
    residuals: (x, r) => {
      for (let i = 0; i < 15; i++) {
        const u = i + 1;
        const v = 15 - i;
        const w = Math.min(u, v);
        r[i] = BARD_Y[i] - (x[0] + u / (v * x[1] + w * x[2]));
      }
    },
    jacobian: (x, J) => {
      for (let i = 0; i < 15; i++) {
        const u = i + 1;
        const v = 15 - i;
        const w = Math.min(u, v);
        const d = v * x[1] + w * x[2];
        const d2 = d * d;
        J[3 * i] = -1;
        J[3 * i + 1] = (u * v) / d2;
        J[3 * i + 2] = (u * w) / d2;
      }
    },
    addResidualHessians: (x, wt, H) => {
      for (let i = 0; i < 15; i++) {
        const u = i + 1;
        const v = 15 - i;
        const w = Math.min(u, v);
        const d = v * x[1] + w * x[2];
        const c = (-2 * u * wt[i]) / (d * d * d);
        H[4] += c * v * v;
        H[5] += c * v * w;
        H[7] += c * v * w;
        H[8] += c * w * w;
      }
    },
  });
}

const GAUSSIAN_Y = [
  0.0009, 0.0044, 0.0175, 0.054, 0.1295, 0.242, 0.3521, 0.3989, 0.3521, 0.242, 0.1295, 0.054,
  0.0175, 0.0044, 0.0009,
];

/**
 * Gaussian: rᵢ = x₁ exp(−x₂(tᵢ − x₃)²/2) − yᵢ, tᵢ = (8 − i)/2, i = 1..15.
 *
 * n = 3, m = 15, x0 = (0.4, 1, 0), f* = 1.12793…·10⁻⁸. The values are all small:
 * f(x0) ≈ 3.9·10⁻⁶.
 * **Reference** MGH problem 9.
 * @example const p = gaussian(); p.value(p.x0) // 3.88811…e-6
 */
export function gaussian(): TestProblem {
  return leastSquaresProblem({
    name: 'gaussian',
    source: 'Moré, Garbow & Hillstrom (1981), problem 9',
    n: 3,
    m: 15,
    x0: [0.4, 1, 0],
    fstar: 1.127932769619e-8,
    residuals: (x, r) => {
      for (let i = 0; i < 15; i++) {
        const d = (7 - i) / 2 - x[2];
        r[i] = x[0] * Math.exp((-x[1] * d * d) / 2) - GAUSSIAN_Y[i];
      }
    },
    jacobian: (x, J) => {
      for (let i = 0; i < 15; i++) {
        const d = (7 - i) / 2 - x[2];
        const e = Math.exp((-x[1] * d * d) / 2);
        J[3 * i] = e;
        J[3 * i + 1] = (-x[0] * e * d * d) / 2;
        J[3 * i + 2] = x[0] * x[1] * e * d;
      }
    },
    addResidualHessians: (x, w, H) => {
      const a = x[0];
      const b = x[1];
      for (let i = 0; i < 15; i++) {
        const d = (7 - i) / 2 - x[2];
        const d2 = d * d;
        const e = w[i] * Math.exp((-b * d2) / 2);
        const h01 = (-e * d2) / 2;
        const h02 = e * b * d;
        const h12 = a * e * d * (1 - (b * d2) / 2);
        H[1] += h01;
        H[3] += h01;
        H[2] += h02;
        H[6] += h02;
        H[4] += (a * e * d2 * d2) / 4;
        H[5] += h12;
        H[7] += h12;
        H[8] += a * b * e * (b * d2 - 1);
      }
    },
  });
}

/**
 * Box three-dimensional: rᵢ = e^(−tᵢx₁) − e^(−tᵢx₂) − x₃(e^(−tᵢ) − e^(−10tᵢ)), tᵢ = i/10,
 * i = 1..10.
 *
 * n = 3, m = 10, x0 = (0, 10, 20), f* = 0 at (1, 10, 1), at (10, 1, −1) and wherever
 * x₁ = x₂ and x₃ = 0.
 * **Reference** MGH problem 12 (Box 1966), with m = 10.
 * @example const p = box3d(); p.value(p.xstar!) // 0
 */
export function box3d(): TestProblem {
  const m = 10;
  return leastSquaresProblem({
    name: 'box-3d',
    source: 'Moré, Garbow & Hillstrom (1981), problem 12 (Box 1966), m = 10',
    n: 3,
    m,
    x0: [0, 10, 20],
    fstar: 0,
    xstar: [1, 10, 1],
    residuals: (x, r) => {
      for (let i = 0; i < m; i++) {
        const t = (i + 1) / 10;
        r[i] =
          Math.exp(-t * x[0]) - Math.exp(-t * x[1]) - x[2] * (Math.exp(-t) - Math.exp(-10 * t));
      }
    },
    jacobian: (x, J) => {
      for (let i = 0; i < m; i++) {
        const t = (i + 1) / 10;
        J[3 * i] = -t * Math.exp(-t * x[0]);
        J[3 * i + 1] = t * Math.exp(-t * x[1]);
        J[3 * i + 2] = -(Math.exp(-t) - Math.exp(-10 * t));
      }
    },
    addResidualHessians: (x, w, H) => {
      for (let i = 0; i < m; i++) {
        const t = (i + 1) / 10;
        H[0] += w[i] * t * t * Math.exp(-t * x[0]);
        H[4] -= w[i] * t * t * Math.exp(-t * x[1]);
      }
    },
  });
}

/** (coefficient index, rate index, sign) of the three exponential terms of Biggs EXP6, flat. */
const BIGGS_TERMS = Int8Array.of(2, 0, 1, 3, 1, -1, 5, 4, 1);

/**
 * Biggs EXP6: rᵢ = x₃e^(−tᵢx₁) − x₄e^(−tᵢx₂) + x₆e^(−tᵢx₅) − yᵢ, tᵢ = i/10,
 * yᵢ = e^(−tᵢ) − 5e^(−10tᵢ) + 3e^(−4tᵢ), i = 1..13.
 *
 * n = 6, m = 13, x0 = (1, 2, 1, 1, 1, 1), f* = 0 at (1, 10, 1, 5, 4, 3); a local
 * minimum f = 5.65565…·10⁻³, which many methods reach from x0.
 * **Reference** MGH problem 18 (Biggs 1971), with m = 13.
 * @example const p = biggsExp6(); p.value(p.x0) // 0.779070…
 */
export function biggsExp6(): TestProblem {
  const m = 13;
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const t = (i + 1) / 10;
    y[i] = Math.exp(-t) - 5 * Math.exp(-10 * t) + 3 * Math.exp(-4 * t);
  }
  return leastSquaresProblem({
    name: 'biggs-exp6',
    source: 'Moré, Garbow & Hillstrom (1981), problem 18 (Biggs 1971), m = 13',
    n: 6,
    m,
    x0: [1, 2, 1, 1, 1, 1],
    fstar: 0,
    xstar: [1, 10, 1, 5, 4, 3],
    residuals: (x, r) => {
      for (let i = 0; i < m; i++) {
        const t = (i + 1) / 10;
        r[i] =
          x[2] * Math.exp(-t * x[0]) -
          x[3] * Math.exp(-t * x[1]) +
          x[5] * Math.exp(-t * x[4]) -
          y[i];
      }
    },
    jacobian: (x, J) => {
      for (let i = 0; i < m; i++) {
        const t = (i + 1) / 10;
        for (let k = 0; k < 9; k += 3) {
          const a = BIGGS_TERMS[k];
          const b = BIGGS_TERMS[k + 1];
          const s = BIGGS_TERMS[k + 2];
          const e = Math.exp(-t * x[b]);
          J[6 * i + a] = s * e;
          J[6 * i + b] = -s * t * x[a] * e;
        }
      }
    },
    addResidualHessians: (x, w, H) => {
      for (let i = 0; i < m; i++) {
        const t = (i + 1) / 10;
        for (let k = 0; k < 9; k += 3) {
          const a = BIGGS_TERMS[k];
          const b = BIGGS_TERMS[k + 1];
          const s = BIGGS_TERMS[k + 2];
          const e = s * w[i] * Math.exp(-t * x[b]);
          H[6 * a + b] -= t * e;
          H[6 * b + a] -= t * e;
          H[6 * b + b] += t * t * x[a] * e;
        }
      }
    },
  });
}

/** f* of Watson's function by n, from MGH (more digits computed here). */
const WATSON_FSTAR: Readonly<Record<number, number>> = {
  6: 2.287670053552e-3,
  9: 1.399760138093e-6,
  12: 4.7223811e-10,
};

/**
 * Watson: for tᵢ = i/29, i = 1..29,
 * rᵢ = Σⱼ₌₂ⁿ (j − 1)xⱼtᵢ^(j−2) − (Σⱼ₌₁ⁿ xⱼtᵢ^(j−1))² − 1; r₃₀ = x₁, r₃₁ = x₂ − x₁² − 1.
 *
 * 2 ≤ n ≤ 31 (default 6), m = 31, x0 = 0. f* = 2.28767…·10⁻³ (n = 6),
 * 1.39976…·10⁻⁶ (n = 9), 4.72238…·10⁻¹⁰ (n = 12); not given for other n.
 * **Reference** MGH problem 20 (Kowalik & Osborne 1968).
 * @throws RangeError when n is not an integer in [2, 31]
 * @example const p = watson(9); p.fstar // 1.399760138093e-6
 */
export function watson(n = 6): TestProblem {
  checkDimension('watson', n, 2);
  if (n > 31) throw new RangeError(`watson: n must be an integer <= 31, got ${n}`);
  const m = 31;
  return leastSquaresProblem({
    name: 'watson',
    source: 'Moré, Garbow & Hillstrom (1981), problem 20 (Kowalik & Osborne 1968)',
    n,
    m,
    x0: new Float64Array(n),
    fstar: WATSON_FSTAR[n],
    residuals: (x, r) => {
      for (let i = 0; i < 29; i++) {
        const t = (i + 1) / 29;
        let lin = 0;
        let s = 0;
        let p = 1; // t^j
        for (let j = 0; j < n; j++) {
          s += x[j] * p;
          if (j + 1 < n) lin += (j + 1) * x[j + 1] * p;
          p *= t;
        }
        r[i] = lin - s * s - 1;
      }
      r[29] = x[0];
      r[30] = x[1] - x[0] * x[0] - 1;
    },
    jacobian: (x, J) => {
      for (let i = 0; i < 29; i++) {
        const t = (i + 1) / 29;
        let s = 0;
        let p = 1;
        for (let j = 0; j < n; j++) {
          s += x[j] * p;
          p *= t;
        }
        // ∂rᵢ/∂xⱼ = j·t^(j−1) − 2s·t^j  (0-based j)
        let pm = 0; // t^(j−1), 0 for j = 0
        p = 1;
        for (let j = 0; j < n; j++) {
          J[i * n + j] = j * pm - 2 * s * p;
          pm = p;
          p *= t;
        }
      }
      J[29 * n] = 1;
      J[30 * n] = -2 * x[0];
      J[30 * n + 1] = 1;
    },
    addResidualHessians: (_x, w, H) => {
      // ∇²rᵢ = −2aaᵀ with aⱼ = tᵢ^j; ∇²r₃₁ = −2e₁e₁ᵀ
      for (let i = 0; i < 29; i++) {
        const t = (i + 1) / 29;
        const c = -2 * w[i];
        let pj = 1;
        for (let j = 0; j < n; j++) {
          let pk = pj;
          for (let k = j; k < n; k++) {
            const v = c * pj * pk;
            H[j * n + k] += v;
            if (k !== j) H[k * n + j] += v;
            pk *= t;
          }
          pj *= t;
        }
      }
      H[0] += -2 * w[30];
    },
  });
}
