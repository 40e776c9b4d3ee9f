import { DenseMatrix } from '@hessian/core';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from './random.js';
import { classicProblemNames, getProblem, scalableProblemNames } from './registry.js';
import type { ProblemOptions, TestProblem } from './types.js';

/**
 * The one local derivative check (until core's checkDerivatives is used here): central
 * differences of f against the gradient, of the gradient against the Hessian, and the
 * HVP against H·v. Each error is relative to the size of what is compared plus the
 * rounding noise of the difference quotient (ε|f|/h for the gradient, ε‖g‖/h for the
 * Hessian), and to h‖H‖ for the gradient (where ∇f = 0 the quotient is O(h²)), so
 * that it means the same at every scale.
 */
function derivativeErrors(
  p: TestProblem,
  x: Float64Array,
  v: Float64Array,
): { gradient: number; hessian: number; hvp: number; valueAndGradient: number; symmetry: number } {
  const n = p.dimension;
  const g = new Float64Array(n);
  const f = p.valueAndGradient(x, g);
  const g2 = new Float64Array(n);
  p.gradient(x, g2);
  const H = DenseMatrix.zeros(n);
  p.hessian(x, H);
  const hv = new Float64Array(n);
  p.hessianVectorProduct(x, v, hv);

  const xp = x.slice();
  const gp = new Float64Array(n);
  const gm = new Float64Array(n);
  let gErr = 0;
  let hErr = 0;
  let gMax = 0;
  let hMax = 0;
  for (let i = 0; i < n; i++) {
    gMax = Math.max(gMax, Math.abs(g[i]));
    for (let j = 0; j < n; j++) hMax = Math.max(hMax, Math.abs(H.data[i * n + j]));
  }
  for (let i = 0; i < n; i++) {
    const h = Math.cbrt(Number.EPSILON) * Math.max(1, Math.abs(x[i]));
    xp[i] = x[i] + h;
    const fp = p.valueAndGradient(xp, gp);
    xp[i] = x[i] - h;
    const fm = p.valueAndGradient(xp, gm);
    const step = x[i] + h - (x[i] - h);
    xp[i] = x[i];
    gErr = Math.max(gErr, Math.abs((fp - fm) / step - g[i]));
    for (let j = 0; j < n; j++)
      hErr = Math.max(hErr, Math.abs((gp[j] - gm[j]) / step - H.data[j * n + i]));
  }
  let vErr = 0;
  let symmetry = 0;
  let vMax = 0;
  for (let i = 0; i < n; i++) {
    vMax = Math.max(vMax, Math.abs(v[i]));
    let s = 0;
    for (let j = 0; j < n; j++) {
      s += H.data[i * n + j] * v[j];
      symmetry = Math.max(symmetry, Math.abs(H.data[i * n + j] - H.data[j * n + i]));
    }
    vErr = Math.max(vErr, Math.abs(s - hv[i]));
  }
  let vgErr = Math.abs(f - p.value(x)) / Math.max(Math.abs(f), Number.MIN_VALUE);
  for (let i = 0; i < n; i++) vgErr = Math.max(vgErr, g[i] === g2[i] ? 0 : 1);
  return {
    gradient:
      gErr / (gMax + Math.cbrt(Number.EPSILON) * hMax + 1e-4 * Math.abs(f) + Number.MIN_VALUE),
    hessian: hErr / (hMax + 1e-4 * gMax + Number.MIN_VALUE),
    hvp: vErr / (n * (hMax * vMax + Number.MIN_VALUE)),
    valueAndGradient: vgErr,
    symmetry: symmetry / (hMax + Number.MIN_VALUE),
  };
}

/** Every problem at small sizes, and the edge sizes of the variable ones. */
const INSTANCES: [string, ProblemOptions][] = [
  ...classicProblemNames.map((name): [string, ProblemOptions] => [name, {}]),
  ['watson', { n: 2 }],
  ['watson', { n: 9 }],
  ['watson', { n: 12 }],
  ['watson', { n: 31 }],
  ['penalty-1', { n: 1 }],
  ['penalty-1', { n: 4 }],
  ['penalty-2', { n: 1 }],
  ['penalty-2', { n: 4 }],
  ['variably-dimensioned', { n: 1 }],
  ['trigonometric', { n: 3 }],
  ['brown-almost-linear', { n: 1 }],
  ['brown-almost-linear', { n: 2 }],
  ['discrete-boundary-value', { n: 1 }],
  ['discrete-boundary-value', { n: 2 }],
  ['broyden-tridiagonal', { n: 1 }],
  ['broyden-tridiagonal', { n: 3 }],
  ['quadratic', { n: 1 }],
  ['quadratic', { n: 7, condition: 1e4, seed: 9 }],
  ['extended-rosenbrock', { n: 2 }],
  ['extended-rosenbrock', { n: 10 }],
  ['chained-rosenbrock', { n: 2 }],
  ['chained-rosenbrock', { n: 9 }],
  ['arwhead', { n: 2 }],
  ['arwhead', { n: 9 }],
  ['bdqrtic', { n: 5 }],
  ['bdqrtic', { n: 12 }],
  ['tridia', { n: 2 }],
  ['tridia', { n: 9 }],
  ['dixmaana', { n: 3 }],
  ['dixmaana', { n: 12 }],
  ['dixmaanb', { n: 12 }],
  ['dixmaanc', { n: 12 }],
  ['dixmaand', { n: 6 }],
  ['dixmaand', { n: 15 }],
  ['powellsg', { n: 4 }],
  ['powellsg', { n: 12 }],
  ['nondquar', { n: 3 }],
  ['nondquar', { n: 10 }],
  ['engval1', { n: 2 }],
  ['engval1', { n: 9 }],
  ['fletchcr', { n: 2 }],
  ['fletchcr', { n: 9 }],
  ['logistic-regression', { m: 1, n: 1 }],
  ['logistic-regression', { m: 40, n: 7, lambda: 0.1, seed: 5 }],
];

const label = ([name, o]: [string, ProblemOptions]) =>
  Object.keys(o).length === 0 ? name : `${name} ${JSON.stringify(o)}`;

/**
 * x0 and seeded random points around x0 and x* (when known); with `withXstar`, x*
 * itself (not for the difference checks: where ∇f = 0 a relative error means nothing;
 * x* has its own test).
 */
function testPoints(p: TestProblem, seed: number, withXstar = false): Float64Array[] {
  const rand = mulberry32(seed);
  const around = (c: Float64Array, r: number) =>
    Float64Array.from(c, (ci) => ci + r * (2 * rand() - 1) * Math.max(1, Math.abs(ci)));
  const points = [p.x0.slice(), around(p.x0, 0.3), around(p.x0, 0.3)];
  if (p.xstar) points.push(around(p.xstar, 0.1));
  if (p.xstar && withXstar) points.push(p.xstar.slice());
  return points;
}

describe.each(INSTANCES.map((c) => ({ c, name: label(c) })))('$name', ({ c: [name, options] }) => {
  const p = getProblem(name, options);
  const n = p.dimension;

  it('has consistent metadata', () => {
    expect(p.name).toBe(name);
    expect(p.x0).toBeInstanceOf(Float64Array);
    expect(p.x0.length).toBe(n);
    expect(p.scalable).toBe(scalableProblemNames.includes(name));
    expect(p.source.length).toBeGreaterThan(10);
    if (p.xstar) expect(p.xstar.length).toBe(n);
    if (options.n !== undefined) expect(n).toBe(options.n);
  });

  it('has derivatives that agree with central differences at x0 and random points', () => {
    const rand = mulberry32(17);
    for (const x of testPoints(p, 3)) {
      const v = Float64Array.from({ length: n }, () => 2 * rand() - 1);
      const e = derivativeErrors(p, x, v);
      const where = `at x = [${Array.from(x).join(', ')}]`;
      expect(e.gradient, `gradient ${where}`).toBeLessThan(1e-6);
      expect(e.hessian, `Hessian ${where}`).toBeLessThan(1e-6);
      expect(e.hvp, `HVP ${where}`).toBeLessThan(1e-13);
      expect(e.valueAndGradient, `valueAndGradient ${where}`).toBeLessThan(1e-14);
      expect(e.symmetry, `symmetry ${where}`).toBe(0);
    }
  });

  it('has a Hessian that is exactly 0 outside its declared structure', () => {
    const s = p.hessianStructure;
    const H = DenseMatrix.zeros(n);
    for (const x of testPoints(p, 11, true)) {
      H.data.fill(Number.NaN); // hessian must write every entry
      p.hessian(x, H);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          const inside =
            s.kind === 'dense' ||
            (s.kind === 'band' && j - i <= s.upper && i - j <= s.lower) ||
            (s.kind === 'pattern' && s.nonzero(i, j));
          const hij = H.data[i * n + j];
          if (inside) expect(Number.isFinite(hij)).toBe(true);
          else expect(hij, `entry (${i}, ${j})`).toBe(0);
        }
    }
  });

  it('has f(x*) = f* and ∇f(x*) = 0 where both are known', () => {
    if (p.xstar === undefined || p.fstar === undefined) return;
    const g = new Float64Array(n);
    const f = p.valueAndGradient(p.xstar, g);
    expect(Math.abs(f - p.fstar)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(p.fstar)));
    for (let i = 0; i < n; i++) expect(Math.abs(g[i])).toBeLessThan(1e-9);
  });

  it('does not modify its arguments and gives the same numbers on every call', () => {
    const x = testPoints(p, 5)[1];
    const xCopy = x.slice();
    const v = Float64Array.from({ length: n }, (_, i) => (i % 3) - 1);
    const vCopy = v.slice();
    const g1 = new Float64Array(n);
    const g2 = new Float64Array(n);
    const hv1 = new Float64Array(n);
    const hv2 = new Float64Array(n);
    const f1 = p.valueAndGradient(x, g1);
    p.hessianVectorProduct(x, v, hv1);
    p.hessian(x0Like(p), DenseMatrix.zeros(n)); // work arrays are reused between calls
    p.value(p.x0);
    const f2 = p.valueAndGradient(x, g2);
    p.hessianVectorProduct(x, v, hv2);
    expect(f2).toBe(f1);
    expect(Array.from(g2)).toEqual(Array.from(g1));
    expect(Array.from(hv2)).toEqual(Array.from(hv1));
    expect(Array.from(x)).toEqual(Array.from(xCopy));
    expect(Array.from(v)).toEqual(Array.from(vCopy));
    // a fresh instance is independent and identical (seeded data included)
    const q = getProblem(name, options);
    expect(q.x0).not.toBe(p.x0);
    expect(q.valueAndGradient(x, g2)).toBe(f1);
  });
});

function x0Like(p: TestProblem): Float64Array {
  return p.x0.map((v) => v + 0.25);
}

describe('values at the standard starting points', () => {
  // f(x0) by hand from the definitions (MGH 1981 and the CUTEst SIF files).
  const table: [string, ProblemOptions, number][] = [
    ['rosenbrock', {}, 24.2],
    ['freudenstein-roth', {}, 400.5],
    ['brown-badly-scaled', {}, 999999 ** 2 + (1 - 2e-6) ** 2 + 1],
    ['beale', {}, 14.203125],
    ['helical-valley', {}, 2500],
    ['powell-singular', {}, 215],
    ['wood', {}, 19192],
    ['watson', { n: 6 }, 30],
    ['variably-dimensioned', { n: 2 }, 0.25 + 1 + 2.5 ** 2 + 2.5 ** 4],
    ['broyden-tridiagonal', { n: 10 }, 21],
    ['himmelblau', {}, 26],
    ['extended-rosenbrock', { n: 10 }, 5 * 24.2],
    ['arwhead', { n: 10 }, 9 * (4 - 4 + 3)],
    ['tridia', { n: 5 }, 14],
    ['powellsg', { n: 8 }, 2 * 215],
    ['engval1', { n: 4 }, 3 * (64 - 8 + 3)],
    ['fletchcr', { n: 4 }, 300],
    ['dixmaana', { n: 9 }, 1 + 9 * 4 + 6 * 0.125 * 64 + 3 * 0.125 * 4],
    ['nondquar', { n: 5 }, 4 + 4 + 3 * 1],
    ['chained-rosenbrock', { n: 2 }, 1 + 100 * (2 / 3 - 1 / 9) ** 2 + (2 / 3 - 1) ** 2],
    ['bdqrtic', { n: 5 }, 1 + 15 ** 2],
  ];
  it.each(table)('%s %o', (name, options, f0) => {
    const p = getProblem(name, options);
    expect(p.value(p.x0)).toBeCloseTo(f0, 9);
  });

  it('f(x0) of the logistic regression is log 2 (w = 0)', () => {
    const p = getProblem('logistic-regression');
    expect(p.value(p.x0)).toBeCloseTo(Math.LN2, 14);
  });
});

describe('scalable problems at large n', () => {
  // n = 30 000: an n×n array would need 7.2 GB, so this fails unless the gradient and
  // the HVP are O(n) in storage. (Timings are for benchmarks/, not here.)
  const n = 30_000;
  it.each(scalableProblemNames.filter((name) => name !== 'logistic-regression'))('%s', (name) => {
    const p = getProblem(name, { n });
    expect(p.dimension).toBe(n);
    const g = new Float64Array(n);
    const f = p.valueAndGradient(p.x0, g);
    expect(Number.isFinite(f)).toBe(true);
    const hv = new Float64Array(n);
    p.hessianVectorProduct(p.x0, g, hv);
    // the HVP is symmetric: gᵀ(Hw) = wᵀ(Hg)
    const w = Float64Array.from({ length: n }, (_, i) => Math.sin(i));
    const hw = new Float64Array(n);
    p.hessianVectorProduct(p.x0, w, hw);
    let a = 0;
    let b = 0;
    for (let i = 0; i < n; i++) {
      a += g[i] * hw[i];
      b += w[i] * hv[i];
    }
    expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-10 * Math.max(Math.abs(a), 1));
  });

  it('logistic-regression with m = 1000 samples and n = 200 features', () => {
    const p = getProblem('logistic-regression', { m: 1000, n: 200, seed: 3 });
    const g = new Float64Array(200);
    expect(p.valueAndGradient(p.x0, g)).toBeCloseTo(Math.LN2, 12);
    const hv = new Float64Array(200);
    p.hessianVectorProduct(p.x0, g, hv);
    let s = 0;
    for (let i = 0; i < 200; i++) s += g[i] * hv[i];
    expect(s).toBeGreaterThan(0); // λ > 0: positive definite
  });
});
