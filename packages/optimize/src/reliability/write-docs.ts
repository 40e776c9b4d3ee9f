/**
 * Writes docs/reliability.md from the reliability suite's outcomes:
 * `pnpm example packages/optimize/src/reliability/write-docs.ts` (from the repository root).
 *
 * @packageDocumentation
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateReliabilityPage, PAGE } from './report.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
writeFileSync(root + PAGE, await generateReliabilityPage());
console.log(`wrote ${PAGE}`);
