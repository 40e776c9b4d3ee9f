/**
 * Scalable partially separable problems with a banded or block-diagonal Hessian:
 * CUTEst TRIDIA, ENGVAL1 and POWELLSG. Gradient and Hessian-vector product in O(n),
 * no n×n storage.
 *
 * @packageDocumentation
 */
import type { DenseMatrix } from '@hessian/core';
import { band, checkDimension, makeProblem, type TestProblem } from '../types.js';

/**
 * TRIDIA (Shanno): f = (x₁ − 1)² + Σᵢ₌₂ⁿ i(2xᵢ − xᵢ₋₁)² (CUTEst parameters α = 2,
 * β = γ = δ = 1).
 *
 * n ≥ 2 (default 100), x0 = (1, …, 1), f* = 0 at xᵢ = 2^(1−i). Hessian band 1
 * (tridiagonal), constant: a quadratic.
 * **Reference** CUTEst TRIDIA; Ph. L. Toint, "Test problems for partially separable
 * optimization and results for the routine PSPMIN", Report 83/4, FUNDP Namur (1983),
 * problem 8.
 * @throws RangeError when n is not an integer >= 2
 * @example const p = tridia(5); p.value(p.x0) // 14
 */
export function tridia(n = 100): TestProblem {
  checkDimension('tridia', n, 2);
  const xstar = new Float64Array(n);
  for (let i = 0; i < n; i++) xstar[i] = 2 ** -i;
  return makeProblem({
    name: 'tridia',
    dimension: n,
    x0: new Float64Array(n).fill(1),
    fstar: 0,
    xstar,
    source: 'CUTEst TRIDIA (Toint 1983, problem 8)',
    scalable: true,
    hessianStructure: band(1),
    value: (x) => {
      let f = (x[0] - 1) ** 2;
      for (let i = 1; i < n; i++) {
        const r = 2 * x[i] - x[i - 1];
        f += (i + 1) * r * r;
      }
      return f;
    },
    valueAndGradient: (x, out) => {
      let f = (x[0] - 1) ** 2;
      out[0] = 2 * (x[0] - 1);
      for (let i = 1; i < n; i++) {
        const w = i + 1;
        const r = 2 * x[i] - x[i - 1];
        f += w * r * r;
        out[i - 1] -= 2 * w * r;
        out[i] = 4 * w * r;
      }
      return f;
    },
    hessian: (_x, out: DenseMatrix) => {
      const h = out.data;
      h.fill(0);
      h[0] = 2;
      for (let i = 1; i < n; i++) {
        const w = i + 1;
        h[(i - 1) * n + i - 1] += 2 * w;
        h[(i - 1) * n + i] = -4 * w;
        h[i * n + i - 1] = -4 * w;
        h[i * n + i] = 8 * w;
      }
    },
    hessianVectorProduct: (_x, v, out) => {
      out[0] = 2 * v[0];
      for (let i = 1; i < n; i++) {
        const w = i + 1;
        const t = 2 * v[i] - v[i - 1];
        out[i - 1] -= 2 * w * t;
        out[i] = 4 * w * t;
      }
    },
  });
}

/**
 * ENGVAL1: f = Σᵢ₌₁ⁿ⁻¹ (xᵢ² + xᵢ₊₁²)² − 4xᵢ + 3.
 *
 * n ≥ 2 (default 100), x0 = (2, …, 2); f* depends on n and is not known in closed
 * form. Hessian band 1.
 * **Reference** CUTEst ENGVAL1; Toint (1983), problem 31.
 * @throws RangeError when n is not an integer >= 2
 * @example const p = engval1(4); p.value(p.x0) // 177
 */
export function engval1(n = 100): TestProblem {
  checkDimension('engval1', n, 2);
  return makeProblem({
    name: 'engval1',
    dimension: n,
    x0: new Float64Array(n).fill(2),
    source: 'CUTEst ENGVAL1 (Toint 1983, problem 31)',
    scalable: true,
    hessianStructure: band(1),
    value: (x) => {
      let f = 0;
      for (let i = 0; i < n - 1; i++) {
        const q = x[i] * x[i] + x[i + 1] * x[i + 1];
        f += q * q - 4 * x[i] + 3;
      }
      return f;
    },
    valueAndGradient: (x, out) => {
      let f = 0;
      out.fill(0);
      for (let i = 0; i < n - 1; i++) {
        const q = x[i] * x[i] + x[i + 1] * x[i + 1];
        f += q * q - 4 * x[i] + 3;
        out[i] += 4 * q * x[i] - 4;
        out[i + 1] += 4 * q * x[i + 1];
      }
      return f;
    },
    hessian: (x, out: DenseMatrix) => {
      const h = out.data;
      h.fill(0);
      for (let i = 0; i < n - 1; i++) {
        const a = x[i];
        const b = x[i + 1];
        const q = a * a + b * b;
        h[i * n + i] += 4 * q + 8 * a * a;
        h[(i + 1) * n + i + 1] += 4 * q + 8 * b * b;
        h[i * n + i + 1] += 8 * a * b;
        h[(i + 1) * n + i] += 8 * a * b;
      }
    },
    hessianVectorProduct: (x, v, out) => {
      out.fill(0);
      for (let i = 0; i < n - 1; i++) {
        const a = x[i];
        const b = x[i + 1];
        const q = a * a + b * b;
        out[i] += (4 * q + 8 * a * a) * v[i] + 8 * a * b * v[i + 1];
        out[i + 1] += 8 * a * b * v[i] + (4 * q + 8 * b * b) * v[i + 1];
      }
    },
  });
}

/**
 * Extended Powell singular (CUTEst POWELLSG): for each block (a, b, c, d) of four
 * variables, (a + 10b)² + 5(c − d)² + (b − 2c)⁴ + 10(a − d)⁴.
 *
 * n a multiple of 4 (default 100), x0 = (3, −1, 0, 1, 3, −1, 0, 1, …), f* = 0 at the
 * origin, where the Hessian is singular. Hessian: 4×4 diagonal blocks.
 * **Reference** MGH problem 22 (Moré, Garbow & Hillstrom 1981); CUTEst POWELLSG.
 * @throws RangeError when n is not a positive multiple of 4
 * @example const p = powellsg(8); p.value(p.x0) // 430
 */
export function powellsg(n = 100): TestProblem {
  checkDimension('powellsg', n, 4, 4);
  const x0 = new Float64Array(n);
  for (let i = 0; i < n; i += 4) {
    x0[i] = 3;
    x0[i + 1] = -1;
    x0[i + 2] = 0;
    x0[i + 3] = 1;
  }
  return makeProblem({
    name: 'powellsg',
    dimension: n,
    x0,
    fstar: 0,
    xstar: new Float64Array(n),
    source: 'Moré, Garbow & Hillstrom (1981), problem 22; CUTEst POWELLSG',
    scalable: true,
    hessianStructure: {
      kind: 'pattern',
      description: '4×4 diagonal blocks (variables 4k..4k+3)',
      nonzero: (i, j) => i >> 2 === j >> 2,
    },
    value: (x) => {
      let f = 0;
      for (let i = 0; i < n; i += 4) {
        const p = x[i] + 10 * x[i + 1];
        const q = x[i + 2] - x[i + 3];
        const s = (x[i + 1] - 2 * x[i + 2]) ** 2;
        const t = (x[i] - x[i + 3]) ** 2;
        f += p * p + 5 * q * q + s * s + 10 * t * t;
      }
      return f;
    },
    valueAndGradient: (x, out) => {
      let f = 0;
      for (let i = 0; i < n; i += 4) {
        const p = x[i] + 10 * x[i + 1];
        const q = x[i + 2] - x[i + 3];
        const u = x[i + 1] - 2 * x[i + 2];
        const w = x[i] - x[i + 3];
        const u3 = u * u * u;
        const w3 = w * w * w;
        f += p * p + 5 * q * q + u * u3 + 10 * w * w3;
        out[i] = 2 * p + 40 * w3;
        out[i + 1] = 20 * p + 4 * u3;
        out[i + 2] = 10 * q - 8 * u3;
        out[i + 3] = -10 * q - 40 * w3;
      }
      return f;
    },
    hessian: (x, out: DenseMatrix) => {
      const h = out.data;
      h.fill(0);
      for (let i = 0; i < n; i += 4) {
        const s = (x[i + 1] - 2 * x[i + 2]) ** 2;
        const t = (x[i] - x[i + 3]) ** 2;
        const a = i;
        const b = i + 1;
        const c = i + 2;
        const d = i + 3;
        h[a * n + a] = 2 + 120 * t;
        h[a * n + b] = h[b * n + a] = 20;
        h[a * n + d] = h[d * n + a] = -120 * t;
        h[b * n + b] = 200 + 12 * s;
        h[b * n + c] = h[c * n + b] = -24 * s;
        h[c * n + c] = 10 + 48 * s;
        h[c * n + d] = h[d * n + c] = -10;
        h[d * n + d] = 10 + 120 * t;
      }
    },
    hessianVectorProduct: (x, v, out) => {
      for (let i = 0; i < n; i += 4) {
        const s = (x[i + 1] - 2 * x[i + 2]) ** 2;
        const t = (x[i] - x[i + 3]) ** 2;
        const va = v[i];
        const vb = v[i + 1];
        const vc = v[i + 2];
        const vd = v[i + 3];
        out[i] = (2 + 120 * t) * va + 20 * vb - 120 * t * vd;
        out[i + 1] = 20 * va + (200 + 12 * s) * vb - 24 * s * vc;
        out[i + 2] = -24 * s * vb + (10 + 48 * s) * vc - 10 * vd;
        out[i + 3] = -120 * t * va - 10 * vc + (10 + 120 * t) * vd;
      }
    },
  });
}
