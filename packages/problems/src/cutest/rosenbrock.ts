/**
 * Scalable Rosenbrock-type problems: the extended (separable) Rosenbrock function,
 * the chained one (CUTEst GENROSE) and Fletcher's chained variant (CUTEst FLETCHCR).
 * Gradient and Hessian-vector product in O(n), no n×n storage.
 *
 * @packageDocumentation
 */
import type { DenseMatrix } from '@hessian/core';
import { band, checkDimension, makeProblem, type TestProblem } from '../types.js';

/**
 * Extended Rosenbrock: f = Σᵢ₌₁^{n/2} 100(x₂ᵢ − x₂ᵢ₋₁²)² + (1 − x₂ᵢ₋₁)², n/2 independent pairs.
 *
 * n even ≥ 2 (default 100), x0 = (−1.2, 1, −1.2, 1, …), f* = 0 at (1, …, 1).
 * Hessian: 2×2 diagonal blocks.
 * **Reference** MGH problem 21 (Moré, Garbow & Hillstrom 1981); CUTEst SROSENBR.
 * @throws RangeError when n is not an even integer >= 2
 * @example const p = extendedRosenbrock(10); p.value(p.x0) // 121
 */
export function extendedRosenbrock(n = 100): TestProblem {
  checkDimension('extended-rosenbrock', n, 2, 2);
  const x0 = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    x0[i] = -1.2;
    x0[i + 1] = 1;
  }
  return makeProblem({
    name: 'extended-rosenbrock',
    dimension: n,
    x0,
    fstar: 0,
    xstar: new Float64Array(n).fill(1),
    source: 'Moré, Garbow & Hillstrom (1981), problem 21; CUTEst SROSENBR',
    scalable: true,
    hessianStructure: {
      kind: 'pattern',
      description: '2×2 diagonal blocks (variables 2k, 2k+1)',
      nonzero: (i, j) => i >> 1 === j >> 1,
    },
    value: (x) => {
      let f = 0;
      for (let i = 0; i < n; i += 2) {
        const t = x[i + 1] - x[i] * x[i];
        const s = 1 - x[i];
        f += 100 * t * t + s * s;
      }
      return f;
    },
    valueAndGradient: (x, out) => {
      let f = 0;
      for (let i = 0; i < n; i += 2) {
        const t = x[i + 1] - x[i] * x[i];
        const s = 1 - x[i];
        f += 100 * t * t + s * s;
        out[i] = -400 * x[i] * t - 2 * s;
        out[i + 1] = 200 * t;
      }
      return f;
    },
    hessian: (x, out: DenseMatrix) => {
      const h = out.data;
      h.fill(0);
      for (let i = 0; i < n; i += 2) {
        const a = x[i];
        h[i * n + i] = 1200 * a * a - 400 * x[i + 1] + 2;
        h[i * n + i + 1] = -400 * a;
        h[(i + 1) * n + i] = -400 * a;
        h[(i + 1) * n + i + 1] = 200;
      }
    },
    hessianVectorProduct: (x, v, out) => {
      for (let i = 0; i < n; i += 2) {
        const a = x[i];
        const haa = 1200 * a * a - 400 * x[i + 1] + 2;
        const hab = -400 * a;
        out[i] = haa * v[i] + hab * v[i + 1];
        out[i + 1] = hab * v[i] + 200 * v[i + 1];
      }
    },
  });
}

/**
 * Chained Rosenbrock (CUTEst GENROSE): f = 1 + Σᵢ₌₂ⁿ 100(xᵢ − xᵢ₋₁²)² + (xᵢ − 1)².
 *
 * n ≥ 2 (default 100), x0ᵢ = i/(n + 1), f* = 1 at (1, …, 1). Hessian band 1.
 * **Reference** CUTEst GENROSE: problem 5 in S. Nash, "Newton-type minimization via the
 * Lanczos process", SIAM J. Numer. Anal. 21 (1984) 770–788 (SIF: N. Gould 1992).
 * @throws RangeError when n is not an integer >= 2
 * @example const p = chainedRosenbrock(1000); p.value(p.xstar!) // 1
 */
export function chainedRosenbrock(n = 100): TestProblem {
  checkDimension('chained-rosenbrock', n, 2);
  const x0 = new Float64Array(n);
  for (let i = 0; i < n; i++) x0[i] = (i + 1) / (n + 1);
  return makeProblem({
    name: 'chained-rosenbrock',
    dimension: n,
    x0,
    fstar: 1,
    xstar: new Float64Array(n).fill(1),
    source: 'CUTEst GENROSE (Nash 1984, problem 5)',
    scalable: true,
    hessianStructure: band(1),
    value: (x) => {
      let f = 1;
      for (let i = 1; i < n; i++) {
        const t = x[i] - x[i - 1] * x[i - 1];
        const s = x[i] - 1;
        f += 100 * t * t + s * s;
      }
      return f;
    },
    valueAndGradient: (x, out) => {
      let f = 1;
      out[0] = 0;
      for (let i = 1; i < n; i++) {
        const t = x[i] - x[i - 1] * x[i - 1];
        const s = x[i] - 1;
        f += 100 * t * t + s * s;
        out[i - 1] += -400 * x[i - 1] * t;
        out[i] = 200 * t + 2 * s;
      }
      return f;
    },
    hessian: (x, out: DenseMatrix) => {
      const h = out.data;
      h.fill(0);
      for (let i = 1; i < n; i++) {
        const a = x[i - 1];
        h[(i - 1) * n + i - 1] += 1200 * a * a - 400 * x[i];
        h[(i - 1) * n + i] = -400 * a;
        h[i * n + i - 1] = -400 * a;
        h[i * n + i] += 202;
      }
    },
    hessianVectorProduct: (x, v, out) => {
      out[0] = 0;
      for (let i = 1; i < n; i++) {
        const a = x[i - 1];
        const off = -400 * a;
        out[i - 1] += (1200 * a * a - 400 * x[i]) * v[i - 1] + off * v[i];
        out[i] = off * v[i - 1] + 202 * v[i];
      }
    },
  });
}

/**
 * Fletcher's chained Rosenbrock (CUTEst FLETCHCR): f = Σᵢ₌₁ⁿ⁻¹ 100(xᵢ₊₁ − xᵢ + 1 − xᵢ²)².
 *
 * n ≥ 2 (default 100), x0 = 0, f* = 0 at (1, …, 1). Hessian band 1.
 * **Reference** CUTEst FLETCHCR: R. Fletcher, "An optimal positive definite update for
 * sparse Hessian matrices", Numerical Analysis Report NA/145, Dundee (1992) (SIF:
 * N. Gould 1992); also problem 32 of Lukšan, Matonoha & Vlček, TR 1081 (2010).
 * @throws RangeError when n is not an integer >= 2
 * @example const p = fletchcr(4); p.value(p.x0) // 300
 */
export function fletchcr(n = 100): TestProblem {
  checkDimension('fletchcr', n, 2);
  return makeProblem({
    name: 'fletchcr',
    dimension: n,
    x0: new Float64Array(n),
    fstar: 0,
    xstar: new Float64Array(n).fill(1),
    source: 'CUTEst FLETCHCR (Fletcher 1992)',
    scalable: true,
    hessianStructure: band(1),
    value: (x) => {
      let f = 0;
      for (let i = 0; i < n - 1; i++) {
        const r = x[i + 1] - x[i] + 1 - x[i] * x[i];
        f += 100 * r * r;
      }
      return f;
    },
    valueAndGradient: (x, out) => {
      let f = 0;
      out.fill(0);
      for (let i = 0; i < n - 1; i++) {
        const r = x[i + 1] - x[i] + 1 - x[i] * x[i];
        f += 100 * r * r;
        out[i] += 200 * r * (-1 - 2 * x[i]);
        out[i + 1] += 200 * r;
      }
      return f;
    },
    hessian: (x, out: DenseMatrix) => {
      const h = out.data;
      h.fill(0);
      for (let i = 0; i < n - 1; i++) {
        const r = x[i + 1] - x[i] + 1 - x[i] * x[i];
        const a = -1 - 2 * x[i];
        h[i * n + i] += 200 * (a * a - 2 * r);
        h[i * n + i + 1] += 200 * a;
        h[(i + 1) * n + i] += 200 * a;
        h[(i + 1) * n + i + 1] += 200;
      }
    },
    hessianVectorProduct: (x, v, out) => {
      out.fill(0);
      for (let i = 0; i < n - 1; i++) {
        const r = x[i + 1] - x[i] + 1 - x[i] * x[i];
        const a = -1 - 2 * x[i];
        out[i] += 200 * ((a * a - 2 * r) * v[i] + a * v[i + 1]);
        out[i + 1] += 200 * (a * v[i] + v[i + 1]);
      }
    },
  });
}
