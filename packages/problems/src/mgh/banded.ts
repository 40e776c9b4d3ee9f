/**
 * Moré–Garbow–Hillstrom problems 28 and 30, the discrete boundary value function and
 * the Broyden tridiagonal function: least squares whose residual rᵢ depends on
 * xᵢ₋₁, xᵢ, xᵢ₊₁ only, so the Jacobian is tridiagonal and the Hessian pentadiagonal
 * (band 2). Their derivatives cost O(n) time and storage (the dense `hessian` O(n²)
 * for the fill), so they may be run at any n.
 *
 * **Reference** J. J. Moré, B. S. Garbow and K. E. Hillstrom, "Testing unconstrained
 * optimization software", ACM Trans. Math. Software 7(1) (1981) 17–41 (MGH below).
 *
 * @packageDocumentation
 */
import type { DenseMatrix, Vector } from '@hessian/core';
import { band, checkDimension, makeProblem, type TestProblem } from '../types.js';

/**
 * A tridiagonal residual system: for each i, rᵢ and its derivatives lᵢ = ∂rᵢ/∂xᵢ₋₁,
 * dᵢ = ∂rᵢ/∂xᵢ, uᵢ = ∂rᵢ/∂xᵢ₊₁ and hᵢ = ∂²rᵢ/∂xᵢ² (the only second derivative).
 * l₀ and uₙ₋₁ must be 0.
 */
interface TridiagonalResiduals {
  name: string;
  source: string;
  n: number;
  x0: Float64Array;
  evaluate(
    x: Vector,
    r: Float64Array,
    l: Float64Array,
    d: Float64Array,
    u: Float64Array,
    h: Float64Array,
  ): void;
}

function tridiagonalLeastSquares(spec: TridiagonalResiduals): TestProblem {
  const { n } = spec;
  const r = new Float64Array(n);
  const l = new Float64Array(n);
  const d = new Float64Array(n);
  const u = new Float64Array(n);
  const h = new Float64Array(n);
  const jv = new Float64Array(n);
  const evaluate = (x: Vector) => spec.evaluate(x, r, l, d, u, h);
  const sumSquares = (): number => {
    let f = 0;
    for (let i = 0; i < n; i++) f += r[i] * r[i];
    return f;
  };
  /** out ← 2Jᵀw. Row i of J holds lᵢ at column i−1, dᵢ at i, uᵢ at i+1. */
  const jacobianTransposeTimes = (w: Float64Array, out: Vector): void => {
    for (let j = 0; j < n; j++) {
      let s = d[j] * w[j];
      if (j > 0) s += u[j - 1] * w[j - 1];
      if (j < n - 1) s += l[j + 1] * w[j + 1];
      out[j] = 2 * s;
    }
  };
  return makeProblem({
    name: spec.name,
    dimension: n,
    x0: spec.x0,
    fstar: 0,
    source: spec.source,
    scalable: false,
    hessianStructure: band(2),
    value: (x) => {
      evaluate(x);
      return sumSquares();
    },
    valueAndGradient: (x, out) => {
      evaluate(x);
      jacobianTransposeTimes(r, out);
      return sumSquares();
    },
    hessian: (x, out: DenseMatrix) => {
      evaluate(x);
      const H = out.data;
      H.fill(0);
      // 2JᵀJ: row i of J (lᵢ at column i−1, dᵢ at i, uᵢ at i+1) adds its outer product.
      for (let i = 0; i < n; i++) {
        const li = l[i];
        const di = d[i];
        const ui = u[i];
        H[i * n + i] += 2 * di * di;
        if (i > 0) {
          H[(i - 1) * n + i - 1] += 2 * li * li;
          H[(i - 1) * n + i] += 2 * li * di;
          H[i * n + i - 1] += 2 * li * di;
        }
        if (i < n - 1) {
          H[(i + 1) * n + i + 1] += 2 * ui * ui;
          H[i * n + i + 1] += 2 * di * ui;
          H[(i + 1) * n + i] += 2 * di * ui;
        }
        if (i > 0 && i < n - 1) {
          H[(i - 1) * n + i + 1] += 2 * li * ui;
          H[(i + 1) * n + i - 1] += 2 * li * ui;
        }
        H[i * n + i] += 2 * r[i] * h[i];
      }
    },
    hessianVectorProduct: (x, v, out) => {
      evaluate(x);
      for (let i = 0; i < n; i++) {
        let s = d[i] * v[i];
        if (i > 0) s += l[i] * v[i - 1];
        if (i < n - 1) s += u[i] * v[i + 1];
        jv[i] = s;
      }
      jacobianTransposeTimes(jv, out);
      for (let i = 0; i < n; i++) out[i] += 2 * r[i] * h[i] * v[i];
    },
  });
}

/**
 * Discrete boundary value: rᵢ = 2xᵢ − xᵢ₋₁ − xᵢ₊₁ + h²(xᵢ + tᵢ + 1)³/2, h = 1/(n + 1),
 * tᵢ = ih, x₀ = xₙ₊₁ = 0.
 *
 * n ≥ 1 (default 10), m = n, x0ᵢ = tᵢ(tᵢ − 1), f* = 0. Hessian band 2.
 * **Reference** MGH problem 28 (Moré & Cosnard 1979).
 * @throws RangeError when n is not an integer >= 1
 * @example const p = discreteBoundaryValue(1000); p.hessianStructure // band 2
 */
export function discreteBoundaryValue(n = 10): TestProblem {
  checkDimension('discrete-boundary-value', n, 1);
  const step = 1 / (n + 1);
  const h2 = step * step;
  const x0 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = (i + 1) * step;
    x0[i] = t * (t - 1);
  }
  return tridiagonalLeastSquares({
    name: 'discrete-boundary-value',
    source: 'Moré, Garbow & Hillstrom (1981), problem 28 (Moré & Cosnard 1979)',
    n,
    x0,
    evaluate: (x, r, l, d, u, h) => {
      for (let i = 0; i < n; i++) {
        const c = x[i] + (i + 1) * step + 1;
        const left = i > 0 ? x[i - 1] : 0;
        const right = i < n - 1 ? x[i + 1] : 0;
        r[i] = 2 * x[i] - left - right + (h2 * c * c * c) / 2;
        l[i] = i > 0 ? -1 : 0;
        d[i] = 2 + 1.5 * h2 * c * c;
        u[i] = i < n - 1 ? -1 : 0;
        h[i] = 3 * h2 * c;
      }
    },
  });
}

/**
 * Broyden tridiagonal: rᵢ = (3 − 2xᵢ)xᵢ − xᵢ₋₁ − 2xᵢ₊₁ + 1, x₀ = xₙ₊₁ = 0.
 *
 * n ≥ 1 (default 10), m = n, x0 = (−1, …, −1), f* = 0. Hessian band 2.
 * **Reference** MGH problem 30 (Broyden 1965).
 * @throws RangeError when n is not an integer >= 1
 * @example const p = broydenTridiagonal(10); p.value(p.x0) // 21
 */
export function broydenTridiagonal(n = 10): TestProblem {
  checkDimension('broyden-tridiagonal', n, 1);
  return tridiagonalLeastSquares({
    name: 'broyden-tridiagonal',
    source: 'Moré, Garbow & Hillstrom (1981), problem 30 (Broyden 1965)',
    n,
    x0: new Float64Array(n).fill(-1),
    evaluate: (x, r, l, d, u, h) => {
      for (let i = 0; i < n; i++) {
        const left = i > 0 ? x[i - 1] : 0;
        const right = i < n - 1 ? x[i + 1] : 0;
        r[i] = (3 - 2 * x[i]) * x[i] - left - 2 * right + 1;
        l[i] = i > 0 ? -1 : 0;
        d[i] = 3 - 4 * x[i];
        u[i] = i < n - 1 ? -2 : 0;
        h[i] = -4;
      }
    },
  });
}
