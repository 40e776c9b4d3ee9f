import { DenseMatrix } from '@hessian/core';
import { getProblem, mulberry32 } from '@hessian/problems';
import { describe, expect, it } from 'vitest';
import { problemFromExpression } from './index.js';

const CASES = [
  { name: 'rosenbrock', expression: '100*(y - x^2)^2 + (1 - x)^2' },
  { name: 'himmelblau', expression: '(x^2 + y - 11)^2 + (x + y^2 - 7)^2' },
  { name: 'beale', expression: '(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2' },
];

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(1, Math.abs(b));
}

describe.each(CASES)('$name from an expression', ({ name, expression }) => {
  it('matches the library’s hand-written value, gradient, Hessian and HVP at seeded points', () => {
    const hand = getProblem(name);
    const sym = problemFromExpression(expression, ['x', 'y']);
    const rand = mulberry32(20261125);
    const [g1, g2, hv1, hv2] = [0, 0, 0, 0].map(() => new Float64Array(2));
    const [H1, H2] = [new DenseMatrix(2, 2), new DenseMatrix(2, 2)];
    for (let k = 0; k < 50; k++) {
      const x = new Float64Array([4 * rand() - 2, 4 * rand() - 2]);
      const v = new Float64Array([rand() - 0.5, rand() - 0.5]);
      expect(relErr(sym.value(x), hand.value(x))).toBeLessThan(1e-13);
      sym.gradient(x, g1);
      hand.gradient(x, g2);
      sym.hessian(x, H1);
      hand.hessian(x, H2);
      sym.hessianVectorProduct(x, v, hv1);
      hand.hessianVectorProduct(x, v, hv2);
      for (let i = 0; i < 2; i++) {
        expect(relErr(g1[i], g2[i])).toBeLessThan(1e-12);
        expect(relErr(hv1[i], hv2[i])).toBeLessThan(1e-12);
      }
      for (let i = 0; i < 4; i++) expect(relErr(H1.data[i], H2.data[i])).toBeLessThan(1e-12);
    }
  });
});
