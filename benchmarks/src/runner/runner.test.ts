import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './cli.js';
import { defaultConfig, peakConcurrency, runBenchmark } from './runner.js';
import type { BenchmarkConfig, BenchmarkResults } from './types.js';
import { buildReports, type Reports } from './write.js';

/** 2 methods × 2 small problems, in-process; newton is skipped on arwhead (n = 100 > the dense limit 50). */
const TINY: BenchmarkConfig = {
  ...defaultConfig(),
  methods: ['newton', 'lbfgs'],
  problems: ['rosenbrock', 'arwhead'],
  sizes: [100],
  repeats: 1,
  denseLimit: 50,
  jobs: 1,
};

describe('a tiny in-process run (2 methods × 2 problems, --jobs 1)', () => {
  let results: BenchmarkResults;
  let reports: Reports;
  beforeAll(async () => {
    results = await runBenchmark(TINY);
    reports = await buildReports(results);
  });

  it('runs 3 combinations and skips the dense method above the dense limit, with the reason', () => {
    expect(results.runs.map((r) => `${r.method} ${r.problem} ${r.n}`)).toEqual([
      'newton rosenbrock 2',
      'lbfgs rosenbrock 2',
      'lbfgs arwhead 100',
    ]);
    expect(results.skipped).toEqual([
      {
        method: 'newton',
        problem: 'arwhead',
        n: 100,
        reason:
          'newton factors a dense n×n Hessian (80.0 kB, O(n³) per factorization); n = 100 > --dense-limit 50',
      },
    ]);
  });

  it('each run converges to f* with its counts, the median time and the driver trace', () => {
    for (const r of results.runs) {
      expect(r.status).toBe('converged-gradient');
      expect(r.fReference).toBe('known');
      expect(Math.abs(r.fError!)).toBeLessThan(1e-8);
      expect(r.gradientNorm!).toBeLessThanOrEqual(1e-6);
      expect(r.trace).toHaveLength(r.iterations + 1);
      expect(r.trace[0].iteration).toBe(0);
      expect(r.trace.at(-1)!.evaluations).toEqual(r.evaluations);
      expect(r.repeatsMs).toHaveLength(1);
      expect(r.wallMs).toBe(r.repeatsMs[0]);
      expect(r.timing).toMatchObject({ worker: 0, concurrency: 1 });
    }
    const newton = results.runs[0];
    expect(newton.cost).toBe(newton.evaluations.gradient + 2 * newton.evaluations.hessian);
  });

  it('results.json parses back to the results', () => {
    const parsed = JSON.parse(reports.json) as BenchmarkResults;
    expect(parsed.schema).toBe('hessian-benchmark/1');
    expect(parsed.runs).toEqual(results.runs);
    expect(parsed.skipped).toEqual(results.skipped);
    expect(parsed.instances.map((i) => [i.problem, i.n, i.fstar])).toEqual([
      ['rosenbrock', 2, 0],
      ['arwhead', 100, 0],
    ]);
    expect(parsed.config.methods).toEqual(['newton', 'lbfgs']);
  });

  it('report.md has the summary, the profiles, a table per instance and the skips', () => {
    const md = reports.markdown;
    expect(md).toContain('## Summary');
    expect(md).toMatch(/\| newton +\| +1 \| +1 \| +0 \| +1\/1 \| +1\/2 \| +1\/2 \|/);
    expect(md).toMatch(/\| lbfgs +\| +2 \| +0 \| +0 \| +2\/2 \| +2\/2 \| +2\/2 \|/);
    expect(md).toContain('### τ = 1e-3');
    expect(md).toContain('### rosenbrock, n = 2');
    expect(md).toContain('### arwhead, n = 100');
    expect(md).toContain('| newton | skipped: newton factors a dense n×n Hessian');
    expect(md).toContain('## Skipped');
    expect(md).toContain(
      'pnpm bench --methods newton,lbfgs --problems rosenbrock,arwhead --sizes 100',
    );
  });

  it('report.html holds every expected plot as one <svg> in its figure, and no external resource', () => {
    const html = reports.html;
    const ids = reports.plots.map((p) => p.id);
    expect(ids).toEqual([
      'performance-evaluations-tau-1e-3',
      'performance-time-tau-1e-3',
      'data-evaluations-tau-1e-3',
      'performance-evaluations-tau-1e-7',
      'performance-time-tau-1e-7',
      'data-evaluations-tau-1e-7',
      'convergence-rosenbrock-2',
      'convergence-arwhead-100',
    ]);
    expect(html.match(/<figure class="plot"/g)).toHaveLength(ids.length);
    for (const id of ids) {
      const start = html.indexOf(`<figure class="plot" id="${id}"`);
      expect(start, id).toBeGreaterThan(0);
      const figure = html.slice(start, html.indexOf('</figure>', start));
      expect(figure.match(/<svg\b/g), id).toHaveLength(1);
      expect(figure, id).toMatch(/<path\b[^>]*\bd="M/);
    }
    // each method's line is drawn in its colour in a convergence plot
    const conv = html.slice(html.indexOf('id="convergence-rosenbrock-2"'));
    expect(conv).toContain('stroke="#1f77b4"');
    expect(conv).toContain('stroke="#ff7f0e"');
    expect(html).not.toMatch(/<(script|link|img)\b[^>]*\b(src|href)="(https?:)?\/\//);
    expect(JSON.parse(/id="plot-manifest">([^<]*)</.exec(html)![1])).toEqual(ids);
  });
});

describe('worker threads', () => {
  it('run tasks from vitest in 2 workers, with the same results as in-process', async () => {
    const config = { ...TINY, methods: ['lbfgs'], jobs: 2 };
    const threaded = await runBenchmark(config);
    const inProcess = await runBenchmark({ ...config, jobs: 1 });
    expect(threaded.runs.map((r) => r.timing.worker).sort()).toEqual([1, 2]);
    const strip = (r: BenchmarkResults) =>
      r.runs.map((x) => [x.problem, x.status, x.iterations, x.evaluations, x.f]);
    expect(strip(threaded)).toEqual(strip(inProcess));
  });
});

describe('peakConcurrency', () => {
  it('counts the runs in progress at once during each run', () => {
    expect(
      peakConcurrency([
        { start: 0, end: 2 },
        { start: 1, end: 3 },
        { start: 5, end: 6 },
        { start: 0, end: 10 },
      ]),
    ).toEqual([3, 3, 2, 3]);
    // touching intervals do not overlap
    expect(
      peakConcurrency([
        { start: 0, end: 1 },
        { start: 1, end: 2 },
      ]),
    ).toEqual([1, 1]);
  });
});

describe('the CLI', () => {
  const out = mkdtempSync(join(tmpdir(), 'hessian-bench-test-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  const stream = () => {
    const chunks: string[] = [];
    return {
      chunks,
      s: {
        write: (c: string) => chunks.push(c) > 0,
        isTTY: false,
      } as unknown as NodeJS.WriteStream,
    };
  };

  it('runs, prints plain progress lines and the summary, and writes the three reports', async () => {
    const o = stream();
    const e = stream();
    const code = await main(
      ['--methods', 'lbfgs', '--problems=beale', '--repeats', '1', '--jobs', '1', '--out', out],
      { out: o.s, err: e.s },
    );
    expect(code).toBe(0);
    expect(e.chunks.join('')).toMatch(
      /\[1\/1\] lbfgs beale n=2: converged-gradient, \d+ iterations/,
    );
    expect(o.chunks.join('')).toMatch(/\| lbfgs +\| +1 \|/);
    for (const f of ['results.json', 'report.md', 'report.html'])
      expect(existsSync(join(out, f)), f).toBe(true);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('id="convergence-beale-2"');
  });

  it('prints --help, and fails with exit code 2 naming a bad option', async () => {
    const o = stream();
    expect(await main(['--help'], { out: o.s, err: o.s }, ['linalg'])).toBe(0);
    expect(o.chunks.join('')).toContain('pnpm bench <name> [args]');
    expect(o.chunks.join('')).toContain('--sizes <list>');
    const e = stream();
    expect(await main(['--methods', 'nope'], { out: e.s, err: e.s })).toBe(2);
    expect(e.chunks.join('')).toMatch(
      /^--methods: 'nope' matches no method; available: all, newton/,
    );
  });
});
