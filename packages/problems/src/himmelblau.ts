/**
 * Himmelblau's function: four global minima, one local maximum and four saddle
 * points, a compact test for Hessian analysis (the kind of a critical point from the
 * signs of the Hessian's eigenvalues) and for methods that must not stop at saddles.
 *
 * @packageDocumentation
 */
import type { DenseMatrix } from '@hessian/core';
import { DENSE, makeProblem, type TestProblem } from './types.js';

/**
 * Himmelblau: f(x, y) = (x² + y − 11)² + (x + y² − 7)².
 *
 * n = 2, x0 = (2, 2) (as Optim.jl's test set), f* = 0 at (3, 2) and at three other
 * minimizers; see {@link himmelblauCriticalPoints}.
 * **Reference** D. M. Himmelblau, *Applied Nonlinear Programming*, McGraw-Hill (1972), p. 428.
 * @example const p = himmelblau(); p.value(new Float64Array([3, 2])) // 0
 */
export function himmelblau(): TestProblem {
  return makeProblem({
    name: 'himmelblau',
    dimension: 2,
    x0: new Float64Array([2, 2]),
    fstar: 0,
    xstar: new Float64Array([3, 2]),
    source: 'Himmelblau, Applied Nonlinear Programming (1972), p. 428',
    scalable: false,
    hessianStructure: DENSE,
    value: (x) => {
      const a = x[0] * x[0] + x[1] - 11;
      const b = x[0] + x[1] * x[1] - 7;
      return a * a + b * b;
    },
    valueAndGradient: (x, out) => {
      const a = x[0] * x[0] + x[1] - 11;
      const b = x[0] + x[1] * x[1] - 7;
      out[0] = 4 * x[0] * a + 2 * b;
      out[1] = 2 * a + 4 * x[1] * b;
      return a * a + b * b;
    },
    hessian: (x, out: DenseMatrix) => {
      const h = out.data;
      h[0] = 12 * x[0] * x[0] + 4 * x[1] - 42;
      h[1] = 4 * (x[0] + x[1]);
      h[2] = h[1];
      h[3] = 12 * x[1] * x[1] + 4 * x[0] - 26;
    },
    hessianVectorProduct: (x, v, out) => {
      const hxx = 12 * x[0] * x[0] + 4 * x[1] - 42;
      const hxy = 4 * (x[0] + x[1]);
      const hyy = 12 * x[1] * x[1] + 4 * x[0] - 26;
      out[0] = hxx * v[0] + hxy * v[1];
      out[1] = hxy * v[0] + hyy * v[1];
    },
  });
}

/** A critical point of Himmelblau's function and its kind (all nine are nondegenerate). */
export interface HimmelblauCriticalPoint {
  x: [number, number];
  kind: 'minimum' | 'maximum' | 'saddle';
}

// Newton's method on ∇f = 0, to full double precision (|∇f| < 2e-14 at each point).
const CRITICAL_POINTS: readonly HimmelblauCriticalPoint[] = [
  { x: [3, 2], kind: 'minimum' },
  { x: [-2.805118086952745, 3.131312518250573], kind: 'minimum' },
  { x: [-3.779310253377747, -3.2831859912861696], kind: 'minimum' },
  { x: [3.5844283403304917, -1.8481265269644034], kind: 'minimum' },
  { x: [-0.2708445906673476, -0.9230385564799815], kind: 'maximum' },
  { x: [0.08667750455539634, 2.884254701174776], kind: 'saddle' },
  { x: [-3.0730257507643897, -0.08135304428796751], kind: 'saddle' },
  { x: [3.385154183607021, 0.07385187983774928], kind: 'saddle' },
  { x: [-0.12796134673068005, -1.9537149802445766], kind: 'saddle' },
];

/**
 * The nine critical points of Himmelblau's function with their kinds: four minima
 * (f = 0), one local maximum (f ≈ 181.617 at (−0.2708, −0.9230)) and four saddles (f ≈ 13.31, 67.72, 104.02,
 * 178.34).
 * Returns fresh arrays on every call.
 *
 * **Reference** Himmelblau (1972); the points were refined here by Newton's method on ∇f = 0.
 * @example himmelblauCriticalPoints().filter((p) => p.kind === 'saddle').length // 4
 */
export function himmelblauCriticalPoints(): HimmelblauCriticalPoint[] {
  return CRITICAL_POINTS.map((p) => ({ x: [p.x[0], p.x[1]], kind: p.kind }));
}
