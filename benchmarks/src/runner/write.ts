/**
 * Writes the three reports: results.json, report.md and report.html.
 *
 * @packageDocumentation
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type MethodSummary, type SolveCosts, solveCosts, summarize } from './analysis.js';
import { type PlotSpec, reportPlots } from './plots.js';
import { renderHtml } from './report-html.js';
import { renderMarkdown } from './report-md.js';
import type { BenchmarkResults } from './types.js';

/** The reports' contents, before they are written. */
export interface Reports {
  json: string;
  markdown: string;
  html: string;
  plots: PlotSpec[];
  summaries: MethodSummary[];
  costs: SolveCosts[];
}

/** results.json: the header fields indented, one line per run and per skip. */
export function resultsJson(results: BenchmarkResults): string {
  const { runs, skipped, instances, ...head } = results;
  const list = (items: readonly unknown[]) =>
    items.length === 0
      ? '[]'
      : `[\n${items.map((x) => `    ${JSON.stringify(x)}`).join(',\n')}\n  ]`;
  const top = JSON.stringify(head, null, 2).replace(/\n}$/, '');
  return `${top},\n  "instances": ${list(instances)},\n  "runs": ${list(runs)},\n  "skipped": ${list(skipped)}\n}\n`;
}

/** Builds every report (renders the plots). */
export async function buildReports(results: BenchmarkResults): Promise<Reports> {
  const summaries = summarize(results);
  const costs = results.config.taus.map((tau) => solveCosts(results, tau));
  const plots = reportPlots(results, costs);
  return {
    json: resultsJson(results),
    markdown: renderMarkdown(results, summaries, costs),
    html: await renderHtml(results, summaries, costs, plots),
    plots,
    summaries,
    costs,
  };
}

/** Writes results.json, report.md and report.html into `outDir` (created if needed); returns their paths. */
export async function writeReports(
  results: BenchmarkResults,
  outDir: string,
): Promise<{ reports: Reports; files: string[] }> {
  const reports = await buildReports(results);
  const dir = resolve(outDir);
  mkdirSync(dir, { recursive: true });
  const files = [
    [join(dir, 'results.json'), reports.json],
    [join(dir, 'report.md'), reports.markdown],
    [join(dir, 'report.html'), reports.html],
  ] as const;
  for (const [path, text] of files) writeFileSync(path, text);
  return { reports, files: files.map(([p]) => p) };
}
