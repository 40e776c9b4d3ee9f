/**
 * Nonlinear least squares f(x) = Σᵢ rᵢ(x)², the form of the Moré–Garbow–Hillstrom
 * problems: each problem gives its residuals, Jacobian and residual Hessians, and
 * this module derives f, ∇f = 2Jᵀr and ∇²f = 2(JᵀJ + Σᵢ rᵢ∇²rᵢ).
 *
 * The Jacobian is stored dense (m×n) in work arrays allocated once per problem, so a
 * gradient costs O(mn), a Hessian or an HVP O(mn²): right for the small classic
 * problems; the scalable family has its own O(n) code.
 *
 * @packageDocumentation
 */
import type { DenseMatrix, Vector } from '@hessian/core';
import {
  DENSE,
  denseMatVec,
  type HessianStructure,
  makeProblem,
  type TestProblem,
} from './types.js';

/** A least-squares problem given by its residuals. */
export interface LeastSquaresSpec {
  name: string;
  source: string;
  /** Number of variables. */
  n: number;
  /** Number of residuals. */
  m: number;
  x0: ArrayLike<number>;
  fstar?: number;
  xstar?: ArrayLike<number>;
  /** Default: dense. */
  hessianStructure?: HessianStructure;
  /** r ← r(x) (length m). */
  residuals(x: Vector, r: Float64Array): void;
  /** J ← ∂r/∂x, row-major m×n; `J` is zero on entry, so only nonzeros need writing. */
  jacobian(x: Vector, J: Float64Array): void;
  /** H += Σᵢ wᵢ ∇²rᵢ(x), row-major n×n, both triangles. */
  addResidualHessians(x: Vector, w: Float64Array, H: Float64Array): void;
}

/**
 * Builds a {@link TestProblem} from a least-squares spec. Not re-entrant: the work
 * arrays belong to the problem instance.
 * @example leastSquaresProblem({
 *   name: 'line', source: 'example', n: 1, m: 2, x0: [0],
 *   residuals: (x, r) => { r[0] = x[0] - 1; r[1] = 2 * x[0]; },
 *   jacobian: (_x, J) => { J[0] = 1; J[1] = 2; },
 *   addResidualHessians: () => {},
 * })
 */
export function leastSquaresProblem(spec: LeastSquaresSpec): TestProblem {
  const { n, m } = spec;
  const r = new Float64Array(m);
  const w = new Float64Array(m);
  const J = new Float64Array(m * n);
  const H = new Float64Array(n * n);

  const value = (x: Vector): number => {
    spec.residuals(x, r);
    let f = 0;
    for (let i = 0; i < m; i++) f += r[i] * r[i];
    return f;
  };

  const valueAndGradient = (x: Vector, out: Vector): number => {
    const f = value(x);
    J.fill(0);
    spec.jacobian(x, J);
    out.fill(0);
    for (let i = 0; i < m; i++) {
      const ri = 2 * r[i];
      if (ri === 0) continue;
      const off = i * n;
      for (let j = 0; j < n; j++) out[j] += ri * J[off + j];
    }
    return f;
  };

  /** h ← 2(JᵀJ + Σ rᵢ∇²rᵢ). */
  const hessianInto = (x: Vector, h: Float64Array): void => {
    spec.residuals(x, r);
    J.fill(0);
    spec.jacobian(x, J);
    for (let j = 0; j < n; j++)
      for (let k = j; k < n; k++) {
        let s = 0;
        for (let i = 0; i < m; i++) s += J[i * n + j] * J[i * n + k];
        h[j * n + k] = 2 * s;
        h[k * n + j] = 2 * s;
      }
    for (let i = 0; i < m; i++) w[i] = 2 * r[i];
    spec.addResidualHessians(x, w, h);
  };

  return makeProblem({
    name: spec.name,
    dimension: n,
    x0: Float64Array.from(spec.x0),
    fstar: spec.fstar,
    xstar: spec.xstar === undefined ? undefined : Float64Array.from(spec.xstar),
    source: spec.source,
    scalable: false,
    hessianStructure: spec.hessianStructure ?? DENSE,
    value,
    valueAndGradient,
    hessian: (x: Vector, out: DenseMatrix) => hessianInto(x, out.data),
    hessianVectorProduct: (x: Vector, v: Vector, out: Vector) => {
      hessianInto(x, H);
      denseMatVec(H, n, v, out);
    },
  });
}
