/**
 * `pnpm report:browser-test [path/to/report.html]`: opens report.html in a real headless
 * Chromium (Debian's `chromium`; nothing is installed or downloaded) and checks, for
 * every plot the report should hold, that the loaded DOM has it as a drawn <svg> and
 * that its area of the screenshot holds coloured marks.
 *
 * Without an argument it first writes a small fresh report (2 methods × 2 problems,
 * in-process) to a temporary directory. Exits 1 on any failure, 2 when Chromium is missing.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { solveCosts } from '../src/runner/analysis.js';
import {
  checkDom,
  checkScreenshot,
  crop,
  dumpDom,
  encodePng,
  type PlotCheck,
  readPng,
  requireChromium,
  screenshot,
} from '../src/runner/browser.js';
import { reportPlots } from '../src/runner/plots.js';
import { defaultConfig, runBenchmark } from '../src/runner/runner.js';
import type { BenchmarkResults } from '../src/runner/types.js';
import { writeReports } from '../src/runner/write.js';

const WIDTH = 1300;
const TILE = 6000;
const OVERLAP = 1200;

try {
  requireChromium();
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'hessian-browser-test-'));
let html = process.argv[2] ? resolve(process.argv[2]) : '';
if (!html) {
  const results = await runBenchmark({
    ...defaultConfig(),
    methods: ['lbfgs', 'trust-ncg'],
    problems: ['rosenbrock', 'arwhead'],
    sizes: [100],
    repeats: 1,
    jobs: 1,
  });
  const dir = join(work, 'report');
  await writeReports(results, dir);
  html = join(dir, 'report.html');
  console.log(`wrote a small report: ${html}`);
}
const results = JSON.parse(
  readFileSync(join(dirname(html), 'results.json'), 'utf8'),
) as BenchmarkResults;
const expected = reportPlots(
  results,
  results.config.taus.map((tau) => solveCosts(results, tau)),
).map((p) => p.id);

// Pass 1: the page's height; pass 2: the DOM laid out in the screenshot's window.
const first = checkDom(dumpDom(html, WIDTH, 1000), expected);
const height = Math.max(1000, Math.min(first.pageHeight, TILE));
const dom = checkDom(dumpDom(html, WIDTH, height), expected);
const pageHeight = dom.pageHeight || first.pageHeight;

// Screenshots in overlapping tiles: the page shifted up by `top` pixels (layout unchanged).
const tiles: { top: number; file: string }[] = [];
const shots = join(work, 'screenshots');
mkdirSync(shots, { recursive: true });
for (let top = 0; top === 0 || top + OVERLAP < pageHeight; top += TILE - OVERLAP) {
  const page = join(work, `tile-${tiles.length}.html`); // elsewhere than the report: it must need no neighbouring file
  const source = readFileSync(html, 'utf8').replace(
    '</head>',
    `<style>body { position: relative; top: -${top}px; }</style></head>`,
  );
  writeFileSync(page, source);
  const file = join(shots, `tile-${tiles.length}.png`);
  try {
    screenshot(page, file, WIDTH, height);
  } finally {
    (await import('node:fs')).rmSync(page, { force: true });
  }
  tiles.push({ top, file });
}

const checked: PlotCheck[] = dom.plots.map((p) => {
  if (!p.rect) return p;
  const rect = p.rect;
  const tile = tiles.find((t) => rect.y >= t.top && rect.y + rect.height <= t.top + height);
  if (!tile) return { ...p, problems: [...p.problems, 'not inside any screenshot tile'] };
  const img = readPng(tile.file);
  const local = { ...p, rect: { ...rect, y: rect.y - tile.top } };
  const [c] = checkScreenshot(img, [local]);
  writeFileSync(join(shots, `${p.id}.png`), encodePng(crop(img, local.rect!)));
  return { ...c, rect };
});

let failed = dom.problems.length;
for (const problem of dom.problems) console.log(`✗ page: ${problem}`);
for (const p of checked) {
  const where = p.rect ? `${p.rect.width}×${p.rect.height} px at y = ${p.rect.y}` : 'not drawn';
  if (p.problems.length) {
    failed++;
    console.log(`✗ ${p.id}: ${p.problems.join('; ')}`);
  } else console.log(`✓ ${p.id}: <svg> with ${p.paths} paths, ${where}, marks visible`);
}
console.log(
  `\n${checked.length - checked.filter((p) => p.problems.length).length}/${expected.length} plots rendered in Chromium; page ${WIDTH}×${pageHeight} px; screenshots in ${shots}`,
);
if (failed > 0) {
  console.error(`report:browser-test failed (${failed} problems)`);
  process.exit(1);
}
