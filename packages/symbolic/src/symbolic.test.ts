import { DenseMatrix } from '@hessian/core';
import { describe, expect, it } from 'vitest';
import { problemFromExpression, symbolicGradient, symbolicHessian } from './index.js';

describe('symbolicHessian and symbolicGradient', () => {
  it("gives the seed's Hessian of x² + 3xy + y²: [[2, 3], [3, 2]]", () => {
    const H = symbolicHessian('x^2 + 3*x*y + y^2', ['x', 'y']);
    expect(H.map((r) => r.map((e) => e.text))).toEqual([
      ['2', '3'],
      ['3', '2'],
    ]);
    expect(H[0][1].latex).toBe('3');
  });

  it('gives the gradient as text, LaTeX and trees', () => {
    const g = symbolicGradient('x^2 + 3*x*y + y^2', ['x', 'y']);
    expect(g.map((e) => e.text)).toEqual(['2 * x + 3 * y', '3 * x + 2 * y']);
    expect(g[0].latex).toBe('2\\cdot x+3\\cdot y');
    expect(g[1].node.evaluate({ x: 1, y: 10 })).toBe(23);
  });

  it('the Hessian of x² − y² is diag(2, −2)', () => {
    const H = symbolicHessian('x^2 - y^2', ['x', 'y']);
    expect(H.map((r) => r.map((e) => Number(e.node.evaluate({}))))).toEqual([
      [2, 0],
      [0, -2],
    ]);
  });
});

describe('problemFromExpression', () => {
  it('compiles exact derivatives that match central differences at seeded points', () => {
    const p = problemFromExpression('exp(x*y) + sin(x) * cos(y^2) + log(1 + x^2) + tanh(y)', [
      'x',
      'y',
    ]);
    let s = 7;
    const rand = () => {
      s = (s * 16807) % 2147483647;
      return (s / 2147483647) * 2 - 1;
    };
    const g = new Float64Array(2);
    const gp = new Float64Array(2);
    const gm = new Float64Array(2);
    const H = new DenseMatrix(2, 2);
    for (let k = 0; k < 20; k++) {
      const x = new Float64Array([rand(), rand()]);
      p.gradient(x, g);
      p.hessian(x, H);
      for (let i = 0; i < 2; i++) {
        const h = 1e-5;
        const xp = x.slice();
        const xm = x.slice();
        xp[i] += h;
        xm[i] -= h;
        expect(g[i]).toBeCloseTo((p.value(xp) - p.value(xm)) / (2 * h), 7);
        p.gradient(xp, gp);
        p.gradient(xm, gm);
        for (let j = 0; j < 2; j++) expect(H.get(j, i)).toBeCloseTo((gp[j] - gm[j]) / (2 * h), 6);
      }
      const v = new Float64Array([rand(), rand()]);
      const hv = new Float64Array(2);
      p.hessianVectorProduct(x, v, hv);
      expect(hv[0]).toBeCloseTo(H.get(0, 0) * v[0] + H.get(0, 1) * v[1], 12);
      expect(hv[1]).toBeCloseTo(H.get(1, 0) * v[0] + H.get(1, 1) * v[1], 12);
      const out = new Float64Array(2);
      expect(p.valueAndGradient(x, out)).toBe(p.value(x));
      expect(Array.from(out)).toEqual(Array.from(g));
    }
  });

  it('reports a parse error with its position', () => {
    expect(() => problemFromExpression('x + * 2', ['x'])).toThrow(
      expect.objectContaining({ name: 'ExpressionError', position: 4 }),
    );
  });

  it('rejects unknown and reserved names', () => {
    expect(() => problemFromExpression('x + z', ['x', 'y'])).toThrow(
      "unknown variable 'z': declared variables are x, y",
    );
    expect(() => problemFromExpression('x', [])).toThrow(
      new TypeError('variables must be a non-empty array of names'),
    );
    expect(() => problemFromExpression('x', ['x', 'x'])).toThrow("variables: 'x' appears twice");
    expect(() => problemFromExpression('sin', ['sin'])).toThrow(
      "variables: 'sin' is a reserved function or constant name",
    );
    expect(() => problemFromExpression('x', ['1x'])).toThrow('variables must be identifiers');
  });

  it.each([
    ['a.b', 'AccessorNode is not allowed'],
    ['x.constructor', 'AccessorNode is not allowed'],
    ['f(x) = 2', 'FunctionAssignmentNode is not allowed'],
    ['x = 3', 'AssignmentNode is not allowed'],
    ['import("fs")', "function 'import' is not allowed"],
    ['evaluate("1 + 1")', "function 'evaluate' is not allowed"],
    ['constructor', "unknown variable 'constructor'"],
    ['__proto__', "unknown variable '__proto__'"],
    ['toString(x)', "function 'toString' is not allowed"],
    ['[1, 2]', 'ArrayNode is not allowed'],
    ['{a: 1}', 'ObjectNode is not allowed'],
    ['x ? 1 : 2', 'ConditionalNode is not allowed'],
    ['x; y', 'BlockNode is not allowed'],
    ['"abc"', 'only finite numbers are allowed as constants'],
    ['x[1]', 'AccessorNode is not allowed'],
    ['x == 2', "operator 'equal' is not allowed"],
    ['x!', "operator 'factorial' is not allowed"],
    ['1:3', 'RangeNode is not allowed'],
    ['log(x, 2)', 'log takes 1 argument(s), got 2'],
    ['x y', "unknown variable 'y'"],
  ])('rejects the hostile input %s before compiling', (expression, message) => {
    expect(() => problemFromExpression(expression, ['x'])).toThrow(message);
  });

  it('generated source contains only its own identifiers', () => {
    const p = problemFromExpression('x^2 * sqrt(y) + pi', ['x', 'y']);
    for (const src of Object.values(p.source)) {
      const names = src.match(/[A-Za-z_$][\w$]*/g) ?? [];
      for (const name of names)
        expect(['const', 'return', 'Math', 'sqrt', 'x', 'v', 'out', 'd', 'data', 't']).toContain(
          name.replace(/^(v|h)\d+(_\d+)?$/, 'v'),
        );
    }
  });

  it('evaluates to NaN (never throws) where the expression is not real', () => {
    const p = problemFromExpression('sqrt(x) + log(y)', ['x', 'y']);
    expect(p.value(new Float64Array([-1, 1]))).toBeNaN();
  });
});
