/**
 * Types for `ndarray-linear-solve` 3.0.0 (it ships none). Imported only by `linalg.ts`.
 *
 * The package indexes its matrix as (column, row): `A.get(j, i)` is read as a_ij, so a
 * row-major matrix must be passed as its transposed view. It factors by Crout LU
 * without pivoting and returns `false` on a zero pivot.
 */
declare module 'ndarray-linear-solve' {
  import type { NdArray } from 'ndarray';

  /** Solves A·x = b into `x`; returns `x`, or false when the factorization met a zero pivot. */
  function linearSolve(
    x: NdArray<Float64Array>,
    A: NdArray<Float64Array>,
    b: NdArray<Float64Array>,
  ): NdArray<Float64Array> | false;
  export = linearSolve;
}
