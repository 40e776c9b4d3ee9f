/**
 * The driver's overhead per request: a trivial method yields many `gradient`
 * requests at changing x (the driver caches f and ∇f at the last x, so x must move),
 * on a cheap problem (n = 2), through `run`, `runAsync` and the ask/tell form
 * `start`, against calling the same user functions directly in a loop. Reported in
 * ns per request: the driver's time minus the direct loop's, divided by the number of
 * requests. Target: `run` under 100 ns per request.
 *
 * Run: `node --conditions=source --import tsx benchmarks/src/driver-overhead.bench.ts`
 * Flags: `--requests=1000000`, `--json`.
 *
 * @packageDocumentation
 */
import {
  type Method,
  type MethodExit,
  type ProblemSpec,
  type Program,
  type Request,
  run,
  runAsync,
  start,
} from '@hessian/core';
import { environment, fmt, isMain, parseFlags, summarize, table, time } from './bench-util.js';

/** One line of the table. */
export interface OverheadRow {
  readonly form: string;
  readonly problem: string;
  readonly requests: number;
  readonly medianMs: number;
  readonly nsPerRequest: number;
  /** Driver's ns per request minus the direct loop's. */
  readonly overheadNs: number;
}

/**
 * A method that only asks: `requests` gradient requests, moving x[0] each time, and
 * no iteration reports. It reuses one request object, as a tuned method may.
 */
export function probe(requests: number): Method {
  return {
    name: 'probe',
    *program(x): Program<MethodExit> {
      const g = new Float64Array(x.length);
      const request: Request = { op: 'gradient', x, out: g };
      let sum = 0;
      for (let k = 0; k < requests; k++) {
        x[0] = k;
        sum += yield request;
      }
      return { extra: { sum } };
    },
  };
}

/** f = x₀² + 2x₁², with `value` and `gradient` given separately. */
const separate: ProblemSpec = {
  dimension: 2,
  value: (x) => x[0] * x[0] + 2 * x[1] * x[1],
  gradient: (x, out) => {
    out[0] = 2 * x[0];
    out[1] = 4 * x[1];
  },
};

/** The same f through `valueAndGradient`. */
const fused: ProblemSpec = {
  dimension: 2,
  value: (x) => x[0] * x[0] + 2 * x[1] * x[1],
  valueAndGradient: (x, out) => {
    out[0] = 2 * x[0];
    out[1] = 4 * x[1];
    return x[0] * x[0] + 2 * x[1] * x[1];
  },
};

/** The same f with promise-returning functions, for `runAsync`. */
const asynchronous: ProblemSpec = {
  dimension: 2,
  value: async (x) => x[0] * x[0] + 2 * x[1] * x[1],
  gradient: async (x, out) => {
    out[0] = 2 * x[0];
    out[1] = 4 * x[1];
  },
};

/** Results of the direct loops, kept so that no engine can drop their work. */
export let sink = 0;

/** The direct loop: the same requests, the user functions called by hand. */
function direct(spec: ProblemSpec, requests: number): void {
  const x = new Float64Array([0.5, -0.25]);
  const g = new Float64Array(2);
  let sum = 0;
  if (spec.valueAndGradient)
    for (let k = 0; k < requests; k++) {
      x[0] = k;
      sum += spec.valueAndGradient(x, g) as number;
    }
  else
    for (let k = 0; k < requests; k++) {
      x[0] = k;
      sum += spec.value(x) as number;
      spec.gradient!(x, g);
    }
  sink += sum;
}

async function directAsync(spec: ProblemSpec, requests: number): Promise<void> {
  const x = new Float64Array([0.5, -0.25]);
  const g = new Float64Array(2);
  let sum = 0;
  for (let k = 0; k < requests; k++) {
    x[0] = k;
    sum += await spec.value(x);
    await spec.gradient!(x, g);
  }
  sink += sum;
}

function askTell(spec: ProblemSpec, requests: number): void {
  const opt = start(probe(requests), [0.5, -0.25], { maxIterations: Infinity });
  for (let req = opt.ask(); req !== null; req = opt.ask()) {
    if (req.op !== 'gradient') throw new Error(`unexpected request ${req.op}`);
    const f = spec.value(req.x) as number;
    spec.gradient!(req.x, req.out);
    opt.tell(f);
  }
  sink += opt.result().evaluations.gradient;
}

async function timeAsync(f: () => Promise<void>, repeats: number): Promise<number> {
  await f();
  const samples: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    await f();
    samples.push(performance.now() - t0);
  }
  return summarize(samples).median;
}

/** Measures every form with `requests` requests per run (a tenth of them for async functions). */
export async function measure(requests: number): Promise<OverheadRow[]> {
  const x0 = [0.5, -0.25];
  const options = { maxIterations: Infinity };
  const repeats = { minRepeats: 7, minTotalMs: 1500, maxRepeats: 50 };
  const rows: OverheadRow[] = [];
  const add = (form: string, problem: string, ms: number, baseMs: number) =>
    rows.push({
      form,
      problem,
      requests,
      medianMs: ms,
      nsPerRequest: (ms * 1e6) / requests,
      overheadNs: ((ms - baseMs) * 1e6) / requests,
    });

  for (const [name, spec] of [
    ['value + gradient', separate],
    ['valueAndGradient', fused],
  ] as const) {
    const base = time(() => direct(spec, requests), undefined, repeats).median;
    add('direct loop (baseline)', name, base, base);
    const sync = time(
      () => {
        const r = run(probe(requests), spec, x0, options);
        if (r.evaluations.gradient !== requests) throw new Error(`run: ${r.message}`);
      },
      undefined,
      repeats,
    ).median;
    add('run (sync)', name, sync, base);
    const asyncSync = await timeAsync(async () => {
      const r = await runAsync(probe(requests), spec, x0, options);
      if (r.evaluations.gradient !== requests) throw new Error(`runAsync: ${r.message}`);
    }, 7);
    add('runAsync, sync functions', name, asyncSync, base);
    if (name === 'value + gradient') {
      const ask = time(() => askTell(spec, requests), undefined, repeats).median;
      add('start (ask/tell)', name, ask, base);
    }
  }
  const asyncRequests = Math.max(1, Math.floor(requests / 10));
  const baseAsync = await timeAsync(() => directAsync(asynchronous, asyncRequests), 7);
  const driverAsync = await timeAsync(async () => {
    const r = await runAsync(probe(asyncRequests), asynchronous, x0, options);
    if (r.evaluations.gradient !== asyncRequests) throw new Error(`runAsync: ${r.message}`);
  }, 7);
  const addAsync = (form: string, ms: number) =>
    rows.push({
      form,
      problem: 'async value + gradient',
      requests: asyncRequests,
      medianMs: ms,
      nsPerRequest: (ms * 1e6) / asyncRequests,
      overheadNs: ((ms - baseAsync) * 1e6) / asyncRequests,
    });
  addAsync('direct loop with await (baseline)', baseAsync);
  addAsync('runAsync, promise-returning functions', driverAsync);

  return rows;
}

/** The report as text (a Markdown table), or JSON with `--json`. */
export async function main(args: readonly string[] = []): Promise<string> {
  const flags = parseFlags(args);
  const requests = Number(flags.get('requests') ?? 1_000_000);
  if (!Number.isInteger(requests) || requests < 1)
    throw new RangeError(`--requests must be an integer >= 1, got ${flags.get('requests')}`);
  const rows = await measure(requests);
  if (flags.has('json')) return JSON.stringify({ environment: environment(), rows }, null, 2);
  return [
    `Driver overhead per request (n = 2, gradient requests) — ${environment()}`,
    'median of repeats; overhead = (driver − direct loop) / requests; target: run < 100 ns',
    '',
    table(
      ['form', 'problem', 'requests', 'median ms', 'ns/request', 'overhead ns/request'],
      rows.map((r) => [
        r.form,
        r.problem,
        String(r.requests),
        fmt(r.medianMs),
        fmt(r.nsPerRequest),
        r.form.includes('baseline') ? '—' : fmt(r.overheadNs),
      ]),
    ),
  ].join('\n');
}

if (isMain(import.meta.url))
  main(process.argv.slice(2)).then(console.log, (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
