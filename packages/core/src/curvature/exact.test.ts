import { describe, expect, it } from 'vitest';
import { execute } from '../execute.js';
import { DenseMatrix } from '../matrix.js';
import { defineProblem, type ProblemSpec } from '../problem.js';
import type { Program } from '../protocol.js';
import type { EvaluationCounts } from '../result.js';
import { exactCurvature } from './exact.js';
import type { CurvatureProvider } from './provider.js';

type V = Float64Array;

/** f = x² + 3xy + y² + x³/3: H = [[2 + 2x, 3], [3, 2]]. */
const hessian = (x: V): number[][] => [
  [2 + 2 * x[0], 3],
  [3, 2],
];
const hvp = (x: V, v: V): number[] => [(2 + 2 * x[0]) * v[0] + 3 * v[1], 3 * v[0] + 2 * v[1]];
const base: ProblemSpec = {
  dimension: 2,
  value: (x) => x[0] ** 2 + 3 * x[0] * x[1] + x[1] ** 2 + x[0] ** 3 / 3,
  gradient: (x) => [2 * x[0] + 3 * x[1] + x[0] ** 2, 3 * x[0] + 2 * x[1]],
};

function providerFor(spec: ProblemSpec): {
  p: ReturnType<typeof defineProblem>;
  c: CurvatureProvider;
} {
  const p = defineProblem(spec);
  return { p, c: exactCurvature().create({ dimension: 2, capabilities: p.capabilities }) };
}

/** Runs programs one after another against `p`, summing their evaluations. */
function counter(p: ReturnType<typeof defineProblem>) {
  const total: EvaluationCounts = { value: 0, gradient: 0, hessian: 0, hvp: 0 };
  return {
    total,
    run(program: Program<number>): number {
      const r = execute(p, program);
      for (const k of ['value', 'gradient', 'hessian', 'hvp'] as const)
        total[k] += r.evaluations[k];
      return r.value;
    },
  };
}

const x1 = Float64Array.of(0.5, -1);
const x2 = Float64Array.of(2, 1);
const v = Float64Array.of(1, -2);

describe('exactCurvature', () => {
  it('is exact and dense', () => {
    const s = exactCurvature();
    expect(s.kind).toBe('exact');
    expect(s.dense).toBe(true);
  });

  it('forwards hessian to the problem', () => {
    const { p, c } = providerFor({ ...base, hessian });
    const H = new DenseMatrix(2, 2);
    const r = execute(p, c.hessian!(x1, H));
    expect(r.value).toBe(0);
    expect(r.evaluations).toEqual({ value: 0, gradient: 0, hessian: 1, hvp: 0 });
    expect(H.toArray()).toEqual([
      [3, 3],
      [3, 2],
    ]);
  });

  it('forwards hvp to the problem when it has one', () => {
    const { p, c } = providerFor({ ...base, hessian, hessianVectorProduct: hvp });
    const out = new Float64Array(2);
    const r = execute(p, c.hvp(x1, v, out));
    expect(r.evaluations).toEqual({ value: 0, gradient: 0, hessian: 0, hvp: 1 });
    expect(Array.from(out)).toEqual([-3, -1]);
  });

  it('multiplies by the dense Hessian, computed once per point, when there is no HVP', () => {
    const { p, c } = providerFor({ ...base, hessian });
    const k = counter(p);
    const out = new Float64Array(2);
    expect(k.run(c.hvp(x1, v, out))).toBe(0);
    expect(Array.from(out)).toEqual([-3, -1]);
    k.run(c.hvp(x1, Float64Array.of(0, 1), out));
    expect(Array.from(out)).toEqual([3, 2]);
    const H = new DenseMatrix(2, 2);
    k.run(c.hessian!(Float64Array.from(x1), H)); // same point, another array
    expect(k.total.hessian).toBe(1);
    expect(H.get(0, 0)).toBe(3);
    k.run(c.hvp(x2, v, out)); // a new point: a new Hessian
    expect(k.total.hessian).toBe(2);
    expect(Array.from(out)).toEqual([0, -1]);
    expect(k.total.hvp).toBe(0);
  });

  it('does not mistake a mutated point for the cached one', () => {
    const { p, c } = providerFor({ ...base, hessian });
    const k = counter(p);
    const x = Float64Array.from(x1);
    const out = new Float64Array(2);
    k.run(c.hvp(x, v, out));
    x[0] = 2;
    k.run(c.hvp(x, v, out));
    expect(k.total.hessian).toBe(2);
    expect(Array.from(out)).toEqual([0, -1]);
  });

  it('assembles a symmetric Hessian from n products when the problem has only an HVP', () => {
    const { p, c } = providerFor({ ...base, hessianVectorProduct: hvp });
    expect(c.hessian).toBeDefined();
    const k = counter(p);
    const H = new DenseMatrix(2, 2);
    expect(k.run(c.hessian!(x2, H))).toBe(0);
    expect(H.toArray()).toEqual([
      [6, 3],
      [3, 2],
    ]);
    expect(k.total).toEqual({ value: 0, gradient: 0, hessian: 0, hvp: 2 });
    k.run(c.hessian!(x2, H));
    expect(k.total.hvp).toBe(2);
    // a slightly asymmetric HVP gives the symmetric part
    const { p: q, c: d } = providerFor({
      value: base.value,
      hessianVectorProduct: (_x, w) => [w[0] + 2 * w[1], 2.5 * w[0] + w[1]],
    });
    execute(q, d.hessian!(x1, H));
    expect(H.toArray()).toEqual([
      [1, 2.25],
      [2.25, 1],
    ]);
  });

  it('answers NaN for a non-finite Hessian, and does not cache it', () => {
    let calls = 0;
    const { p, c } = providerFor({
      ...base,
      hessian: (x) =>
        ++calls === 1
          ? [
              [Number.NaN, 0],
              [0, 1],
            ]
          : hessian(x),
    });
    const out = new Float64Array(2);
    expect(execute(p, c.hvp(x1, v, out)).value).toBeNaN();
    expect(execute(p, c.hvp(x1, v, out)).value).toBe(0);
    expect(Array.from(out)).toEqual([-3, -1]);
    expect(calls).toBe(2);
    // a non-finite product while assembling
    const { p: q, c: d } = providerFor({
      value: base.value,
      hessianVectorProduct: () => [Number.POSITIVE_INFINITY, 0],
    });
    expect(execute(q, d.hessian!(x1, new DenseMatrix(2, 2))).value).toBeNaN();
  });

  it('rejects a problem with neither Hessian nor HVP', () => {
    expect(() => providerFor(base)).toThrow(
      new TypeError(
        'exactCurvature: the problem gives neither hessian nor hessianVectorProduct; use finiteDifferenceCurvature()',
      ),
    );
  });
});
