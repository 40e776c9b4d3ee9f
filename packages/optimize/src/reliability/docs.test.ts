/**
 * docs/reliability.md is generated from the reliability suite's outcomes: this test fails
 * when the page is not what the current code produces. Regenerate it with
 * `pnpm example packages/optimize/src/reliability/write-docs.ts`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { generateReliabilityPage, PAGE } from './report.js';

it('docs/reliability.md is current', async () => {
  const root = fileURLToPath(new URL('../../../../', import.meta.url));
  const onDisk = readFileSync(root + PAGE, 'utf8');
  const fresh = await generateReliabilityPage();
  expect(
    onDisk === fresh,
    `${PAGE} is out of date: run pnpm example packages/optimize/src/reliability/write-docs.ts`,
  ).toBe(true);
}, 60_000);
