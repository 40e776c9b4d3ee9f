/**
 * The trust-region methods: every subproblem solver on a handful of library problems
 * (iterations, evaluations, time), and the HVP-only methods trust-ncg and trust-krylov
 * on scalable problems at n = 1e4 and 1e5.
 *
 * Run: node --conditions=source --import tsx benchmarks/src/trust-region.bench.ts
 *      (or: pnpm bench trust-region)
 * Options: --sizes=10000,100000 (scalable sizes), --skip-classic, --skip-scalable.
 */
import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import { type Method, type Result, run } from '@hessian/core';
import { getProblem, type ProblemOptions } from '@hessian/problems';
import {
  dogleg,
  trustExact,
  trustKrylov,
  trustNcg,
  trustRegionCauchy,
} from '@hessian/trust-region';

const METHODS: readonly [string, () => Method][] = [
  ['trust-exact', () => trustExact()],
  ['dogleg', () => dogleg()],
  ['trust-ncg', () => trustNcg()],
  ['trust-krylov', () => trustKrylov()],
  ['trust-region-cauchy', () => trustRegionCauchy()],
];

const CLASSIC: readonly [string, ProblemOptions][] = [
  ['rosenbrock', {}],
  ['beale', {}],
  ['helical-valley', {}],
  ['wood', {}],
  ['powell-singular', {}],
  ['biggs-exp6', {}],
  ['penalty-2', { n: 10 }],
  ['extended-rosenbrock', { n: 100 }],
  ['chained-rosenbrock', { n: 50 }],
  ['logistic-regression', { m: 200, n: 20, lambda: 1e-3, seed: 1 }],
];

const SCALABLE = ['extended-rosenbrock', 'engval1', 'tridia'];

const SHORT: Record<string, string> = {
  'converged-gradient': 'ok',
  'max-iterations': 'MAXIT',
  'radius-too-small': 'RADIUS',
  'no-predicted-decrease': 'NOPRED',
};

/** The result of one run and the median wall time over repeats filling about `budgetMs`. */
function timed(make: () => Method, name: string, options: ProblemOptions, budgetMs: number) {
  const problem = getProblem(name, options);
  const once = () => run(make(), problem, problem.x0, { maxIterations: 1000 });
  let t0 = performance.now();
  const r: Result = once();
  const first = performance.now() - t0;
  const samples = [first];
  const repeats = first > budgetMs ? 0 : Math.min(20, Math.floor(budgetMs / Math.max(first, 0.05)));
  for (let k = 0; k < repeats; k++) {
    t0 = performance.now();
    once();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { r, n: problem.dimension, ms: samples[samples.length >> 1], fstar: problem.fstar };
}

function evaluations(r: Result): string {
  const e = r.evaluations;
  return `${e.value}/${e.gradient}/${e.hessian}/${e.hvp}`;
}

function status(r: Result): string {
  return SHORT[r.status] ?? r.status;
}

function classicTable(): string {
  const lines = [
    'Each cell: iterations · evaluations f/∇f/∇²f/∇²f·v · median ms · status. Exact curvature, ‖∇f‖∞ ≤ 1e-6, at most 1000 iterations, from the standard x0.',
    '',
    `| problem | n | ${METHODS.map(([m]) => m).join(' | ')} |`,
    `| --- | ---: | ${METHODS.map(() => '---').join(' | ')} |`,
  ];
  for (const [name, options] of CLASSIC) {
    let n = 0;
    const cells = METHODS.map(([, make]) => {
      const t = timed(make, name, options, 150);
      n = t.n;
      return `${t.r.iterations} · ${evaluations(t.r)} · ${t.ms.toFixed(2)} · ${status(t.r)}`;
    });
    lines.push(`| ${name} | ${n} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

function scalableTable(sizes: readonly number[]): string {
  const lines = [
    'HVP-only methods on scalable problems: iterations, HVPs, gradients, wall ms (one run), final f, status.',
    '',
    '| problem | n | method | iterations | HVPs | ∇f | ms | f | status |',
    '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const name of SCALABLE)
    for (const n of sizes)
      for (const [method, make] of METHODS.filter(
        ([m]) => m === 'trust-ncg' || m === 'trust-krylov',
      )) {
        const t = timed(make, name, { n }, 0);
        lines.push(
          `| ${name} | ${n} | ${method} | ${t.r.iterations} | ${t.r.evaluations.hvp} | ${t.r.evaluations.gradient} | ${t.ms.toFixed(0)} | ${t.r.value.toPrecision(6)} | ${status(t.r)} |`,
        );
      }
  return lines.join('\n');
}

/** Builds the report; returns the text printed. */
export function main(args: string[] = []): string {
  const option = (key: string) => args.find((a) => a.startsWith(`--${key}`));
  const sizesArg = option('sizes=');
  const sizes = sizesArg ? sizesArg.slice('--sizes='.length).split(',').map(Number) : [1e4, 1e5];
  const cpu = cpus();
  const parts = [
    `# Trust-region methods (Node ${process.version}, ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores)`,
  ];
  if (!option('skip-classic')) parts.push('', '## Library problems', '', classicTable());
  if (!option('skip-scalable'))
    parts.push('', '## Scalable problems, HVPs only', '', scalableTable(sizes));
  return parts.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  console.log(main(process.argv.slice(2)));
