/**
 * `pnpm bench [options]`: runs the benchmark (methods × problems × sizes) and writes
 * the reports; see `pnpm bench --help`.
 * `pnpm bench <name> [args]`: runs `benchmarks/src/<name>.bench.ts` and prints its table.
 *
 * `pnpm bench` compiles first (`tsc -b benchmarks`) and runs this file as
 * `benchmarks/dist/cli.js` under plain `node`, with `@hessian/*` resolved to their
 * compiled `dist/`: no loader in the process. (Run through tsx, its WebAssembly lexers
 * grow their memory on large CommonJS files such as ml-matrix; that detaches an
 * ArrayBuffer, which switches off a V8 typed-array fast path for the whole process and
 * slows every numeric kernel by about 20 %. See docs/benchmarks.md.) Run as
 * `cli.ts` (through tsx) it still works, and imports the `.bench.ts` sources.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** `.js` when running compiled from `benchmarks/dist`, `.ts` from `benchmarks/src`. */
const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
/** The benchmarks are the `*.bench.ts` sources (so a stale compiled file is never offered). */
const sources = existsSync(join(here, '../src')) ? join(here, '../src') : here;
const suffix = `.bench${ext}`;
const available = readdirSync(sources)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.slice(0, -'.bench.ts'.length))
  .filter((name) => existsSync(join(here, `${name}${suffix}`)))
  .sort();

const args = process.argv.slice(2);
const name = args[0];
if (name !== undefined && !name.startsWith('-')) {
  if (!available.includes(name)) {
    console.error(
      `pnpm bench: no benchmark '${name}'; available: ${available.join(', ')} (or options: pnpm bench --help)`,
    );
    process.exit(1);
  }
  const mod = (await import(pathToFileURL(join(here, `${name}${suffix}`)).href)) as {
    main: (args: string[]) => string | undefined | Promise<string | undefined>;
  };
  const out = await mod.main(args.slice(1));
  if (typeof out === 'string') console.log(out);
} else {
  const { main } = await import('./runner/cli.js');
  process.exitCode = await main(args, undefined, available);
}
