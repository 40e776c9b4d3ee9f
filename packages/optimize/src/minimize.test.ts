import { getProblem } from '@hessian/problems';
import { Matrix } from 'ml-matrix';
import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { chooseMethod, createOptimizer, METHOD_NAMES, minimize, minimizeAsync } from './index.js';

const rosen = getProblem('rosenbrock');

describe('minimize', () => {
  it.each(METHOD_NAMES.filter((m) => m !== 'trust-region-cauchy'))(
    '%s solves Rosenbrock from (-1.2, 1) to x* = (1, 1)',
    (method) => {
      const r = minimize(rosen, rosen.x0, { method, gradientTolerance: 1e-8, maxIterations: 5000 });
      expect(r.status).toBe('converged-gradient');
      expect(r.methodChoice).toEqual({
        method,
        automatic: false,
        reason: 'given by options.method',
      });
      expect(r.method).toBe(method);
      expect(Math.abs(r.x[0] - 1)).toBeLessThan(1e-6);
      expect(Math.abs(r.x[1] - 1)).toBeLessThan(1e-6);
      expect(r.value).toBeLessThan(1e-12);
    },
  );

  it('trust-region-cauchy decreases f on Rosenbrock (it is a baseline, not expected to converge fast)', () => {
    const r = minimize(rosen, rosen.x0, { method: 'trust-region-cauchy', maxIterations: 200 });
    expect(r.value).toBeLessThan(rosen.value(rosen.x0));
  });

  it('chooses the method from what the problem provides, and says so', () => {
    const full = minimize(rosen, [-1.2, 1]);
    expect(full.methodChoice.method).toBe('trust-exact');
    expect(full.methodChoice.automatic).toBe(true);
    expect(full.status).toBe('converged-gradient');
    const hvpOnly = minimize(
      {
        value: rosen.value,
        gradient: rosen.gradient,
        hessianVectorProduct: rosen.hessianVectorProduct,
      },
      [-1.2, 1],
    );
    expect(hvpOnly.methodChoice.method).toBe('trust-ncg');
    const gradOnly = minimize({ value: rosen.value, gradient: rosen.gradient }, [-1.2, 1]);
    expect(gradOnly.methodChoice.method).toBe('lbfgs');
    expect(gradOnly.status).toBe('converged-gradient');
    const valueOnly = minimize({ value: rosen.value }, [-1.2, 1], { gradientTolerance: 1e-5 });
    expect(valueOnly.methodChoice).toEqual({
      method: 'lbfgs',
      automatic: true,
      reason: 'the problem gives values only: L-BFGS on finite-difference gradients',
    });
    expect(valueOnly.status).toBe('converged-gradient');
    expect(Math.abs(valueOnly.x[0] - 1)).toBeLessThan(1e-4);
    expect(valueOnly.evaluations.gradient).toBe(0);
  });

  it('the automatic rule follows the decision table', () => {
    const c = (gradient: boolean, hessian: boolean, hvp: boolean, n: number) =>
      chooseMethod({ gradient, hessian, hvp }, n).method;
    expect(c(true, true, false, 1000)).toBe('trust-exact');
    expect(c(true, true, false, 1001)).toBe('trust-ncg');
    expect(c(true, false, true, 10)).toBe('trust-ncg');
    expect(c(true, false, false, 10)).toBe('lbfgs');
    expect(c(false, false, false, 10)).toBe('lbfgs');
  });

  it('accepts x0 as number[], Float64Array, ndarray and ml-matrix vectors, never mutating it', () => {
    const forms: unknown[] = [
      [-1.2, 1],
      new Float64Array([-1.2, 1]),
      ndarray(new Float64Array([-1.2, 1]), [2]),
      Matrix.columnVector([-1.2, 1]),
      Matrix.rowVector([-1.2, 1]),
    ];
    const xs = forms.map((x0) => Array.from(minimize(rosen, x0, { method: 'bfgs' }).x));
    for (const x of xs) expect(x).toEqual(xs[0]);
    expect(forms[0]).toEqual([-1.2, 1]);
    expect(Array.from(forms[1] as Float64Array)).toEqual([-1.2, 1]);
  });

  it('passes method options through and validates them', () => {
    const r = minimize(rosen, rosen.x0, { method: 'lbfgs', memory: 3 });
    expect(r.status).toBe('converged-gradient');
    expect(() => minimize(rosen, rosen.x0, { method: 'lbfgs', memory: 0 })).toThrow(
      'lbfgs: memory must be an integer >= 1, got 0',
    );
    expect(() =>
      minimize(rosen, rosen.x0, { method: 'nelder-mead' } as unknown as { method: 'bfgs' }),
    ).toThrow(
      new RangeError(
        `minimize: method must be one of ${METHOD_NAMES.map((m) => `'${m}'`).join(', ')}, got "nelder-mead"`,
      ),
    );
    expect(() => minimize(rosen, [1, 2, 3])).toThrow(
      'x0 must have length 2 (problem.dimension), got length 3',
    );
  });
});

describe('minimizeAsync and createOptimizer', () => {
  it('give the same iterates as minimize', async () => {
    const sync = minimize(rosen, rosen.x0, { method: 'trust-exact' });
    const asyncResult = await minimizeAsync(
      {
        value: async (x) => rosen.value(x),
        gradient: async (x, out) => rosen.gradient(x, out),
        hessian: async (x, out) => rosen.hessian(x, out),
      },
      rosen.x0,
      { method: 'trust-exact' },
    );
    expect(Array.from(asyncResult.x)).toEqual(Array.from(sync.x));
    expect(asyncResult.evaluations).toEqual(sync.evaluations);

    const opt = createOptimizer(rosen.x0, {
      method: 'trust-exact',
      capabilities: { hessian: true },
    });
    for (let q = opt.ask(); q; q = opt.ask()) {
      if (q.op === 'value') opt.tell(rosen.value(q.x));
      else if (q.op === 'gradient') opt.tell(rosen.valueAndGradient(q.x, q.out));
      else if (q.op === 'hessian') {
        rosen.hessian(q.x, q.out);
        opt.tell(0);
      } else {
        rosen.hessianVectorProduct(q.x, q.v, q.out);
        opt.tell(0);
      }
    }
    const told = opt.result();
    expect(opt.methodChoice.method).toBe('trust-exact');
    expect(Array.from(told.x)).toEqual(Array.from(sync.x));
    expect(told.iterations).toBe(sync.iterations);
  });
});
