/**
 * Newton-CG (truncated Newton) on the scalable problem set at large n.
 *
 * 1. The inner CG iteration's cost against its floor. One iteration is one
 *    Hessian-vector product plus about 7 vector passes (pᵀHp; d += αp with
 *    r += αHp and ‖r‖²; p ← −r + βp), so its time is set against
 *    (the HVP's time + 56n bytes at the memcpy bandwidth), both measured in the same run:
 *    the bandwidth as one `Float64Array.prototype.set` of 8n bytes (from written pages),
 *    the HVP as served by the evaluator (`execute`, which also checks the result is
 *    finite, as the driver does). Target: ratio ≤ 2.5. CG runs at x* when the problem
 *    has one (its Hessian is positive definite there), else at x0.
 * 2. Runs from x0 with the default options (and a per-run time limit): outer and inner
 *    iterations, HVPs, gradients, ‖g‖∞ reached and time. Target at n = 10⁵: ‖g‖∞ ≤ 1e-6
 *    on every problem.
 * 3. The forcing terms compared on the same runs (`--forcing`).
 *
 * Run: `node --conditions=source --import tsx benchmarks/src/newton-cg.bench.ts`
 * Flags: `--n=10000,100000,1000000` (runs; `none` to skip), `--cost-n=10000,100000,1000000`
 * (CG cost; `none` to skip), `--problems=extended-rosenbrock,tridia`, `--time-limit=60`
 * (seconds per run, or `none`), `--forcing=superlinear,eisenstat-walker-2` (the runs again
 * with each forcing term, at the first n), `--preconditioner=diagonal` (for every run), `--json`.
 *
 * @packageDocumentation
 */
import { defineProblem, exactCurvature, execute, type Problem, run } from '@hessian/core';
import {
  createTruncatedCGWork,
  type ForcingName,
  type NewtonCgOptions,
  newtonCg,
  type TruncatedCGResult,
  truncatedCG,
} from '@hessian/hessian-free';
import { getProblem, scalableProblemNames, type TestProblem } from '@hessian/problems';
import {
  copyMs,
  environment,
  fmt,
  integerList,
  isMain,
  parseFlags,
  summarize,
  table,
} from './bench-util.js';

/** One row of the CG cost table. */
export interface CgCostRow {
  problem: string;
  n: number;
  /** CG iterations timed per repeat. */
  iterations: number;
  /** Copy bandwidth of `Float64Array.prototype.set`, GB/s (bytes copied per second). */
  memcpyGBs: number;
  /** One HVP as the problem computes it, ms. */
  hvpRawMs: number;
  /** One HVP served by the evaluator (finiteness check included), ms. */
  hvpMs: number;
  /** One CG iteration, ms. */
  cgIterationMs: number;
  /** hvpMs + 56n bytes / memcpy bandwidth, ms. */
  floorMs: number;
  /** cgIterationMs / floorMs (target ≤ 2.5). */
  ratio: number;
  /** cgIterationMs / (hvpRawMs + 56n bytes at memcpy bandwidth). */
  rawRatio: number;
}

/** One row of the runs table. */
export interface RunRow {
  problem: string;
  n: number;
  forcing: string;
  status: string;
  outer: number;
  inner: number;
  hvps: number;
  gradients: number;
  values: number;
  gradientNorm: number;
  seconds: number;
}

/** The problem at (about) n: DIXMAAN* need multiples of 3, logistic regression a sample count. */
export function problemAt(name: string, n: number): TestProblem {
  if (name.startsWith('dixmaan')) return getProblem(name, { n: n - (n % 3) });
  if (name === 'logistic-regression')
    return getProblem(name, { n, m: n >= 1_000_000 ? 20 : 200, lambda: 1e-3, seed: 1 });
  if (name === 'powellsg') return getProblem(name, { n: n - (n % 4) });
  if (name === 'extended-rosenbrock') return getProblem(name, { n: n - (n % 2) });
  return getProblem(name, { n });
}

/** Bytes per second of `dst.set(src)` on n doubles (best of repeats, source pages written first). */
export function memcpyBandwidth(n: number): number {
  const repeats = Math.max(5, Math.min(200, Math.round(2e7 / n)));
  return (8 * n) / (copyMs(n, repeats) / 1000);
}

function best(repeats: number, f: () => void): number {
  for (let k = 0; k < repeats; k++) f(); // warm up the JIT
  const samples: number[] = [];
  for (let k = 0; k < repeats; k++) {
    const t0 = performance.now();
    f();
    samples.push(performance.now() - t0);
  }
  return summarize(samples).min;
}

/** Times the inner CG iteration on one problem (best of repeats). */
export function cgCost(name: string, n: number): CgCostRow {
  const p = problemAt(name, n);
  const dim = p.dimension;
  const problem: Problem = defineProblem(p);
  const provider = exactCurvature().create({
    dimension: dim,
    capabilities: { gradient: true, hessian: true, hvp: true },
  });
  const work = createTruncatedCGWork(dim);
  const g = new Float64Array(dim);
  const maxIterations = dim >= 1_000_000 ? 20 : 50;
  // A point where CG runs its iterations: x0, else x* (its Hessian is positive definite for
  // most problems), else x* moved by 0.1 sin(i) (where x* is singular, as for POWELLSG).
  const points = [p.x0, p.xstar, p.xstar?.map((v, i) => v + 0.1 * Math.sin(i + 1))];
  let x = p.x0;
  let most = -1;
  for (const point of points) {
    if (point === undefined) continue;
    p.valueAndGradient(point, g);
    // A generic right-hand side: at x* the gradient vanishes.
    for (let i = 0; i < dim; i++) g[i] += Math.sin(i + 1);
    const r = execute(
      problem,
      truncatedCG(provider, point, g, work, { tolerance: 0, maxIterations }),
    );
    if (r.value.iterations > most) {
      most = r.value.iterations;
      x = point;
    }
    if (most === maxIterations) break;
  }
  p.valueAndGradient(x, g);
  for (let i = 0; i < dim; i++) g[i] += Math.sin(i + 1);
  const v = Float64Array.from({ length: dim }, (_, i) => Math.cos(i));
  const out = new Float64Array(dim);
  const repeats = dim >= 1_000_000 ? 3 : dim >= 100_000 ? 5 : 10;
  const bandwidth = memcpyBandwidth(dim);
  const hvpRawMs = best(repeats * 4, () => p.hessianVectorProduct(x, v, out));
  const hvpMs = best(repeats * 4, () => execute(problem, provider.hvp(x, v, out)));
  let iterations = 0;
  const solve = () => {
    const r: TruncatedCGResult = execute(
      problem,
      truncatedCG(provider, x, g, work, { tolerance: 0, maxIterations }),
    ).value;
    iterations = r.iterations;
  };
  solve();
  const cgMs = best(repeats, solve);
  const cgIterationMs = cgMs / iterations;
  const floorMs = hvpMs + ((56 * dim) / bandwidth) * 1000;
  return {
    problem: name,
    n: dim,
    iterations,
    memcpyGBs: bandwidth / 1e9,
    hvpRawMs,
    hvpMs,
    cgIterationMs,
    floorMs,
    ratio: cgIterationMs / floorMs,
    rawRatio: cgIterationMs / (floorMs - hvpMs + hvpRawMs),
  };
}

/** One run of `newtonCg` from x0. */
export function solve(
  name: string,
  n: number,
  timeLimitMs: number,
  forcing?: ForcingName,
  options: NewtonCgOptions = {},
): RunRow {
  const p = problemAt(name, n);
  const method = newtonCg({ ...options, ...(forcing === undefined ? {} : { forcing }) });
  let inner = 0;
  const t0 = performance.now();
  const r = run(method, p, p.x0, {
    timeLimitMs,
    maxIterations: Number.POSITIVE_INFINITY,
    onIteration: (row) => void (inner += row.innerIterations ?? 0),
  });
  const seconds = (performance.now() - t0) / 1000;
  return {
    problem: name,
    n: p.dimension,
    forcing: forcing ?? (options.forcing === undefined ? 'default' : String(options.forcing)),
    status: r.status,
    outer: r.iterations,
    inner,
    hvps: r.evaluations.hvp,
    gradients: r.evaluations.gradient,
    values: r.evaluations.value,
    gradientNorm: r.gradientNorm,
    seconds,
  };
}

function costTable(rows: CgCostRow[]): string {
  return table(
    [
      'problem',
      'n',
      'CG its',
      'memcpy GB/s',
      'HVP raw ms',
      'HVP ms',
      'CG it ms',
      'floor ms',
      'ratio',
      'ratio vs raw HVP',
    ],
    rows.map((r) => [
      r.problem,
      String(r.n),
      String(r.iterations),
      fmt(r.memcpyGBs),
      fmt(r.hvpRawMs),
      fmt(r.hvpMs),
      fmt(r.cgIterationMs),
      fmt(r.floorMs),
      fmt(r.ratio),
      fmt(r.rawRatio),
    ]),
  );
}

function runTable(rows: RunRow[]): string {
  return table(
    ['problem', 'n', 'forcing', 'status', 'outer', 'inner', 'HVPs', 'gradients', '‖g‖∞', 's'],
    rows.map((r) => [
      r.problem,
      String(r.n),
      r.forcing,
      r.status,
      String(r.outer),
      String(r.inner),
      String(r.hvps),
      String(r.gradients),
      r.gradientNorm.toExponential(1),
      fmt(r.seconds),
    ]),
  );
}

/**
 * Runs the benchmark and returns its report (Markdown tables).
 * @example console.log(main(['--n=100000', '--problems=tridia']));
 */
export function main(args: readonly string[] = []): string {
  const flags = parseFlags(args);
  const names = flags.get('problems')?.split(',') ?? [...scalableProblemNames];
  const runFlag = flags.get('n');
  const ns = runFlag === 'none' ? [] : integerList(runFlag, [10_000, 100_000, 1_000_000]);
  const costFlag = flags.get('cost-n');
  const costNs = costFlag === 'none' ? [] : integerList(costFlag, [10_000, 100_000, 1_000_000]);
  const limit = flags.get('time-limit') ?? '60';
  const timeLimitMs = limit === 'none' ? Number.POSITIVE_INFINITY : Number(limit) * 1000;
  if (!(timeLimitMs > 0))
    throw new RangeError(`--time-limit must be seconds > 0 or 'none', got '${limit}'`);
  const forcings = flags.get('forcing')?.split(',') as ForcingName[] | undefined;
  const preconditioner = flags.get('preconditioner') as NewtonCgOptions['preconditioner'];
  const options: NewtonCgOptions = preconditioner === undefined ? {} : { preconditioner };
  const log = (s: string) => process.stderr.write(`${s}\n`);

  const cost: CgCostRow[] = [];
  for (const n of costNs)
    for (const name of names) {
      if (name === 'logistic-regression' && n > 100_000) continue;
      const row = cgCost(name, n);
      log(`cost ${name} n=${row.n}: ratio ${fmt(row.ratio)}`);
      cost.push(row);
    }
  const runs: RunRow[] = [];
  for (const n of ns)
    for (const name of names) {
      const row = solve(name, n, timeLimitMs, undefined, options);
      log(
        `run ${name} n=${row.n}: ${row.status} ‖g‖∞ ${row.gradientNorm.toExponential(1)} ${fmt(row.seconds)} s`,
      );
      runs.push(row);
    }
  const compared: RunRow[] = [];
  const compareN = ns[0] ?? 10_000;
  if (forcings)
    for (const name of names)
      for (const forcing of forcings) {
        const row = solve(name, compareN, timeLimitMs, forcing, options);
        log(`forcing ${forcing} ${name}: ${row.status} ${row.inner} inner`);
        compared.push(row);
      }
  if (flags.has('json'))
    return JSON.stringify({ environment: environment(), cost, runs, compared });
  const parts = [environment()];
  if (cost.length > 0)
    parts.push(
      '',
      '### Inner CG iteration: time against one HVP + 56n bytes at memcpy bandwidth (target ratio ≤ 2.5)',
      '',
      costTable(cost),
    );
  if (runs.length > 0)
    parts.push(
      '',
      `### Newton-CG from x0, ${preconditioner === undefined ? 'default options' : `preconditioner '${preconditioner}'`} (time limit ${limit === 'none' ? 'none' : `${limit} s`} per run)`,
      '',
      runTable(runs),
    );
  if (compared.length > 0)
    parts.push('', `### Forcing terms at n = ${compareN}`, '', runTable(compared));
  return parts.join('\n');
}

if (isMain(import.meta.url)) console.log(main(process.argv.slice(2)));
