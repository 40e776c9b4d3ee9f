/**
 * Scalable quartics whose Hessian is a band plus a full last row and column (an
 * "arrowhead"): CUTEst ARWHEAD, BDQRTIC and NONDQUAR. Gradient and Hessian-vector
 * product in O(n), no n×n storage.
 *
 * **Reference** A. R. Conn, N. I. M. Gould, M. Lescrenier and Ph. L. Toint, "Performance
 * of a multifrontal scheme for partially separable optimization", Report 88/4,
 * FUNDP Namur (1988), problems 55, 61 and 57; CUTEst SIF files.
 *
 * @packageDocumentation
 */
import type { DenseMatrix } from '@hessian/core';
import { checkDimension, type HessianStructure, makeProblem, type TestProblem } from '../types.js';

/** Band of half-width `w` plus the last row and column. */
function arrowhead(n: number, w: number, description: string): HessianStructure {
  return {
    kind: 'pattern',
    description,
    nonzero: (i, j) => Math.abs(i - j) <= w || i === n - 1 || j === n - 1,
  };
}

/**
 * ARWHEAD: f = Σᵢ₌₁ⁿ⁻¹ (xᵢ² + xₙ²)² − 4xᵢ + 3.
 *
 * n ≥ 2 (default 100), x0 = (1, …, 1), f* = 0 at (1, …, 1, 0). Hessian: diagonal
 * plus the last row and column.
 * **Reference** CUTEst ARWHEAD; Conn, Gould, Lescrenier & Toint (1988), problem 55.
 * @throws RangeError when n is not an integer >= 2
 * @example const p = arwhead(1000); p.value(p.x0) // 2997
 */
export function arwhead(n = 100): TestProblem {
  checkDimension('arwhead', n, 2);
  const last = n - 1;
  const xstar = new Float64Array(n).fill(1);
  xstar[last] = 0;
  return makeProblem({
    name: 'arwhead',
    dimension: n,
    x0: new Float64Array(n).fill(1),
    fstar: 0,
    xstar,
    source: 'CUTEst ARWHEAD (Conn, Gould, Lescrenier & Toint 1988, problem 55)',
    scalable: true,
    hessianStructure: arrowhead(n, 0, 'arrowhead: diagonal plus the last row and column'),
    value: (x) => {
      const s = x[last] * x[last];
      let f = 0;
      for (let i = 0; i < last; i++) {
        const q = x[i] * x[i] + s;
        f += q * q - 4 * x[i] + 3;
      }
      return f;
    },
    valueAndGradient: (x, out) => {
      const z = x[last];
      const s = z * z;
      let f = 0;
      let gl = 0;
      for (let i = 0; i < last; i++) {
        const q = x[i] * x[i] + s;
        f += q * q - 4 * x[i] + 3;
        out[i] = 4 * q * x[i] - 4;
        gl += 4 * q * z;
      }
      out[last] = gl;
      return f;
    },
    hessian: (x, out: DenseMatrix) => {
      const h = out.data;
      h.fill(0);
      const z = x[last];
      const s = z * z;
      let hll = 0;
      for (let i = 0; i < last; i++) {
        const q = x[i] * x[i] + s;
        h[i * n + i] = 4 * q + 8 * x[i] * x[i];
        const c = 8 * x[i] * z;
        h[i * n + last] = c;
        h[last * n + i] = c;
        hll += 4 * q + 8 * s;
      }
      h[last * n + last] = hll;
    },
    hessianVectorProduct: (x, v, out) => {
      const z = x[last];
      const s = z * z;
      const vl = v[last];
      let ol = 0;
      for (let i = 0; i < last; i++) {
        const q = x[i] * x[i] + s;
        const c = 8 * x[i] * z;
        out[i] = (4 * q + 8 * x[i] * x[i]) * v[i] + c * vl;
        ol += c * v[i] + (4 * q + 8 * s) * vl;
      }
      out[last] = ol;
    },
  });
}

/**
 * BDQRTIC: f = Σᵢ₌₁ⁿ⁻⁴ (−4xᵢ + 3)² + (xᵢ² + 2xᵢ₊₁² + 3xᵢ₊₂² + 4xᵢ₊₃² + 5xₙ²)².
 *
 * n ≥ 5 (default 100), x0 = (1, …, 1); f* depends on n and is not known in closed
 * form (≈ 378.77 for n = 100). Hessian: band 3 plus the last row and column.
 * **Reference** CUTEst BDQRTIC; Conn, Gould, Lescrenier & Toint (1988), problem 61.
 * @throws RangeError when n is not an integer >= 5
 * @example const p = bdqrtic(100); p.value(p.x0) // 96 · 226
 */
export function bdqrtic(n = 100): TestProblem {
  checkDimension('bdqrtic', n, 5);
  const last = n - 1;
  const idx = new Int32Array(5);
  const dq = new Float64Array(5);
  /** Σ c_k x²: the quartic group's inner sum for element i. */
  const inner = (x: Float64Array, i: number): number =>
    x[i] * x[i] +
    2 * x[i + 1] * x[i + 1] +
    3 * x[i + 2] * x[i + 2] +
    4 * x[i + 3] * x[i + 3] +
    5 * x[last] * x[last];
  return makeProblem({
    name: 'bdqrtic',
    dimension: n,
    x0: new Float64Array(n).fill(1),
    source: 'CUTEst BDQRTIC (Conn, Gould, Lescrenier & Toint 1988, problem 61)',
    scalable: true,
    hessianStructure: arrowhead(n, 3, 'band 3 plus the last row and column'),
    value: (x) => {
      let f = 0;
      for (let i = 0; i < n - 4; i++) {
        const a = 3 - 4 * x[i];
        const q = inner(x, i);
        f += a * a + q * q;
      }
      return f;
    },
    valueAndGradient: (x, out) => {
      let f = 0;
      out.fill(0);
      for (let i = 0; i < n - 4; i++) {
        const a = 3 - 4 * x[i];
        const q = inner(x, i);
        f += a * a + q * q;
        // ∂(q²)/∂x_k = 2q · 2c_k x_k
        const g = 4 * q;
        out[i] += -8 * a + g * x[i];
        out[i + 1] += g * 2 * x[i + 1];
        out[i + 2] += g * 3 * x[i + 2];
        out[i + 3] += g * 4 * x[i + 3];
        out[last] += g * 5 * x[last];
      }
      return f;
    },
    hessian: (x, out: DenseMatrix) => {
      const h = out.data;
      h.fill(0);
      for (let i = 0; i < n - 4; i++) {
        const q = inner(x, i);
        // ∇²(q²) = 2∇q∇qᵀ + 2q∇²q, ∇q_k = 2c_k x_k, ∇²q = diag(2c_k)
        for (let a = 0; a < 5; a++) {
          idx[a] = a < 4 ? i + a : last;
          dq[a] = 2 * (a + 1) * x[idx[a]];
        }
        for (let a = 0; a < 5; a++) {
          for (let b = 0; b < 5; b++) h[idx[a] * n + idx[b]] += 2 * (dq[a] * dq[b]);
          h[idx[a] * n + idx[a]] += 4 * q * (a + 1);
        }
        h[i * n + i] += 32;
      }
    },
    hessianVectorProduct: (x, v, out) => {
      out.fill(0);
      for (let i = 0; i < n - 4; i++) {
        const q = inner(x, i);
        const xl = x[last];
        // w = ∇q·v
        const w =
          2 * x[i] * v[i] +
          4 * x[i + 1] * v[i + 1] +
          6 * x[i + 2] * v[i + 2] +
          8 * x[i + 3] * v[i + 3] +
          10 * xl * v[last];
        const c = 2 * w;
        const d = 4 * q;
        out[i] += c * 2 * x[i] + d * v[i] + 32 * v[i];
        out[i + 1] += c * 4 * x[i + 1] + d * 2 * v[i + 1];
        out[i + 2] += c * 6 * x[i + 2] + d * 3 * v[i + 2];
        out[i + 3] += c * 8 * x[i + 3] + d * 4 * v[i + 3];
        out[last] += c * 10 * xl + d * 5 * v[last];
      }
    },
  });
}

/**
 * NONDQUAR: f = (x₁ − x₂)² + (xₙ₋₁ − xₙ)² + Σᵢ₌₁ⁿ⁻² (xᵢ + xᵢ₊₁ + xₙ)⁴.
 *
 * n ≥ 3 (default 100), x0 = (1, −1, 1, −1, …), f* = 0 at the origin, where the
 * Hessian is singular (Newton's method converges only linearly). Hessian: band 1
 * plus the last row and column.
 * **Reference** CUTEst NONDQUAR (SIF: Ph. Toint 1989); Conn, Gould, Lescrenier & Toint
 * (1988), problem 57.
 * @throws RangeError when n is not an integer >= 3
 * @example const p = nondquar(5); p.value(p.x0) // 11
 */
export function nondquar(n = 100): TestProblem {
  checkDimension('nondquar', n, 3);
  const last = n - 1;
  const x0 = new Float64Array(n);
  for (let i = 0; i < n; i++) x0[i] = i % 2 === 0 ? 1 : -1;
  return makeProblem({
    name: 'nondquar',
    dimension: n,
    x0,
    fstar: 0,
    xstar: new Float64Array(n),
    source: 'CUTEst NONDQUAR (Conn, Gould, Lescrenier & Toint 1988, problem 57)',
    scalable: true,
    hessianStructure: arrowhead(n, 1, 'band 1 plus the last row and column'),
    value: (x) => {
      const a = x[0] - x[1];
      const b = x[n - 2] - x[last];
      let f = a * a + b * b;
      for (let i = 0; i < n - 2; i++) {
        const s = x[i] + x[i + 1] + x[last];
        const s2 = s * s;
        f += s2 * s2;
      }
      return f;
    },
    valueAndGradient: (x, out) => {
      const a = x[0] - x[1];
      const b = x[n - 2] - x[last];
      let f = a * a + b * b;
      out.fill(0);
      out[0] = 2 * a;
      out[1] = -2 * a;
      out[n - 2] += 2 * b;
      out[last] -= 2 * b;
      for (let i = 0; i < n - 2; i++) {
        const s = x[i] + x[i + 1] + x[last];
        const s2 = s * s;
        f += s2 * s2;
        const g = 4 * s2 * s;
        out[i] += g;
        out[i + 1] += g;
        out[last] += g;
      }
      return f;
    },
    hessian: (x, out: DenseMatrix) => {
      const h = out.data;
      h.fill(0);
      h[0] += 2;
      h[1] -= 2;
      h[n] -= 2;
      h[n + 1] += 2;
      const p = n - 2;
      h[p * n + p] += 2;
      h[p * n + last] -= 2;
      h[last * n + p] -= 2;
      h[last * n + last] += 2;
      for (let i = 0; i < n - 2; i++) {
        const s = x[i] + x[i + 1] + x[last];
        const c = 12 * s * s;
        // c on every pair of {i, i+1, last}
        h[i * n + i] += c;
        h[i * n + i + 1] += c;
        h[i * n + last] += c;
        h[(i + 1) * n + i] += c;
        h[(i + 1) * n + i + 1] += c;
        h[(i + 1) * n + last] += c;
        h[last * n + i] += c;
        h[last * n + i + 1] += c;
        h[last * n + last] += c;
      }
    },
    hessianVectorProduct: (x, v, out) => {
      out.fill(0);
      const da = 2 * (v[0] - v[1]);
      out[0] += da;
      out[1] -= da;
      const db = 2 * (v[n - 2] - v[last]);
      out[n - 2] += db;
      out[last] -= db;
      for (let i = 0; i < n - 2; i++) {
        const s = x[i] + x[i + 1] + x[last];
        const w = 12 * s * s * (v[i] + v[i + 1] + v[last]);
        out[i] += w;
        out[i + 1] += w;
        out[last] += w;
      }
    },
  });
}
