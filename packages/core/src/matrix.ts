/**
 * `DenseMatrix`: a row-major `Float64Array` with its shape. Methods read and write
 * `data` directly in hot loops; `toNdarray()` gives the 2-D `ndarray` view.
 *
 * @packageDocumentation
 */
import ndarray from 'ndarray';
import { describe, type Vector } from './vector.js';

/**
 * A dense real matrix stored row-major: entry (i, j) is `data[i * cols + j]`.
 *
 * @example
 * const H = DenseMatrix.zeros(2, 2);
 * H.set(0, 1, 3);
 */
export class DenseMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;

  constructor(rows: number, cols: number, data?: Float64Array) {
    if (!Number.isInteger(rows) || rows < 0)
      throw new RangeError(`rows must be an integer >= 0, got ${rows}`);
    if (!Number.isInteger(cols) || cols < 0)
      throw new RangeError(`cols must be an integer >= 0, got ${cols}`);
    if (data && data.length !== rows * cols)
      throw new RangeError(`data must have length ${rows * cols}, got ${data.length}`);
    this.rows = rows;
    this.cols = cols;
    this.data = data ?? new Float64Array(rows * cols);
  }

  /** A rows×cols zero matrix. */
  static zeros(rows: number, cols = rows): DenseMatrix {
    return new DenseMatrix(rows, cols);
  }

  /** The n×n identity. */
  static identity(n: number): DenseMatrix {
    const m = new DenseMatrix(n, n);
    for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
    return m;
  }

  /** From nested arrays (rows of equal length). */
  static from(rows: ArrayLike<ArrayLike<number>>): DenseMatrix {
    return toDenseMatrix(rows, 'rows');
  }

  get(i: number, j: number): number {
    return this.data[i * this.cols + j];
  }

  set(i: number, j: number, v: number): void {
    this.data[i * this.cols + j] = v;
  }

  /** A 2-D `ndarray` view sharing this matrix's storage. */
  toNdarray(): ndarray.NdArray<Float64Array> {
    return ndarray(this.data, [this.rows, this.cols]);
  }

  /** Nested arrays, for printing and tests. */
  toArray(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++)
      out.push(Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols)));
    return out;
  }

  /** A deep copy. */
  clone(): DenseMatrix {
    return new DenseMatrix(this.rows, this.cols, this.data.slice());
  }

  /** Copies `other` (same shape) into this matrix. */
  copyFrom(other: DenseMatrix): this {
    this.data.set(other.data);
    return this;
  }
}

/** Anything a user's Hessian may be: nested arrays, an ml-matrix Matrix, a 2-D ndarray. */
export type MatrixLike =
  | DenseMatrix
  | ArrayLike<ArrayLike<number>>
  | { rows: number; columns: number; get(i: number, j: number): number }
  | { shape: number[]; get(i: number, j: number): number };

/**
 * Copies any matrix form into `out` (allocated when absent), checking its shape.
 *
 * @param m the matrix: `DenseMatrix`, `number[][]`, an ml-matrix `Matrix`, a 2-D `ndarray`
 * @param name the argument's name for error messages
 * @param out optional destination whose shape the input must match
 * @throws TypeError for an unknown form, RangeError for a wrong shape
 */
export function toDenseMatrix(m: unknown, name = 'matrix', out?: DenseMatrix): DenseMatrix {
  if (m instanceof DenseMatrix) {
    const o = out ?? new DenseMatrix(m.rows, m.cols);
    checkShape(name, m.rows, m.cols, o);
    if (o !== m) o.data.set(m.data);
    return o;
  }
  if (m !== null && typeof m === 'object') {
    const a = m as Record<string, unknown>;
    if (
      typeof a.rows === 'number' &&
      typeof a.columns === 'number' &&
      typeof a.get === 'function'
    ) {
      const r = a.rows as number;
      const c = a.columns as number;
      const o = out ?? new DenseMatrix(r, c);
      checkShape(name, r, c, o);
      const get = a.get as (i: number, j: number) => number;
      for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) o.data[i * c + j] = get.call(m, i, j);
      return o;
    }
    if (Array.isArray(a.shape) && typeof a.get === 'function') {
      const shape = a.shape as number[];
      if (shape.length !== 2)
        throw new RangeError(`${name} must be a 2-D ndarray, got shape [${shape.join(', ')}]`);
      const [r, c] = shape;
      const o = out ?? new DenseMatrix(r, c);
      checkShape(name, r, c, o);
      const get = a.get as (i: number, j: number) => number;
      for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) o.data[i * c + j] = get.call(m, i, j);
      return o;
    }
    if (typeof (m as ArrayLike<unknown>).length === 'number') {
      const rows = m as ArrayLike<ArrayLike<number>>;
      const r = rows.length;
      const first = rows[0];
      const c = r === 0 ? 0 : (first?.length ?? -1);
      if (r > 0 && (first === null || typeof first !== 'object' || c < 0))
        throw new TypeError(`${name} must be an array of rows, got ${describe(first)} as row 0`);
      const o = out ?? new DenseMatrix(r, c);
      checkShape(name, r, c, o);
      for (let i = 0; i < r; i++) {
        const row = rows[i];
        if (!row || row.length !== c)
          throw new RangeError(
            `${name} must have rows of equal length ${c}, got ${describe(row)} as row ${i}`,
          );
        for (let j = 0; j < c; j++) o.data[i * c + j] = row[j];
      }
      return o;
    }
  }
  throw new TypeError(
    `${name} must be a DenseMatrix, number[][], an ml-matrix Matrix or a 2-D ndarray, got ${describe(m)}`,
  );
}

function checkShape(name: string, r: number, c: number, out: DenseMatrix): void {
  if (r !== out.rows || c !== out.cols)
    throw new RangeError(`${name} must be ${out.rows}×${out.cols}, got ${r}×${c}`);
}

/** out ← A·x. */
export function matVec(A: DenseMatrix, x: Vector, out: Vector): Vector {
  const { rows, cols, data } = A;
  for (let i = 0; i < rows; i++) {
    let s = 0;
    const off = i * cols;
    for (let j = 0; j < cols; j++) s += data[off + j] * x[j];
    out[i] = s;
  }
  return out;
}

/** xᵀ A y. */
export function quadraticForm(A: DenseMatrix, x: Vector, y: Vector = x): number {
  const { rows, cols, data } = A;
  let s = 0;
  for (let i = 0; i < rows; i++) {
    let r = 0;
    const off = i * cols;
    for (let j = 0; j < cols; j++) r += data[off + j] * y[j];
    s += x[i] * r;
  }
  return s;
}

/** A ← (A + Aᵀ)/2 in place. */
export function symmetrize(A: DenseMatrix): DenseMatrix {
  const n = A.rows;
  const d = A.data;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const v = 0.5 * (d[i * n + j] + d[j * n + i]);
      d[i * n + j] = v;
      d[j * n + i] = v;
    }
  return A;
}
