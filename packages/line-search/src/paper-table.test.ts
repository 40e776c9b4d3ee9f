import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { paperTables } from './paper-table.js';

describe('docs/line-search.md', () => {
  it('holds the current paper tables (regenerate with scripts/table.ts --write)', () => {
    const doc = readFileSync(new URL('../../../docs/line-search.md', import.meta.url), 'utf8');
    expect(doc).toContain(paperTables());
  });
});
