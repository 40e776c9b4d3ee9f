/**
 * L-BFGS per-iteration cost on extended Rosenbrock and the scalable problem set at
 * large n: the time per iteration split into the gradient's time (every call to the
 * problem's gradient, timed) and the method's own time (everything else: the two-loop
 * recursion, the secant update, the Moré–Thuente line search and the driver). The
 * method's own time is set against the memory-bound floor of moving (4m + 6)·8n bytes,
 * measured in the same run as one `Float64Array.prototype.set` of that many bytes
 * (from a source whose pages are written first: a never-written source maps the
 * shared zero page and copies about 3× faster, which is no floor).
 *
 * Two parts of the method's own time are also shown: the line search's (time spent
 * inside `moreThuente().search` itself, gradients excluded), and the driver's, from a
 * method that does nothing but one gradient request and one iteration report per
 * iteration (the driver's per-iteration copies of x and g and its checks).
 *
 * Only the iterations after the first m + 1 count (the start allocates and first
 * touches the ring buffers), and each figure is the best of repeated runs: the
 * machines are shared, and the slower runs measure the neighbours.
 *
 * Run: `node --conditions=source --import tsx benchmarks/src/lbfgs.bench.ts`, or compiled
 * (`npx tsc -b benchmarks && node benchmarks/dist/lbfgs.bench.js`): tsx slows every
 * typed-array loop of the process by about 1.5× (its loader detaches an ArrayBuffer).
 * Flags: `--n=1000,10000,100000,1000000`, `--memory=10`, `--iterations=30`,
 * `--problems=extended-rosenbrock,arwhead`, `--simd=auto|true|false` (L-BFGS's `simd`
 * option: `false` times the TypeScript kernels, the peer of the WebAssembly SIMD ones),
 * `--json`.
 *
 * @packageDocumentation
 */
import {
  type Method,
  type MethodExit,
  type ProblemSpec,
  type Program,
  report,
  run,
  type SimdOption,
  simdOption,
} from '@hessian/core';
import { type LineSearch, moreThuente } from '@hessian/line-search';
import { getProblem, scalableProblemNames, type TestProblem } from '@hessian/problems';
import { lbfgs } from '@hessian/quasi-newton';
import { copyMs, environment, fmt, integerList, isMain, parseFlags, table } from './bench-util.js';

/** One line of the table. */
export interface LbfgsRow {
  readonly problem: string;
  readonly n: number;
  readonly iterations: number;
  /** Per iteration, in ms. */
  readonly totalMs: number;
  readonly gradientMs: number;
  readonly ownMs: number;
  readonly lineSearchMs: number;
  readonly driverMs: number;
  /** The floor: one set() of (4m + 6)·8n bytes, in ms. */
  readonly floorMs: number;
  /** ownMs / floorMs. */
  readonly ownOverFloor: number;
}

/** The problem with its gradient timed: every call's time is added to `clock.ms`. */
function timedProblem(p: TestProblem, clock: { ms: number }): ProblemSpec {
  return {
    dimension: p.dimension,
    value: (x) => p.value(x),
    valueAndGradient: (x, out) => {
      const t0 = performance.now();
      const f = p.valueAndGradient(x, out) as number;
      clock.ms += performance.now() - t0;
      return f;
    },
  };
}

/** The line search with the time spent inside its own program added to `clock.ms`. */
function timedSearch(inner: LineSearch, clock: { ms: number }): LineSearch {
  return {
    name: inner.name,
    usesSlope: inner.usesSlope,
    *search(x, d, phi0, slope0, alpha0, work) {
      const program = inner.search(x, d, phi0, slope0, alpha0, work);
      let answer = 0;
      for (;;) {
        const t0 = performance.now();
        const r = program.next(answer);
        clock.ms += performance.now() - t0;
        if (r.done) return r.value;
        answer = yield r.value;
      }
    },
  };
}

/**
 * The driver alone: each iteration moves x a little, asks for the gradient there and
 * reports, as a method would, with no vector work of its own beyond one pass to move x.
 */
function driverOnly(): Method {
  return {
    name: 'driver-only',
    *program(x): Program<MethodExit> {
      const g = new Float64Array(x.length);
      let f = yield { op: 'gradient', x, out: g };
      if (yield* report({ op: 'iteration', x, value: f, gradient: g, initial: true })) return {};
      for (let k = 1; ; k++) {
        x[0] += 1e-12 * k; // a new point: the driver's cache must miss, as in a real run
        f = yield { op: 'gradient', x, out: g };
        if (yield* report({ op: 'iteration', x, value: f, gradient: g, stepNorm: 1 })) return {};
      }
    },
  };
}

/** The floor: the least ms of one set() of `count` doubles, best of 7. */
export function copyFloor(count: number): number {
  return copyMs(count, 7);
}

/**
 * Runs `make()` for up to `iterations` iterations, repeated (at least 3 times and
 * 300 ms), and returns the per-iteration figures of the run with the least time per
 * iteration. Only iterations after the first `skip` count: the start (allocating and
 * first touching the ring buffers, the first steepest-descent search) is not an
 * iteration's cost.
 */
function perIteration(
  make: () => Method,
  p: TestProblem,
  iterations: number,
  skip: number,
  searchClock?: { ms: number },
) {
  const runs: { iterations: number; totalMs: number; gradientMs: number; lineSearchMs: number }[] =
    [];
  let spent = 0;
  while (runs.length < 3 || (spent < 300 && runs.length < 200)) {
    const clock = { ms: 0 };
    if (searchClock) searchClock.ms = 0;
    const marks: { at: number; gradient: number; search: number }[] = [];
    const r = run(make(), timedProblem(p, clock), p.x0, {
      maxIterations: iterations,
      gradientTolerance: 1e-300,
      onIteration: () => {
        marks.push({ at: performance.now(), gradient: clock.ms, search: searchClock?.ms ?? 0 });
      },
    });
    spent += r.elapsedMs;
    // a problem solved in fewer iterations than `skip` counts all but its first
    const from = marks[Math.min(skip, marks.length - 2)];
    const last = marks[marks.length - 1];
    const k = marks.length - 1 - Math.min(skip, marks.length - 2);
    if (!from || k < 1) throw new Error(`${p.name}: no iteration to time (${r.status})`);
    runs.push({
      iterations: k,
      totalMs: (last.at - from.at) / k,
      gradientMs: (last.gradient - from.gradient) / k,
      lineSearchMs: (last.search - from.search) / k,
    });
  }
  // the fastest run: on a shared machine the others measure the neighbours too
  runs.sort((a, b) => a.totalMs - b.totalMs);
  return runs[0];
}

/** The problem at n, or at the nearest multiple of 12 when n does not suit it (DIXMAAN: 3 | n, POWELLSG: 4 | n). */
function problemNear(name: string, n: number): TestProblem {
  try {
    return getProblem(name, { n });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return getProblem(name, { n: 12 * Math.round(n / 12) });
  }
}

/** Measures one problem at one n. */
export function measureOne(
  name: string,
  n: number,
  m: number,
  iterations: number,
  floorMs = copyFloor((4 * m + 6) * n),
  simd: SimdOption = 'auto',
): LbfgsRow {
  const p = problemNear(name, n);
  const searchClock = { ms: 0 };
  const method = () =>
    lbfgs({ memory: m, simd, lineSearch: timedSearch(moreThuente(), searchClock) });
  const skip = Math.min(m + 1, iterations >> 1);
  const a = perIteration(method, p, iterations, skip, searchClock);
  const d = perIteration(driverOnly, p, iterations, skip);
  const ownMs = a.totalMs - a.gradientMs;
  return {
    problem: name,
    n: p.dimension,
    iterations: a.iterations,
    totalMs: a.totalMs,
    gradientMs: a.gradientMs,
    ownMs,
    lineSearchMs: a.lineSearchMs,
    driverMs: d.totalMs - d.gradientMs,
    floorMs,
    ownOverFloor: ownMs / floorMs,
  };
}

/** True when this process runs through tsx (`--import tsx`), whose loader slows typed-array loops. */
function underTsx(): boolean {
  return process.execArgv.some((a) => a === 'tsx' || a.includes('tsx/'));
}

/** The problems: extended Rosenbrock first, then the rest of the scalable set. */
function problemsFor(n: number, wanted: string[] | undefined): string[] {
  const all = [
    'extended-rosenbrock',
    ...scalableProblemNames.filter((s) => s !== 'extended-rosenbrock'),
  ];
  // logistic regression stores an m×n data matrix (m = 200): 1.6 GB at n = 10⁶
  return (wanted ?? all).filter((s) => !(s === 'logistic-regression' && n > 10_000));
}

/**
 * Runs the benchmark and returns the report (a Markdown table, or JSON with `--json`).
 */
export async function main(args: readonly string[] = []): Promise<string> {
  const flags = parseFlags(args);
  const sizes = integerList(flags.get('n'), [1_000, 10_000, 100_000, 1_000_000]);
  const [m] = integerList(flags.get('memory'), [10]);
  const [iterations] = integerList(flags.get('iterations'), [30]);
  const wanted = flags.get('problems')?.split(',');
  const simdFlag = flags.get('simd');
  const simd = simdOption(
    'lbfgs.bench --simd',
    simdFlag === 'true' ? true : simdFlag === 'false' ? false : simdFlag,
  );
  // warm the JIT on a small problem first
  measureOne('extended-rosenbrock', 1000, m, 50);
  const rows: LbfgsRow[] = [];
  for (const n of sizes) {
    const floorMs = copyFloor((4 * m + 6) * n);
    for (const name of problemsFor(n, wanted))
      rows.push(measureOne(name, n, m, iterations, floorMs, simd));
  }
  if (flags.has('json'))
    return JSON.stringify({ environment: environment(), m, simd, rows }, null, 2);
  const ms = (v: number) => fmt(v, 3);
  return [
    `L-BFGS per iteration (m = ${m}, Moré–Thuente, simd: ${String(simd)}) — ${environment()}`,
    'iterations > m + 1 only (steady state), best of repeated runs; own = total − gradient = line search + driver + L-BFGS itself (two-loop, secant pass);',
    'floor = one Float64Array.prototype.set() of (4m+6)·8n bytes from written pages, measured in this run',
    ...(underTsx()
      ? [
          'run through tsx: its loader detaches an ArrayBuffer, which slows every typed-array loop of the process',
          '(about 1.5× here); compile for the figures: npx tsc -b benchmarks && node benchmarks/dist/lbfgs.bench.js',
        ]
      : []),
    '',
    table(
      [
        'problem',
        'n',
        'iters',
        'total ms/it',
        'gradient ms/it',
        'own ms/it',
        'line search',
        'driver',
        'L-BFGS itself',
        'floor ms',
        'own/floor',
      ],
      rows.map((r) => [
        r.problem,
        String(r.n),
        r.iterations < 5 ? `${r.iterations}*` : String(r.iterations),
        ms(r.totalMs),
        ms(r.gradientMs),
        ms(r.ownMs),
        ms(r.lineSearchMs),
        ms(r.driverMs),
        ms(r.ownMs - r.lineSearchMs - r.driverMs),
        ms(r.floorMs),
        fmt(r.ownOverFloor, 2),
      ]),
    ),
    '',
    '* fewer than 5 iterations after the first m + 1 (the run ends early: solved, or its line searches',
    'fail at the rounding level of f); these rows time the start or the end game, not the steady state.',
  ].join('\n');
}

if (isMain(import.meta.url))
  main(process.argv.slice(2)).then(console.log, (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
