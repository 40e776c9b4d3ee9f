/**
 * The Newton step as a pure helper: solve H p = −g by Cholesky when H is positive
 * definite, by LU otherwise.
 *
 * @packageDocumentation
 */
import {
  cholesky,
  choleskySolve,
  DenseMatrix,
  luFactor,
  luFactorSolve,
  normInf,
  type Vector,
} from '@hessian/core';

/** Which factorization gave the step, or `'singular'` when there is none. */
export type NewtonSolver = 'cholesky' | 'lu' | 'singular';

/** Work space of {@link newtonStep}, allocated once per run. */
export interface NewtonWork {
  /** The Cholesky factor (n×n). */
  readonly L: DenseMatrix;
  /** The LU factors and row interchanges, when H is not positive definite. */
  readonly LU: DenseMatrix;
  readonly pivots: Int32Array;
}

/**
 * Allocates the work space of {@link newtonStep} for dimension `n` (once per run).
 * @example const work = createNewtonWork(x0.length);
 */
export function createNewtonWork(n: number): NewtonWork {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`createNewtonWork: n must be an integer >= 1, got ${String(n)}`);
  return { L: new DenseMatrix(n, n), LU: new DenseMatrix(n, n), pivots: new Int32Array(n) };
}

/**
 * out ← p, the Newton step: the solution of H p = −g. Tries Cholesky first (it
 * succeeds exactly when H is numerically positive definite, at a third of LU's
 * cost), then LU with partial pivoting through core's adapter (indefinite H: the
 * step then leads towards a saddle or a maximum as readily as a minimum).
 *
 * Returns which factorization solved it, or `'singular'` when H is singular to
 * working precision (`out` is then unspecified): a zero LU pivot, a Cholesky pivot
 * l_jj² ≤ nε·max_i h_ii, or a solution with ‖H‖∞‖p‖∞ ≥ ‖g‖∞/ε — a lower bound on the
 * condition number κ∞(H) ≥ ‖H‖∞‖p‖∞/‖g‖∞ above 1/ε, where p carries no correct digit.
 *
 * **Requires** H symmetric n×n (Cholesky reads its lower triangle), g and out of length n.
 * H and g are not modified; `out` may not alias g.
 *
 * **Reference** Nocedal & Wright, *Numerical Optimization* (2nd ed., 2006), (3.30) and §3.3;
 * Golub & Van Loan, *Matrix Computations* (4th ed.), Algorithms 4.2.1 and 3.4.1, §3.5.4
 * (condition estimation).
 *
 * @example
 * const work = createNewtonWork(2);
 * const p = new Float64Array(2);
 * newtonStep(DenseMatrix.from([[2, 0], [0, 4]]), Float64Array.of(2, 4), p, work); // 'cholesky', p ≈ [-1, -1]
 */
export function newtonStep(H: DenseMatrix, g: Vector, out: Vector, work: NewtonWork): NewtonSolver {
  const n = g.length;
  const h = H.data;
  let solver: NewtonSolver;
  if (cholesky(H, work.L)) {
    const l = work.L.data;
    let minPivot = Number.POSITIVE_INFINITY;
    let maxDiagonal = 0;
    for (let j = 0; j < n; j++) {
      minPivot = Math.min(minPivot, l[j * n + j] ** 2);
      maxDiagonal = Math.max(maxDiagonal, h[j * n + j]);
    }
    if (minPivot <= n * Number.EPSILON * maxDiagonal) return 'singular';
    choleskySolve(work.L, g, out);
    solver = 'cholesky';
  } else if (luFactor(H, work.LU, work.pivots)) {
    luFactorSolve(work.LU, work.pivots, g, out);
    solver = 'lu';
  } else return 'singular';
  let normH = 0;
  for (let i = 0; i < n; i++) {
    let row = 0;
    for (let j = 0; j < n; j++) row += Math.abs(h[i * n + j]);
    normH = Math.max(normH, row);
  }
  const normG = normInf(g);
  const normP = normInf(out);
  if (normG === 0) {
    out.fill(0);
    return solver;
  }
  if (!(normP < Infinity) || normH * normP >= normG / Number.EPSILON) return 'singular';
  for (let i = 0; i < n; i++) out[i] = -out[i];
  return solver;
}
