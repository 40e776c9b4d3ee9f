/**
 * The report's plots: Vega-Lite specifications, compiled to Vega and rendered to SVG
 * strings with Vega's headless SVG renderer when the report is written.
 *
 * @packageDocumentation
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { instanceKey, runsByInstance, type SolveCosts } from './analysis.js';
import { dataProfile, type ProfileCurve, performanceProfile, stepPoints } from './profiles.js';
import { type BenchmarkResults, evaluationCost, type Instance } from './types.js';

/** One plot of the report. */
export interface PlotSpec {
  /** The `id` of its `<figure>` in report.html. */
  id: string;
  kind: 'convergence' | 'performance-profile' | 'data-profile';
  title: string;
  caption: string;
  /** The τ of a profile. */
  tau?: number;
  /** The instance (`problem/n`) of a convergence figure. */
  instance?: string;
  spec: TopLevelSpec;
}

/** Values below this (exact zeros included) are drawn at it on the log scales. */
export const LOG_FLOOR = 1e-20;

/** At most this many points per line in a convergence plot (evenly spaced iterations, last kept). */
export const MAX_POINTS = 80;

const PALETTE = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
  '#393b79',
  '#e7ba52',
];
const DASHES = [
  [1, 0],
  [6, 3],
  [2, 2],
];

const CONFIG = {
  aria: false,
  font: 'sans-serif',
  view: { stroke: '#ccc' },
  axis: { labelFontSize: 10, titleFontSize: 11, gridColor: '#eee' },
  legend: { labelFontSize: 11, titleFontSize: 11, labelLimit: 240 },
  title: { fontSize: 13, anchor: 'start' as const },
};

function colorOf(methods: readonly string[]) {
  return {
    field: 'method',
    type: 'nominal' as const,
    scale: { domain: [...methods], range: PALETTE },
    legend: { title: 'method' },
  };
}

/** Indices of at most `max` evenly spaced rows of `length`, first and last included. */
export function sampleIndices(length: number, max = MAX_POINTS): number[] {
  if (length <= max) return Array.from({ length }, (_, i) => i);
  const out = new Set<number>();
  for (let k = 0; k < max; k++) out.add(Math.round((k * (length - 1)) / (max - 1)));
  return [...out];
}

/** Decade tick values covering [lo, hi] (positive), at most about 7 of them. */
export function decades(lo: number, hi: number): { domain: [number, number]; values: number[] } {
  const a = Math.floor(Math.log10(lo));
  let b = Math.ceil(Math.log10(hi));
  if (b <= a) b = a + 1;
  const step = Math.max(1, Math.ceil((b - a) / 6));
  const top = a + step * Math.ceil((b - a) / step);
  const values: number[] = [];
  for (let e = a; e <= top; e += step) values.push(10 ** e);
  return { domain: [10 ** a, 10 ** top], values };
}

/** File-name-safe id fragment. */
function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** `1e-3` → `1e-3` (ids and titles). */
export function formatTau(tau: number): string {
  return tau.toExponential().replace('e+', 'e').replace(/\.0+e/, 'e');
}

/** The convergence figure of one instance: f − f* and ‖g‖∞ against iterations, evaluations and time. */
export function convergencePlot(results: BenchmarkResults, inst: Instance): PlotSpec | undefined {
  const runs = runsByInstance(results).get(instanceKey(inst));
  if (!runs) return undefined;
  const reference = Math.min(inst.fstar ?? Infinity, inst.fBest ?? Infinity);
  const rows: Record<string, number | string | boolean>[] = [];
  for (const method of results.config.methods) {
    const run = runs.get(method);
    if (!run || run.trace.length === 0) continue;
    const idx = sampleIndices(run.trace.length);
    for (const i of idx) {
      const row = run.trace[i];
      rows.push({
        method,
        iteration: row.iteration,
        cost: evaluationCost(row.evaluations, run.n),
        ms: row.elapsedMs,
        fgap: Math.max(row.value - reference, LOG_FLOOR),
        gnorm: Math.max(row.gradientNorm, LOG_FLOOR),
        last: i === run.trace.length - 1,
      });
    }
  }
  if (rows.length === 0) return undefined;
  const range = (field: string) => {
    const v = rows.map((r) => r[field] as number);
    return decades(Math.min(...v), Math.max(...v));
  };
  const fTitle = inst.fstar !== null ? 'f − f*' : 'f − f_best';
  const panel = (x: string, xTitle: string, y: string, yTitle: string) => {
    const r = range(y);
    const encoding = {
      x: { field: x, type: 'quantitative' as const, title: xTitle },
      y: {
        field: y,
        type: 'quantitative' as const,
        title: yTitle,
        scale: { type: 'log' as const, domain: r.domain, nice: false },
        axis: { values: r.values, format: '.0e' },
      },
      color: colorOf(results.config.methods),
    };
    return {
      width: 230,
      height: 150,
      layer: [
        { mark: { type: 'line' as const, strokeWidth: 1.5, clip: true }, encoding },
        {
          mark: { type: 'point' as const, filled: true, size: 30, clip: true },
          transform: [{ filter: 'datum.last' }],
          encoding,
        },
      ],
    };
  };
  const xs: [string, string][] = [
    ['iteration', 'iterations'],
    ['cost', 'evaluations (weighted)'],
    ['ms', 'time (ms)'],
  ];
  const title = `${inst.problem}, n = ${inst.n}`;
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    data: { values: rows },
    config: CONFIG,
    vconcat: [
      { hconcat: xs.map(([x, t]) => panel(x, t, 'fgap', fTitle)) },
      { hconcat: xs.map(([x, t]) => panel(x, t, 'gnorm', '‖g‖∞')) },
    ],
  } as TopLevelSpec;
  return {
    id: `convergence-${slug(inst.problem)}-${inst.n}`,
    kind: 'convergence',
    instance: instanceKey(inst),
    title,
    caption: `${fTitle}${inst.fstar === null ? ' (f* unknown: the best f any method reached)' : ''} and ‖g‖∞ per iteration, against iterations, weighted evaluations and time (one repeat's trace; a dot marks where the run ended; values below ${LOG_FLOOR} drawn at ${LOG_FLOOR}; methods skipped here are listed in the table).`,
    spec,
  };
}

function profileSpec(
  methods: readonly string[],
  curves: ProfileCurve[],
  from: number,
  to: number,
  xTitle: string,
  yTitle: string,
  base: number,
  title: string,
): TopLevelSpec {
  const rows = curves.flatMap((c) =>
    stepPoints(c, from, to).map((p) => ({ method: methods[c.solver], x: p.x, y: p.y })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    data: { values: rows },
    config: CONFIG,
    width: 360,
    height: 240,
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.75, clip: true },
    encoding: {
      x: {
        field: 'x',
        type: 'quantitative',
        title: xTitle,
        scale: { type: 'log', base, domain: [from, to], nice: false },
      },
      y: { field: 'y', type: 'quantitative', title: yTitle, scale: { domain: [0, 1] } },
      color: colorOf(methods),
      strokeDash: {
        field: 'method',
        type: 'nominal',
        scale: { domain: [...methods], range: methods.map((_, i) => DASHES[i % DASHES.length]) },
        legend: { title: 'method' },
      },
    },
  } as TopLevelSpec;
}

/** Dolan–Moré performance profiles (by evaluations and by time) and the Moré–Wild data profile for one τ. */
export function profilePlots(costs: SolveCosts): PlotSpec[] {
  const { methods, tau } = costs;
  const t = formatTau(tau);
  const solvable = costs.instances.length;
  const perf = (measure: 'evaluations' | 'time'): PlotSpec => {
    const curves = performanceProfile(costs[measure]);
    const max = Math.max(1, ...curves.flatMap((c) => c.values));
    const to = Math.max(2, max * 1.1);
    const what = measure === 'evaluations' ? 'weighted evaluations' : 'time';
    const title = `Performance profile by ${what}, τ = ${t}`;
    return {
      id: `performance-${measure}-tau-${slug(t)}`,
      kind: 'performance-profile',
      tau,
      title,
      caption: `ρ(τ): the fraction of the ${solvable} instances on which a method's ${what} to pass f ≤ f_L + ${t}·(f(x0) − f_L) is within a factor τ of the best method's (Dolan & Moré 2002). A method that never passes (or did not run) counts as a failure.`,
      spec: profileSpec(
        methods,
        curves,
        1,
        to,
        'τ (ratio to the best method, log₂)',
        'fraction of instances ρ(τ)',
        2,
        title,
      ),
    };
  };
  const curves = dataProfile(costs.evaluations);
  const finite = curves.flatMap((c) => c.values);
  const from = finite.length ? Math.max(1e-3, Math.min(...finite) / 2) : 1;
  const to = finite.length ? Math.max(from * 10, Math.max(...finite) * 1.1) : 10;
  const title = `Data profile, τ = ${t}`;
  const data: PlotSpec = {
    id: `data-evaluations-tau-${slug(t)}`,
    kind: 'data-profile',
    tau,
    title,
    caption: `d(α): the fraction of the ${solvable} instances a method solves (f ≤ f_L + ${t}·(f(x0) − f_L)) within a budget of α weighted evaluations (Moré & Wild 2009; the budget is not divided by n + 1 here, since every method has gradients).`,
    spec: profileSpec(
      methods,
      curves,
      from,
      to,
      'budget α (weighted evaluations, log₁₀)',
      'fraction of instances d(α)',
      10,
      title,
    ),
  };
  return [perf('evaluations'), perf('time'), data];
}

/** Every plot the report holds, in order: the profiles for each τ, then one convergence figure per instance. */
export function reportPlots(results: BenchmarkResults, costs: readonly SolveCosts[]): PlotSpec[] {
  const plots = costs.flatMap((c) => profilePlots(c));
  for (const inst of results.instances) {
    const p = convergencePlot(results, inst);
    if (p) plots.push(p);
  }
  return plots;
}

/** Makes every id in an SVG string (and its references) unique to this plot. */
export function prefixIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, (_, id) => `id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id) => `url(#${prefix}-${id})`)
    .replace(/href="#([^"]+)"/g, (_, id) => `href="#${prefix}-${id}"`);
}

/**
 * Renders a Vega-Lite spec to an SVG string: compiled to Vega, parsed, and drawn by a
 * headless `vega.View` (`renderer: 'none'`, `toSVG()`).
 */
export async function renderSvg(spec: TopLevelSpec, idPrefix: string): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return prefixIds(await view.toSVG(), idPrefix);
  } finally {
    view.finalize();
  }
}
