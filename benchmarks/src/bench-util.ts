/**
 * Small helpers shared by the benchmark scripts: a seeded generator, a timer that
 * reports the median of repeats, flag parsing, an aligned text table and the
 * "run when executed directly" test. No timing ever goes into a test.
 *
 * @packageDocumentation
 */

import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import { mulberry32 } from '@hessian/core';

/** mulberry32, core's seeded generator of uniform numbers in [0, 1). */
export const rng = mulberry32;

/** Timings of repeated runs, in milliseconds. */
export interface Timing {
  readonly median: number;
  readonly min: number;
  readonly repeats: number;
}

/** How {@link time} repeats. */
export interface TimeOptions {
  /** Untimed runs first, for the JIT. Default 1. */
  warmup?: number;
  /** At least this many timed runs. Default 5. */
  minRepeats?: number;
  /** At most this many timed runs. Default 200. */
  maxRepeats?: number;
  /** Repeat until the timed runs add up to this much (within the repeat bounds). Default 1000 ms. */
  minTotalMs?: number;
}

/**
 * Times `run`, calling `setup` (untimed) before each run: the median and the best of
 * the repeats.
 * @example const t = time(() => cholesky(A, L)); console.log(t.median);
 */
export function time(
  run: () => void,
  setup: () => void = () => {},
  options: TimeOptions = {},
): Timing {
  const { warmup = 1, minRepeats = 5, maxRepeats = 200, minTotalMs = 1000 } = options;
  for (let i = 0; i < warmup; i++) {
    setup();
    run();
  }
  const samples: number[] = [];
  let total = 0;
  while (samples.length < maxRepeats && (samples.length < minRepeats || total < minTotalMs)) {
    setup();
    const t0 = performance.now();
    run();
    const dt = performance.now() - t0;
    samples.push(dt);
    total += dt;
  }
  return summarize(samples);
}

/** The median and minimum of samples (ms). */
export function summarize(samples: number[]): Timing {
  const s = [...samples].sort((a, b) => a - b);
  const m = s.length >> 1;
  const median = s.length % 2 === 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
  return { median, min: s[0], repeats: s.length };
}

/** `--name=value` and `--flag` arguments as a map (`--flag` gives `'true'`). */
export function parseFlags(args: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (const a of args) {
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    if (eq < 0) flags.set(a.slice(2), 'true');
    else flags.set(a.slice(2, eq), a.slice(eq + 1));
  }
  return flags;
}

/** A comma-separated list of positive integers from a flag, or the default. */
export function integerList(value: string | undefined, fallback: number[]): number[] {
  if (value === undefined) return fallback;
  const list = value.split(',').map((s) => Number(s.trim()));
  for (const v of list)
    if (!Number.isInteger(v) || v < 1)
      throw new RangeError(`expected a comma-separated list of integers >= 1, got '${value}'`);
  return list;
}

/** Formats rows as a Markdown table with aligned columns (numbers right-aligned). */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const width = headers.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const numeric = headers.map((_, j) => rows.every((r) => /^[-+0-9.eE×—]*$/.test(r[j])));
  const cell = (s: string, j: number) => (numeric[j] ? s.padStart(width[j]) : s.padEnd(width[j]));
  const line = (r: readonly string[]) => `| ${r.map(cell).join(' | ')} |`;
  const rule = `|${width.map((w, j) => (numeric[j] ? `${'-'.repeat(w + 1)}:` : `${'-'.repeat(w + 2)}`)).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

/** A number with `digits` significant digits, in fixed notation where that reads well. */
export function fmt(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6)) return v.toExponential(digits - 1);
  return v.toPrecision(digits);
}

/** One line naming the machine and runtime, printed above every table. */
export function environment(): string {
  const cpu = cpus();
  return `Node ${process.version}, ${cpu[0]?.model ?? 'unknown CPU'} (${cpu.length} cores), ${new Date().toISOString().slice(0, 10)}`;
}

/** True when the module with this `import.meta.url` is the script node was started with. */
export function isMain(importMetaUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && importMetaUrl === pathToFileURL(entry).href;
}

/**
 * The least ms of one `Float64Array.prototype.set` of `count` doubles (best of
 * `repeats`): the memory floor the benchmarks compare with. The source's pages are
 * written first (a never-written source maps the shared zero page and copies about 3×
 * faster, which is no floor) and the destination's are faulted in by a first copy.
 */
export function copyMs(count: number, repeats: number): number {
  const src = new Float64Array(count);
  for (let i = 0; i < count; i++) src[i] = i;
  const dst = new Float64Array(count);
  dst.set(src);
  const samples: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    dst.set(src);
    samples.push(performance.now() - t0);
  }
  return summarize(samples).min;
}
