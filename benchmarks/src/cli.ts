/**
 * `pnpm bench [options]`: runs the benchmark (methods × problems × sizes) and writes
 * the reports; see `pnpm bench --help`.
 * `pnpm bench <name> [args]`: runs `benchmarks/src/<name>.bench.ts` and prints its table.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.slice(0, -'.bench.ts'.length))
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
  const mod = (await import(pathToFileURL(join(here, `${name}.bench.ts`)).href)) as {
    main: (args: string[]) => string | undefined | Promise<string | undefined>;
  };
  const out = await mod.main(args.slice(1));
  if (typeof out === 'string') console.log(out);
} else {
  const { main } = await import('./runner/cli.js');
  process.exitCode = await main(args, undefined, available);
}
