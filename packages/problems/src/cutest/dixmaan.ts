/**
 * The Dixon–Maany family, CUTEst DIXMAANA–DIXMAAND: scalable problems whose Hessian
 * couples each variable with its neighbours and with the variables m and 2m away
 * (n = 3m). Gradient and Hessian-vector product in O(n), no n×n storage.
 *
 * **Reference** L. C. W. Dixon and Z. Maany, "A family of test problems with sparse
 * Hessians for unconstrained optimization", TR 206, Numerical Optimization Centre,
 * Hatfield Polytechnic (1988); CUTEst DIXMAANA–D (SIF: Ph. Toint 1991).
 *
 * @packageDocumentation
 */
import type { DenseMatrix } from '@hessian/core';
import { checkDimension, makeProblem, type TestProblem } from '../types.js';

/** The parameters α, β, γ, δ and exponents k₁..k₄ of a Dixon–Maany problem. */
export interface DixmaanParameters {
  alpha: number;
  beta: number;
  gamma: number;
  delta: number;
  k1: number;
  k2: number;
  k3: number;
  k4: number;
}

/** The CUTEst parameters of DIXMAANA–D (all exponents 0). */
export const DIXMAAN_PARAMETERS: Readonly<Record<'a' | 'b' | 'c' | 'd', DixmaanParameters>> = {
  a: { alpha: 1, beta: 0, gamma: 0.125, delta: 0.125, k1: 0, k2: 0, k3: 0, k4: 0 },
  b: { alpha: 1, beta: 0.0625, gamma: 0.0625, delta: 0.0625, k1: 0, k2: 0, k3: 0, k4: 0 },
  c: { alpha: 1, beta: 0.125, gamma: 0.125, delta: 0.125, k1: 0, k2: 0, k3: 0, k4: 0 },
  d: { alpha: 1, beta: 0.26, gamma: 0.26, delta: 0.26, k1: 0, k2: 0, k3: 0, k4: 0 },
};

/**
 * A Dixon–Maany problem with n = 3m (1-based i):
 * f = 1 + Σᵢ₌₁ⁿ α xᵢ²(i/n)^k₁ + Σᵢ₌₁ⁿ⁻¹ β xᵢ²(xᵢ₊₁ + xᵢ₊₁²)²(i/n)^k₂
 *       + Σᵢ₌₁²ᵐ γ xᵢ²xᵢ₊ₘ⁴(i/n)^k₃ + Σᵢ₌₁ᵐ δ xᵢxᵢ₊₂ₘ(i/n)^k₄.
 *
 * x0 = (2, …, 2), f* = 1 at the origin. Hessian: entries (i, j) with |i − j| ≤ 1
 * (|i − j| = 0 when β = 0), |i − j| = m, or |i − j| = 2m.
 * **Reference** Dixon & Maany (1988); CUTEst DIXMAAN*.
 * @throws RangeError when n is not a positive multiple of 3
 * @example dixmaan('dixmaane', 300, { ...DIXMAAN_PARAMETERS.a, k1: 1 }) // DIXMAANE
 */
export function dixmaan(name: string, n: number, p: DixmaanParameters): TestProblem {
  checkDimension(name, n, 3, 3);
  const m = n / 3;
  const c1 = new Float64Array(n);
  const c2 = new Float64Array(n);
  const c3 = new Float64Array(n);
  const c4 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = (i + 1) / n;
    c1[i] = p.alpha * r ** p.k1;
    c2[i] = p.beta * r ** p.k2;
    c3[i] = p.gamma * r ** p.k3;
    c4[i] = p.delta * r ** p.k4;
  }
  const hasBeta = p.beta !== 0;
  const hasGamma = p.gamma !== 0;
  const hasDelta = p.delta !== 0;
  return makeProblem({
    name,
    dimension: n,
    x0: new Float64Array(n).fill(2),
    fstar: 1,
    xstar: new Float64Array(n),
    source: `CUTEst ${name.toUpperCase()} (Dixon & Maany 1988)`,
    scalable: true,
    hessianStructure: {
      kind: 'pattern',
      description: `|i − j| ∈ {0${hasBeta ? ', 1' : ''}, m, 2m} with m = n/3 (coupling i with i + m for i < 2m, with i + 2m for i < m)`,
      nonzero: (i, j) => {
        const d = Math.abs(i - j);
        const lo = Math.min(i, j);
        return (
          d === 0 ||
          (d === 1 && hasBeta) ||
          (d === m && lo < 2 * m && hasGamma) ||
          (d === 2 * m && lo < m && hasDelta)
        );
      },
    },
    value: (x) => {
      let f = 1;
      for (let i = 0; i < n; i++) f += c1[i] * x[i] * x[i];
      for (let i = 0; i < n - 1; i++) {
        const y = x[i + 1];
        const u = y + y * y;
        f += c2[i] * x[i] * x[i] * u * u;
      }
      for (let i = 0; i < 2 * m; i++) {
        const q2 = x[i + m] * x[i + m];
        f += c3[i] * x[i] * x[i] * q2 * q2;
      }
      for (let i = 0; i < m; i++) f += c4[i] * x[i] * x[i + 2 * m];
      return f;
    },
    valueAndGradient: (x, out) => {
      let f = 1;
      for (let i = 0; i < n; i++) {
        f += c1[i] * x[i] * x[i];
        out[i] = 2 * c1[i] * x[i];
      }
      for (let i = 0; i < n - 1; i++) {
        const p0 = x[i];
        const y = x[i + 1];
        const u = y + y * y;
        f += c2[i] * p0 * p0 * u * u;
        out[i] += 2 * c2[i] * p0 * u * u;
        out[i + 1] += 2 * c2[i] * p0 * p0 * u * (1 + 2 * y);
      }
      for (let i = 0; i < 2 * m; i++) {
        const p0 = x[i];
        const q = x[i + m];
        const q2 = q * q;
        f += c3[i] * p0 * p0 * q2 * q2;
        out[i] += 2 * c3[i] * p0 * q2 * q2;
        out[i + m] += 4 * c3[i] * p0 * p0 * q2 * q;
      }
      for (let i = 0; i < m; i++) {
        f += c4[i] * x[i] * x[i + 2 * m];
        out[i] += c4[i] * x[i + 2 * m];
        out[i + 2 * m] += c4[i] * x[i];
      }
      return f;
    },
    hessian: (x, out: DenseMatrix) => {
      const h = out.data;
      h.fill(0);
      for (let i = 0; i < n; i++) h[i * n + i] = 2 * c1[i];
      for (let i = 0; i < n - 1; i++) {
        const p0 = x[i];
        const y = x[i + 1];
        const u = y + y * y;
        const e = 1 + 2 * y;
        h[i * n + i] += 2 * c2[i] * u * u;
        const off = 4 * c2[i] * p0 * u * e;
        h[i * n + i + 1] += off;
        h[(i + 1) * n + i] += off;
        h[(i + 1) * n + i + 1] += 2 * c2[i] * p0 * p0 * (e * e + 2 * u);
      }
      for (let i = 0; i < 2 * m; i++) {
        const p0 = x[i];
        const q = x[i + m];
        const q2 = q * q;
        const j = i + m;
        h[i * n + i] += 2 * c3[i] * q2 * q2;
        const off = 8 * c3[i] * p0 * q2 * q;
        h[i * n + j] += off;
        h[j * n + i] += off;
        h[j * n + j] += 12 * c3[i] * p0 * p0 * q2;
      }
      for (let i = 0; i < m; i++) {
        const j = i + 2 * m;
        h[i * n + j] += c4[i];
        h[j * n + i] += c4[i];
      }
    },
    hessianVectorProduct: (x, v, out) => {
      for (let i = 0; i < n; i++) out[i] = 2 * c1[i] * v[i];
      for (let i = 0; i < n - 1; i++) {
        const p0 = x[i];
        const y = x[i + 1];
        const u = y + y * y;
        const e = 1 + 2 * y;
        const off = 4 * c2[i] * p0 * u * e;
        out[i] += 2 * c2[i] * u * u * v[i] + off * v[i + 1];
        out[i + 1] += off * v[i] + 2 * c2[i] * p0 * p0 * (e * e + 2 * u) * v[i + 1];
      }
      for (let i = 0; i < 2 * m; i++) {
        const p0 = x[i];
        const q = x[i + m];
        const q2 = q * q;
        const j = i + m;
        const off = 8 * c3[i] * p0 * q2 * q;
        out[i] += 2 * c3[i] * q2 * q2 * v[i] + off * v[j];
        out[j] += off * v[i] + 12 * c3[i] * p0 * p0 * q2 * v[j];
      }
      for (let i = 0; i < m; i++) {
        const j = i + 2 * m;
        out[i] += c4[i] * v[j];
        out[j] += c4[i] * v[i];
      }
    },
  });
}

/**
 * DIXMAANA: {@link dixmaan} with α = 1, β = 0, γ = δ = 0.125, k = 0.
 * n a multiple of 3 (default 90), x0 = 2, f* = 1.
 * **Reference** CUTEst DIXMAANA; Dixon & Maany (1988).
 * @example const p = dixmaana(9); p.value(p.x0) // 86.5
 */
export function dixmaana(n = 90): TestProblem {
  return dixmaan('dixmaana', n, DIXMAAN_PARAMETERS.a);
}

/**
 * DIXMAANB: {@link dixmaan} with α = 1, β = γ = δ = 0.0625, k = 0.
 * n a multiple of 3 (default 90), x0 = 2, f* = 1.
 * **Reference** CUTEst DIXMAANB; Dixon & Maany (1988).
 * @example const p = dixmaanb(3000);
 */
export function dixmaanb(n = 90): TestProblem {
  return dixmaan('dixmaanb', n, DIXMAAN_PARAMETERS.b);
}

/**
 * DIXMAANC: {@link dixmaan} with α = 1, β = γ = δ = 0.125, k = 0.
 * n a multiple of 3 (default 90), x0 = 2, f* = 1.
 * **Reference** CUTEst DIXMAANC; Dixon & Maany (1988).
 * @example const p = dixmaanc(3000);
 */
export function dixmaanc(n = 90): TestProblem {
  return dixmaan('dixmaanc', n, DIXMAAN_PARAMETERS.c);
}

/**
 * DIXMAAND: {@link dixmaan} with α = 1, β = γ = δ = 0.26, k = 0.
 * n a multiple of 3 (default 90), x0 = 2, f* = 1.
 * **Reference** CUTEst DIXMAAND; Dixon & Maany (1988).
 * @example const p = dixmaand(3000);
 */
export function dixmaand(n = 90): TestProblem {
  return dixmaan('dixmaand', n, DIXMAAN_PARAMETERS.d);
}
