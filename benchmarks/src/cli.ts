/**
 * `pnpm bench <name>`: runs `benchmarks/src/<name>.bench.ts` and prints its table.
 * `pnpm bench` alone lists the benchmarks.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.slice(0, -'.bench.ts'.length))
  .sort();

const name = process.argv[2];
if (!name || name === '--help' || !available.includes(name)) {
  console.log(`usage: pnpm bench <name>\navailable: ${available.join(', ')}`);
  process.exit(name && name !== '--help' ? 1 : 0);
}
const mod = (await import(pathToFileURL(join(here, `${name}.bench.ts`)).href)) as {
  main: (args: string[]) => string | undefined | Promise<string | undefined>;
};
const out = await mod.main(process.argv.slice(3));
if (typeof out === 'string') console.log(out);
