import { describe, expect, it } from 'vitest';
import { main } from './demo.js';

/** The table's rows as cells (columns are separated by two or more spaces). */
function rows(text: string): string[][] {
  const lines = text.split('\n');
  const header = lines.findIndex((l) => l.startsWith('function'));
  return lines.slice(header + 1).map((l) => l.split(/ {2,}/));
}

describe('demo', () => {
  const text = main();
  const table = rows(text);
  const byName = (name: string) => table.filter((r) => r[0] === name);

  it('prints one row per critical point: 5 seed examples and Himmelblau’s 9', () => {
    expect(table).toHaveLength(14);
    for (const r of table) expect(r).toHaveLength(8);
  });

  it('classifies the seed examples with their eigenvalues and Hessians', () => {
    const expected: [string, string, string, string, string][] = [
      ['x² + y²', 'minimum', 'positive-definite', '2, 2', '[[2, 0], [0, 2]]'],
      ['x² − y²', 'saddle', 'indefinite', '-2, 2', '[[2, 0], [0, -2]]'],
      ['x² + 3xy + y²', 'saddle', 'indefinite', '-1, 5', '[[2, 3], [3, 2]]'],
      ['−(x² + y²)', 'maximum', 'negative-definite', '-2, -2', '[[-2, 0], [0, -2]]'],
      ['x⁴ + y²', 'degenerate', 'positive-semidefinite', '0, 2', '[[0, 0], [0, 2]]'],
    ];
    for (const [name, kind, definiteness, eigenvalues, H] of expected) {
      const [r] = byName(name);
      expect(r.slice(1, 7)).toEqual(['(0, 0)', kind, definiteness, eigenvalues, H, H]);
    }
  });

  it('classifies Himmelblau’s critical points: 4 minima, 1 maximum, 4 saddles', () => {
    const h = byName('Himmelblau');
    expect(h).toHaveLength(9);
    const count = (k: string) => h.filter((r) => r[2] === k).length;
    expect([count('minimum'), count('maximum'), count('saddle')]).toEqual([4, 1, 4]);
    // (3, 2): H = [[74, 20], [20, 34]], λ = 54 ∓ √800
    const [first] = h;
    expect(first[1]).toBe('(3, 2)');
    expect(first[4]).toBe(
      `${Number((54 - Math.sqrt(800)).toPrecision(6))}, ${Number((54 + Math.sqrt(800)).toPrecision(6))}`,
    );
    expect(first[5]).toBe('[[74, 20], [20, 34]]');
    // the maximum and the eigenvalue signs of every row agree with the kind
    expect(h.find((r) => r[2] === 'maximum')![1]).toBe('(-0.270845, -0.923039)');
    for (const r of h) {
      const [l1, l2] = r[4].split(', ').map(Number);
      const kind = l1 > 0 ? 'minimum' : l2 < 0 ? 'maximum' : 'saddle';
      expect(r[2]).toBe(kind);
      expect(Number(r[7])).toBeLessThan(1e-7); // finite differences agree with the exact Hessian
    }
  });
});
