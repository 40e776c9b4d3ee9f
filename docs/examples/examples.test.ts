import { readFileSync } from 'node:fs';
import { minimize } from '@hessian/optimize';
import { describe, expect, it } from 'vitest';
import { main as gettingStarted } from './getting-started.js';
import { main as portfolio, portfolioProblem } from './portfolio.js';
import { main as seedExamples } from './seed-examples.js';
import { solve } from './worker-pool.js';

describe('docs/examples', () => {
  it('getting-started prints exactly what the README shows', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const shown = readme.match(/```text\n(status:[\s\S]*?)```/);
    expect(shown, 'the README has a ```text block with the output').not.toBeNull();
    expect(`${gettingStarted()}\n`).toBe(shown![1]);
    const source = readFileSync(new URL('./getting-started.ts', import.meta.url), 'utf8');
    expect(readme).toContain(`\`\`\`ts\n${source}\`\`\``);
  });

  it("the seed's examples: minimum, saddle, and the same Hessian three ways", () => {
    const out = seedExamples();
    expect(out).toContain('x² + y²: converged-gradient at [0, 0] after 1 iteration(s): minimum');
    expect(out).toContain('x² − y²: converged-gradient at [0, 0] after 1 iteration(s): saddle');
    expect(out.match(/\[\[2, 3\], \[3, 2\]\]/g)).toHaveLength(3);
    expect(out).toContain('eigenvalues [-1, 5]: indefinite');
  });

  it('portfolio: one Newton step solves (γΣ + ρ11ᵀ) w = μ + ρ1', () => {
    expect(portfolio()).toContain('converged-gradient after 1 Newton iteration(s)');
    const n = 8;
    const p = portfolioProblem(n);
    const r = minimize(p, new Float64Array(n).fill(1 / n), { method: 'newton' });
    const g = new Float64Array(n);
    p.gradient(r.x, g);
    for (const gi of g) expect(Math.abs(gi)).toBeLessThan(1e-10);
    const budget = r.x.reduce((a, b) => a + b, 0);
    expect(Math.abs(budget - 1)).toBeLessThan(0.01);
  });

  it('worker pool: minimizeAsync over piscina recovers the planted coefficients', async () => {
    const r = await solve({ n: 10, m: 1000, threads: 2 });
    expect(r.status).toBe('converged-gradient');
    for (let j = 0; j < 10; j++) expect(Math.abs(r.x[j] - (j + 1))).toBeLessThan(1e-2);
  });
});
