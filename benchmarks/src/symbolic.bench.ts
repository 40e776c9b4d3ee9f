/**
 * Compiled symbolic derivatives against hand-written ones (target: within 3×).
 *
 * Run: pnpm bench symbolic   (or: node --conditions=source --import tsx benchmarks/src/symbolic.bench.ts)
 */
import { pathToFileURL } from 'node:url';
import { DenseMatrix } from '@hessian/core';
import { getProblem } from '@hessian/problems';
import { problemFromExpression } from '@hessian/symbolic';

function timePerCall(f: () => void, minMs = 200): number {
  for (let i = 0; i < 1000; i++) f();
  const samples: number[] = [];
  for (let r = 0; r < 7; r++) {
    let n = 1000;
    let t0 = performance.now();
    let t1 = t0;
    for (;;) {
      for (let i = 0; i < n; i++) f();
      t1 = performance.now();
      if (t1 - t0 >= minMs / 7) break;
      n *= 2;
      t0 = performance.now();
    }
    samples.push(((t1 - t0) * 1e6) / n);
  }
  samples.sort((a, b) => a - b);
  return samples[3];
}

const CASES = [
  { name: 'rosenbrock', expression: '100*(y - x^2)^2 + (1 - x)^2', variables: ['x', 'y'] },
  { name: 'himmelblau', expression: '(x^2 + y - 11)^2 + (x + y^2 - 7)^2', variables: ['x', 'y'] },
];

export function main(): string {
  const lines = [
    '| problem | function | hand-written ns/call | symbolic ns/call | ratio |',
    '| --- | --- | ---: | ---: | ---: |',
  ];
  for (const c of CASES) {
    const hand = getProblem(c.name);
    const sym = problemFromExpression(c.expression, c.variables);
    const x = new Float64Array(hand.x0);
    const g = new Float64Array(2);
    const H = new DenseMatrix(2, 2);
    let sink = 0;
    const pairs: [string, () => void, () => void][] = [
      ['value', () => (sink += hand.value(x)), () => (sink += sym.value(x))],
      ['gradient', () => hand.gradient(x, g), () => sym.gradient(x, g)],
      ['hessian', () => hand.hessian(x, H), () => sym.hessian(x, H)],
    ];
    for (const [what, h, s] of pairs) {
      const th = timePerCall(() => {
        x[0] += 1e-12;
        h();
      });
      const ts = timePerCall(() => {
        x[0] += 1e-12;
        s();
      });
      lines.push(
        `| ${c.name} | ${what} | ${th.toFixed(1)} | ${ts.toFixed(1)} | ${(ts / th).toFixed(2)} |`,
      );
    }
    if (sink === 42) lines.push('');
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) console.log(main());
