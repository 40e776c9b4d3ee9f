/**
 * report.html: one self-contained page (no network, no external files) with the
 * tables of report.md and every plot as an inline SVG rendered by Vega.
 *
 * @packageDocumentation
 */
import { instanceKey, type MethodSummary, type SolveCosts } from './analysis.js';
import { formatTau, type PlotSpec, renderSvg } from './plots.js';
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

/** Escapes text for HTML. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Text with `code` spans, escaped. */
function inline(s: string): string {
  return escapeHtml(s).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** An HTML table; numeric columns right-aligned. */
export function htmlTable(t: Table): string {
  const cls = (j: number) => (t.numeric[j] ? ' class="num"' : '');
  const head = t.headers.map((h, j) => `<th${cls(j)}>${escapeHtml(h)}</th>`).join('');
  const body = t.rows
    .map((r) => `<tr>${r.map((c, j) => `<td${cls(j)}>${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; padding: 1em 2em 4em; max-width: 1200px; color: #222; }
h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #ddd; } h3 { margin-top: 1.6em; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 12.5px; }
th, td { padding: 2px 8px; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
th { background: #f6f6f6; } .num { text-align: right; font-variant-numeric: tabular-nums; }
code { background: #f3f3f3; padding: 0 3px; border-radius: 3px; }
figure.plot { margin: 1em 0; } figure.plot figcaption { font-size: 12.5px; color: #444; margin-bottom: 0.4em; max-width: 60em; }
.svg { overflow-x: auto; } .profiles { display: flex; flex-wrap: wrap; gap: 0 2em; } .profiles figure.plot { width: 540px; }
nav ul { columns: 3; font-size: 13px; }
`;

/** Marks each plot with its drawn size and position, and the page with its height: read by the headless-browser check. */
const CHECK_SCRIPT = `
addEventListener('load', () => {
  for (const f of document.querySelectorAll('figure.plot')) {
    const s = f.querySelector('svg');
    if (!s) continue;
    const r = s.getBoundingClientRect();
    s.setAttribute('data-drawn', [r.left + scrollX, r.top + scrollY, r.width, r.height].map(Math.round).join(','));
  }
  document.body.setAttribute('data-page-height', String(document.documentElement.scrollHeight));
  document.body.setAttribute('data-page-width', String(document.documentElement.scrollWidth));
});
`;

function figure(plot: PlotSpec, svg: string): string {
  return `<figure class="plot" id="${plot.id}" data-kind="${plot.kind}">
<figcaption><b>${escapeHtml(plot.title)}.</b> ${escapeHtml(plot.caption)}</figcaption>
<div class="svg">${svg}</div>
</figure>`;
}

/** The whole report.html; every plot is rendered (Vega-Lite → Vega → SVG) here. */
export async function renderHtml(
  results: BenchmarkResults,
  summaries: readonly MethodSummary[],
  costs: readonly SolveCosts[],
  plots: readonly PlotSpec[],
): Promise<string> {
  const svgs = new Map<string, string>();
  for (const p of plots) svgs.set(p.id, await renderSvg(p.spec, p.id));
  const fig = (p: PlotSpec) => figure(p, svgs.get(p.id)!);
  const out: string[] = [];
  out.push(
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>hessian benchmark report</title>',
    `<style>${STYLE}</style>`,
    `<script type="application/json" id="plot-manifest">${JSON.stringify(plots.map((p) => p.id))}</script>`,
    '</head><body>',
    '<h1>hessian benchmark report</h1>',
    '<nav><ul><li><a href="#setup">Setup</a></li><li><a href="#summary">Summary</a></li><li><a href="#profiles">Profiles</a></li><li><a href="#problems">Results per problem</a></li>',
    results.skipped.length ? '<li><a href="#skipped">Skipped</a></li>' : '',
    '</ul></nav>',
    '<h2 id="setup">Setup</h2>',
    `<ul>${setupLines(results)
      .map((l) => `<li>${inline(l)}</li>`)
      .join('\n')}</ul>`,
    '<h2 id="summary">Summary</h2>',
    '<p>Per method over all instances: runs made, combinations skipped, runs that threw, runs ending with a converged status, instances solved by the Moré–Wild test at each τ, evaluations summed over the runs by kind and weighted, and the summed median wall times.</p>',
    htmlTable(summaryTable(results, summaries)),
    '<h2 id="profiles">Performance and data profiles</h2>',
    '<p>Dolan–Moré performance profiles ρ(τ) by weighted evaluations and by time, and Moré–Wild data profiles d(α), for each tolerance τ of the convergence test. Higher and further left is better.</p>',
  );
  for (const c of costs) {
    out.push(
      `<h3>τ = ${formatTau(c.tau)}</h3>`,
      htmlTable(profileTable(c)),
      '<div class="profiles">',
    );
    for (const p of plots) if (p.tau === c.tau) out.push(fig(p));
    out.push('</div>');
  }
  out.push('<h2 id="problems">Results per problem</h2>');
  out.push(
    `<nav><ul>${results.instances.map((i) => `<li><a href="#${anchor(i)}">${escapeHtml(`${i.problem}, n = ${i.n}`)}</a></li>`).join('')}</ul></nav>`,
  );
  for (const inst of results.instances) {
    out.push(`<h3 id="${anchor(inst)}">${escapeHtml(`${inst.problem}, n = ${inst.n}`)}</h3>`);
    out.push(`<p>${inline(instanceLine(inst))}</p>`);
    const p = plots.find((q) => q.instance === instanceKey(inst));
    if (p) out.push(fig(p));
    out.push(htmlTable(instanceTable(results, inst)));
  }
  if (results.skipped.length)
    out.push('<h2 id="skipped">Skipped</h2>', htmlTable(skippedTable(results)));
  out.push(`<script>${CHECK_SCRIPT}</script>`, '</body></html>', '');
  return out.join('\n');
}

function anchor(inst: { problem: string; n: number }): string {
  return `problem-${instanceKey(inst).replace(/[^A-Za-z0-9]+/g, '-')}`;
}
