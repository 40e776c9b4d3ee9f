/**
 * Dense linear algebra through the adapter of `@hessian/core`: Cholesky factor+solve,
 * LU solve and the symmetric eigen-decomposition at n = 100, 300, 1000, against the
 * libraries kept as references (ml-matrix, ndarray-linear-solve). Prints the median
 * time of repeats, GFLOP/s (Cholesky n³/3, LU 2n³/3) and the relative residual
 * ‖Ax − b‖/‖b‖ (‖AV − VΛ‖_F/‖A‖_F for the eigen-decomposition).
 *
 * Run: `pnpm bench linalg` (compiled; see docs/benchmarks.md)
 * Flags: `--sizes=100,300,1000`, `--eigen-1000` (ml-matrix's eigen-decomposition at
 * n ≥ 1000 takes seconds per run, so it is skipped unless asked), `--json`.
 *
 * @packageDocumentation
 */
import {
  cholesky,
  choleskyMlMatrix,
  choleskySolve,
  DenseMatrix,
  luSolve,
  luSolveNdarray,
  matVec,
  norm2,
  symmetricEigen,
} from '@hessian/core';
import {
  environment,
  fmt,
  integerList,
  isMain,
  parseFlags,
  rng,
  type Timing,
  table,
  time,
} from './bench-util.js';

/** One line of the table. */
export interface LinalgRow {
  readonly n: number;
  readonly solver: string;
  readonly medianMs: number;
  readonly minMs: number;
  readonly repeats: number;
  /** Median GFLOP/s; NaN where no flop count is used (eigen). */
  readonly gflops: number;
  readonly residual: number;
}

/** Symmetric, strictly diagonally dominant with a positive diagonal: SPD (Gershgorin). */
function spdMatrix(n: number, seed: number): DenseMatrix {
  const r = rng(seed);
  const A = new DenseMatrix(n, n);
  const a = A.data;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const v = 2 * r() - 1;
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
    a[i * n + i] = n + r();
  }
  return A;
}

/** Entries uniform in [−1, 1]; with `dominant`, ±n added to the diagonal (no pivoting needed). */
function generalMatrix(n: number, seed: number, dominant: boolean): DenseMatrix {
  const r = rng(seed);
  const A = new DenseMatrix(n, n);
  const a = A.data;
  for (let i = 0; i < n * n; i++) a[i] = 2 * r() - 1;
  if (dominant) for (let i = 0; i < n; i++) a[i * n + i] += i % 2 === 0 ? n : -n;
  return A;
}

function symmetricMatrix(n: number, seed: number): DenseMatrix {
  const r = rng(seed);
  const A = new DenseMatrix(n, n);
  const a = A.data;
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      const v = 2 * r() - 1;
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
  return A;
}

function vector(n: number, seed: number): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: n }, () => 2 * r() - 1);
}

function residual(A: DenseMatrix, x: Float64Array, b: Float64Array): number {
  const r = matVec(A, x, new Float64Array(b.length));
  for (let i = 0; i < b.length; i++) r[i] -= b[i];
  return norm2(r) / norm2(b);
}

/** ‖A·V − V·Λ‖_F / ‖A‖_F. */
function eigenResidual(A: DenseMatrix, values: Float64Array, V: DenseMatrix): number {
  const n = A.rows;
  let s = 0;
  const v = new Float64Array(n);
  const Av = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) v[i] = V.data[i * n + j];
    matVec(A, v, Av);
    for (let i = 0; i < n; i++) s += (Av[i] - values[j] * v[i]) ** 2;
  }
  return Math.sqrt(s) / norm2(A.data);
}

function row(n: number, solver: string, t: Timing, flops: number, res: number): LinalgRow {
  return {
    n,
    solver,
    medianMs: t.median,
    minMs: t.min,
    repeats: t.repeats,
    gflops: flops / (t.median * 1e6),
    residual: res,
  };
}

/** Runs the benchmark for one size. */
export function benchSize(n: number, withEigen: boolean): LinalgRow[] {
  const rows: LinalgRow[] = [];
  const b = vector(n, 7);
  const x = new Float64Array(n);
  const L = DenseMatrix.zeros(n);
  const slow = { minRepeats: 3, minTotalMs: 1500, maxRepeats: 50 };

  const S = spdMatrix(n, 1);
  const cholFlops = n ** 3 / 3;
  let t = time(() => {
    if (!cholesky(S, L)) throw new Error('cholesky failed');
    choleskySolve(L, b, x);
  });
  rows.push(row(n, 'cholesky + choleskySolve (hessian kernel)', t, cholFlops, residual(S, x, b)));
  t = time(
    () => {
      if (!choleskyMlMatrix(S, L)) throw new Error('ml-matrix cholesky failed');
      choleskySolve(L, b, x);
    },
    undefined,
    slow,
  );
  rows.push(row(n, 'ml-matrix CholeskyDecomposition + solve', t, cholFlops, residual(S, x, b)));

  const luFlops = (2 * n ** 3) / 3;
  const D = generalMatrix(n, 2, true);
  t = time(() => {
    if (!luSolve(D, b, x)) throw new Error('luSolve failed');
  });
  rows.push(row(n, 'luSolve (hessian kernel), diagonally dominant', t, luFlops, residual(D, x, b)));
  t = time(
    () => {
      if (!luSolveNdarray(D, b, x)) throw new Error('ndarray-linear-solve failed');
    },
    undefined,
    slow,
  );
  rows.push(row(n, 'ndarray-linear-solve, diagonally dominant', t, luFlops, residual(D, x, b)));
  const G = generalMatrix(n, 3, false);
  t = time(() => {
    if (!luSolve(G, b, x)) throw new Error('luSolve failed');
  });
  rows.push(row(n, 'luSolve (hessian kernel), random (pivoting)', t, luFlops, residual(G, x, b)));

  if (withEigen) {
    const E = symmetricMatrix(n, 4);
    let res = Number.NaN;
    t = time(
      () => {
        const { values, vectors } = symmetricEigen(E);
        res = eigenResidual(E, values, vectors);
      },
      undefined,
      {
        warmup: n >= 1000 ? 0 : 1,
        minRepeats: n >= 1000 ? 1 : 3,
        minTotalMs: 1500,
        maxRepeats: 20,
      },
    );
    rows.push(row(n, 'symmetricEigen (ml-matrix)', t, Number.NaN, res));
  }
  return rows;
}

/** Measures every size: `sizes`, with the eigen-decomposition at n ≥ 1000 only when `eigenLarge`. */
export function measure(sizes: readonly number[], eigenLarge = false): LinalgRow[] {
  const rows: LinalgRow[] = [];
  for (const n of sizes) rows.push(...benchSize(n, n < 1000 || eigenLarge));
  return rows;
}

/** The report as text (a Markdown table), or JSON with `--json`. */
export function main(args: readonly string[] = []): string {
  const flags = parseFlags(args);
  const sizes = integerList(flags.get('sizes'), [100, 300, 1000]);
  const eigenLarge = flags.has('eigen-1000');
  const rows = measure(sizes, eigenLarge);
  if (flags.has('json')) return JSON.stringify({ environment: environment(), rows }, null, 2);
  const lines = [
    `Dense linear algebra through @hessian/core's adapter — ${environment()}`,
    'time: median (best) of repeats; GFLOP/s from the median: Cholesky n³/3, LU 2n³/3',
    '',
    table(
      ['n', 'solver', 'median ms', 'best ms', 'runs', 'GFLOP/s', '‖Ax − b‖/‖b‖'],
      rows.map((r) => [
        String(r.n),
        r.solver,
        fmt(r.medianMs),
        fmt(r.minMs),
        String(r.repeats),
        Number.isNaN(r.gflops) ? '—' : fmt(r.gflops),
        fmt(r.residual, 2),
      ]),
    ),
    '',
    "The eigen rows' residual is ‖AV − VΛ‖_F/‖A‖_F.",
  ];
  if (!eigenLarge && sizes.some((n) => n >= 1000))
    lines.push('symmetricEigen at n ≥ 1000 skipped (seconds per run): pass --eigen-1000.');
  return lines.join('\n');
}

if (isMain(import.meta.url)) console.log(main(process.argv.slice(2)));
