/**
 * report.md: the setup, the per-method summary, the profiles in numbers, a table per
 * problem instance and the skipped combinations.
 *
 * @packageDocumentation
 */
import { type MethodSummary, type SolveCosts, summarize } from './analysis.js';
import { formatTau } from './plots.js';
import {
  instanceLine,
  instanceTable,
  profileTable,
  setupLines,
  skippedTable,
  summaryTable,
  type Table,
} from './report-data.js';
import type { BenchmarkResults } from './types.js';

/** A Markdown table with aligned columns (numeric ones right-aligned); `|` in cells escaped. */
export function markdownTable(t: Table): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const headers = t.headers.map(esc);
  const rows = t.rows.map((r) => r.map(esc));
  const width = headers.map((h, j) => Math.max(3, h.length, ...rows.map((r) => r[j].length)));
  const cell = (s: string, j: number) => (t.numeric[j] ? s.padStart(width[j]) : s.padEnd(width[j]));
  const line = (r: string[]) => `| ${r.map(cell).join(' | ')} |`;
  const rule = `|${width.map((w, j) => (t.numeric[j] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

/** The summary table alone (printed by the CLI at the end of a run). */
export function summaryMarkdown(
  results: BenchmarkResults,
  summaries?: readonly MethodSummary[],
): string {
  return markdownTable(summaryTable(results, summaries ?? summarize(results)));
}

/** The whole report.md. */
export function renderMarkdown(
  results: BenchmarkResults,
  summaries: readonly MethodSummary[],
  costs: readonly SolveCosts[],
): string {
  const out: string[] = ['# hessian benchmark report', ''];
  out.push('## Setup', '', ...setupLines(results).map((l) => `- ${l}`), '');
  out.push(
    '## Summary',
    '',
    'Per method over all instances: runs made, combinations skipped, runs that threw, runs ending with a converged status, instances solved by the Moré–Wild test at each τ, evaluations summed over the runs by kind and weighted, and the summed median wall times.',
    '',
    markdownTable(summaryTable(results, summaries)),
    '',
  );
  out.push(
    '## Profiles',
    '',
    "ρ(τ) of the Dolan–Moré performance profiles by weighted evaluations and by time (the fraction of instances a method solves within τ times the best method's cost), and the fraction it solves at all. The plots are in report.html.",
    '',
  );
  for (const c of costs)
    out.push(`### τ = ${formatTau(c.tau)}`, '', markdownTable(profileTable(c)), '');
  out.push('## Results per problem', '');
  for (const inst of results.instances) {
    out.push(
      `### ${inst.problem}, n = ${inst.n}`,
      '',
      instanceLine(inst),
      '',
      markdownTable(instanceTable(results, inst)),
      '',
    );
  }
  if (results.skipped.length > 0)
    out.push('## Skipped', '', markdownTable(skippedTable(results)), '');
  return `${out.join('\n').trimEnd()}\n`;
}
