/**
 * Exact and damped Newton: the cost of one dense Newton step, and iterations and
 * evaluations of both methods on the problem library.
 *
 * Run: pnpm bench newton   (or: node --conditions=source --import tsx benchmarks/src/newton.bench.ts)
 * Options: --sizes=100,300 (default 100,300,1000,2000), --skip-steps, --skip-problems.
 */
import { pathToFileURL } from 'node:url';
import { DenseMatrix, type Method, run } from '@hessian/core';
import {
  createModificationWork,
  dampedNewton,
  type Modification,
  modifiedNewtonStep,
} from '@hessian/damped-newton';
import { createNewtonWork, newton, newtonStep } from '@hessian/newton';
import {
  classicProblemNames,
  getProblem,
  mulberry32,
  scalableProblemNames,
} from '@hessian/problems';

/** Median wall time in ms of `f()`, over repetitions filling about `budgetMs` (at least 3 runs, 1 when one run exceeds the budget). */
function medianMs(f: () => void, budgetMs = 400): number {
  const t0 = performance.now();
  f();
  const first = performance.now() - t0;
  if (first > budgetMs) return first;
  const runs = Math.max(3, Math.min(50, Math.floor(budgetMs / Math.max(first, 1e-3))));
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    f();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return samples[samples.length >> 1];
}

/** A random symmetric n×n matrix with entries in [−1, 1] and diagonal ±n (positive definite when all +). */
function testMatrix(n: number, definite: boolean, seed: number): DenseMatrix {
  const rand = mulberry32(seed);
  const H = new DenseMatrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const v = 2 * rand() - 1;
      H.data[i * n + j] = v;
      H.data[j * n + i] = v;
    }
    H.data[i * n + i] = definite || i % 2 === 0 ? n : -n;
  }
  return H;
}

/** One dense step per row: factor + solve, by each route. */
function stepTable(sizes: number[]): string {
  const lines = [
    '| n | Newton step, Cholesky (H ≻ 0) ms | Newton step, LU (H indefinite) ms | cholesky-shift (H indefinite) ms | modified-cholesky (H indefinite) ms | Cholesky GFLOP/s |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const n of sizes) {
    const spd = testMatrix(n, true, 1);
    const indefinite = testMatrix(n, false, 2);
    const g = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1));
    const p = new Float64Array(n);
    const work = createNewtonWork(n);
    const mwork = createModificationWork(n);
    const settings = (modification: Modification) => ({
      modification,
      beta: 1e-3,
      eigenMode: 'flip' as const,
      eigenFloor: 1e-12,
      lambda: 0,
    });
    const chol = medianMs(() => {
      if (newtonStep(spd, g, p, work) !== 'cholesky') throw new Error('expected Cholesky');
    });
    const lu = medianMs(() => {
      if (newtonStep(indefinite, g, p, work) !== 'lu') throw new Error('expected LU');
    });
    const shift = medianMs(() =>
      modifiedNewtonStep(indefinite, g, p, mwork, settings('cholesky-shift')),
    );
    const gmw = medianMs(() =>
      modifiedNewtonStep(indefinite, g, p, mwork, settings('modified-cholesky')),
    );
    const gflops = n ** 3 / 3 / (chol * 1e6);
    lines.push(
      `| ${n} | ${chol.toFixed(2)} | ${lu.toFixed(2)} | ${shift.toFixed(2)} | ${gmw.toFixed(2)} | ${gflops.toFixed(2)} |`,
    );
  }
  return lines.join('\n');
}

const METHODS: [string, () => Method][] = [
  ['newton', () => newton({ classify: false })],
  ['cholesky-shift', () => dampedNewton({ modification: 'cholesky-shift' })],
  ['modified-cholesky', () => dampedNewton({ modification: 'modified-cholesky' })],
  ['eigen', () => dampedNewton({ modification: 'eigen' })],
  ['levenberg', () => dampedNewton({ modification: 'levenberg' })],
  ['cholesky-shift, backtracking', () => dampedNewton({ lineSearch: 'backtracking' })],
];

const SHORT: Record<string, string> = {
  'converged-gradient': '',
  'converged-value': ' (value)',
  'converged-step': ' (step)',
  'max-iterations': ' MAXIT',
  'singular-hessian': ' SINGULAR',
  'line-search-failed': ' LSFAIL',
  'non-finite': ' NONFINITE',
};

/** Every library problem at its default size, every method: iterations / gradient evaluations / Hessians. */
function problemTable(): string {
  const header = `| problem | n | ${METHODS.map(([m]) => m).join(' | ')} |`;
  const lines = [
    'Each cell: iterations / gradient evaluations / Hessian evaluations (and +Nv for N value-only evaluations, if any), then f at the end when it is not f* (or f* is unknown), and the status when the run did not converge. Gradient test ‖∇f‖∞ ≤ 1e-6, at most 1000 iterations, from the standard x0.',
    '',
    header,
    `| --- | ---: | ${METHODS.map(() => '---').join(' | ')} |`,
  ];
  const totals = METHODS.map(() => ({
    solved: 0,
    iterations: 0,
    gradients: 0,
    hessians: 0,
    ms: 0,
  }));
  for (const name of [...classicProblemNames, ...scalableProblemNames]) {
    const cells: string[] = [];
    let n = 0;
    METHODS.forEach(([, make], k) => {
      const problem = getProblem(name);
      n = problem.dimension;
      const t0 = performance.now();
      const r = run(make(), problem, problem.x0, { maxIterations: 1000 });
      totals[k].ms += performance.now() - t0;
      const converged = r.status.startsWith('converged');
      if (converged) totals[k].solved++;
      totals[k].iterations += r.iterations;
      totals[k].gradients += r.evaluations.gradient;
      totals[k].hessians += r.evaluations.hessian;
      const fstar = problem.fstar;
      const atBest =
        fstar !== undefined && Math.abs(r.value - fstar) <= 1e-6 * Math.max(1, Math.abs(fstar));
      const f = atBest ? '' : ` f=${Number(r.value.toPrecision(5))}`;
      const values = r.evaluations.value > 0 ? ` +${r.evaluations.value}v` : '';
      cells.push(
        `${r.iterations}/${r.evaluations.gradient}/${r.evaluations.hessian}${values}${f}${SHORT[r.status] ?? ` ${r.status}`}`,
      );
    });
    lines.push(`| ${name} | ${n} | ${cells.join(' | ')} |`);
  }
  lines.push(
    `| **converged** | | ${totals.map((t) => t.solved).join(' | ')} |`,
    `| **total iterations / gradients / Hessians** | | ${totals.map((t) => `${t.iterations}/${t.gradients}/${t.hessians}`).join(' | ')} |`,
    `| **total time, ms** | | ${totals.map((t) => t.ms.toFixed(0)).join(' | ')} |`,
  );
  return lines.join('\n');
}

/** Builds the report; returns the text printed. */
export function main(args: string[] = []): string {
  const option = (key: string) => args.find((a) => a.startsWith(`--${key}`));
  const sizesArg = option('sizes=');
  const sizes = sizesArg
    ? sizesArg.slice('--sizes='.length).split(',').map(Number)
    : [100, 300, 1000, 2000];
  const parts = [`# Newton and damped Newton (Node ${process.version}, ${process.arch})`];
  if (!option('skip-steps'))
    parts.push('', '## One dense step: factor + solve of H p = −g', '', stepTable(sizes));
  if (!option('skip-problems'))
    parts.push('', '## The problem library (default sizes)', '', problemTable());
  return parts.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  console.log(main(process.argv.slice(2)));
