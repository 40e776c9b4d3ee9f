/**
 * Regenerates the paper tables in docs/line-search.md (Moré & Thuente 1994, §5).
 * Run: node --conditions=source --import tsx packages/line-search/scripts/table.ts [--write]
 * Without --write it prints the tables.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { paperTables, TABLE_END, TABLE_START } from '../src/paper-table.js';

const tables = paperTables();
if (process.argv.includes('--write')) {
  const path = fileURLToPath(new URL('../../../docs/line-search.md', import.meta.url));
  const doc = readFileSync(path, 'utf8');
  const start = doc.indexOf(TABLE_START);
  const end = doc.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`${path}: table markers not found`);
  writeFileSync(path, doc.slice(0, start) + tables + doc.slice(end + TABLE_END.length));
  console.log(`updated ${path}`);
} else console.log(tables);
