// An objective evaluated in a pool of worker threads (piscina) through minimizeAsync:
// the data set is split into chunks, each worker returns its chunk's value and gradient,
// and the sums are the objective's. The pattern for objectives too heavy for one thread.
import { pathToFileURL } from 'node:url';
import { type MinimizeResult, minimizeAsync } from '@hessian/optimize';
import { Piscina } from 'piscina';

export async function solve(
  options: { n?: number; m?: number; threads?: number } = {},
): Promise<MinimizeResult> {
  const n = options.n ?? 20;
  const m = options.m ?? 4000;
  const threads = options.threads ?? 2;
  const pool = new Piscina({
    filename: new URL('./objective-worker.mjs', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
  });
  const seed = 11;
  const chunks = Array.from({ length: threads * 2 }, (_, c) => ({
    start: Math.floor((c * m) / (threads * 2)),
    end: Math.floor(((c + 1) * m) / (threads * 2)),
  }));
  /** Sums the chunks' values and gradients, computed in parallel by the pool. */
  async function pooled(x: Float64Array, out: Float64Array): Promise<number> {
    const parts = (await Promise.all(
      chunks.map(({ start, end }) => pool.run({ x, seed, n, start, end })),
    )) as { value: number; gradient: Float64Array }[];
    out.fill(0);
    let f = 0;
    for (const p of parts) {
      f += p.value;
      for (let j = 0; j < n; j++) out[j] += p.gradient[j];
    }
    return f;
  }
  try {
    return await minimizeAsync(
      {
        dimension: n,
        valueAndGradient: (x, out) => pooled(x, out),
        value: (x) => pooled(x, new Float64Array(n)),
      },
      new Float64Array(n),
      { method: 'lbfgs', gradientTolerance: 1e-8 },
    );
  } finally {
    await pool.destroy();
  }
}

export async function main(): Promise<string> {
  const r = await solve();
  return [
    `status: ${r.status} after ${r.iterations} iterations, ${r.evaluations.gradient} pooled evaluations`,
    `x[0..4] = [${Array.from(r.x.subarray(0, 5), (v) => v.toFixed(3)).join(', ')}] (true: 1, 2, 3, 4, 5)`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) console.log(await main());
