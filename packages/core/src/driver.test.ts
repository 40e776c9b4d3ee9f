import { describe, expect, it } from 'vitest';
import { run, runAsync, start } from './driver.js';
import { type Method, type MethodExit, type Program, report } from './protocol.js';
import { axpy } from './vector.js';

/** Fixed-step gradient descent: the smallest method, for driver tests. */
function gradientDescent(step: number): Method {
  return {
    name: 'gd',
    *program(x): Program<MethodExit> {
      const g = new Float64Array(x.length);
      let f = yield { op: 'gradient', x, out: g };
      if (!Number.isFinite(f)) return { status: 'non-finite' };
      if (yield* report({ op: 'iteration', x, value: f, gradient: g, initial: true })) return {};
      for (;;) {
        axpy(-step, g, x);
        f = yield { op: 'gradient', x, out: g };
        if (!Number.isFinite(f)) return { status: 'non-finite' };
        if (yield* report({ op: 'iteration', x, value: f, gradient: g, stepLength: step }))
          return { extra: { done: true } };
      }
    },
  };
}

// f = (x0 - 1)^2 + 2 (x1 + 2)^2, minimizer (1, -2)
const quad = {
  dimension: 2,
  value: (x: Float64Array) => (x[0] - 1) ** 2 + 2 * (x[1] + 2) ** 2,
  gradient: (x: Float64Array, out: Float64Array) => {
    out[0] = 2 * (x[0] - 1);
    out[1] = 4 * (x[1] + 2);
  },
};

describe('run', () => {
  it('converges on the gradient test to the known minimizer', () => {
    const r = run(gradientDescent(0.2), quad, [0, 0], { gradientTolerance: 1e-8 });
    expect(r.status).toBe('converged-gradient');
    expect(r.success).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 8);
    expect(r.x[1]).toBeCloseTo(-2, 8);
    expect(r.gradientNorm).toBeLessThanOrEqual(1e-8);
    expect(r.evaluations.gradient).toBe(r.iterations + 1);
    expect(r.extra).toEqual({ done: true });
  });

  it('does not mutate x0 and the async and ask/tell forms give the same iterates', async () => {
    const x0 = [0, 0];
    const a = run(gradientDescent(0.2), quad, x0, { maxIterations: 7, trace: true });
    expect(x0).toEqual([0, 0]);
    const b = await runAsync(
      gradientDescent(0.2),
      { ...quad, value: async (x: Float64Array) => quad.value(x) },
      x0,
      { maxIterations: 7 },
    );
    const opt = start(gradientDescent(0.2), x0, { maxIterations: 7 });
    for (let q = opt.ask(); q; q = opt.ask()) {
      if (q.op === 'gradient') {
        quad.gradient(q.x, q.out);
        opt.tell(quad.value(q.x));
      } else opt.tell(quad.value(q.x));
    }
    const c = opt.result();
    expect(a.status).toBe('max-iterations');
    expect(Array.from(b.x)).toEqual(Array.from(a.x));
    expect(Array.from(c.x)).toEqual(Array.from(a.x));
    expect(a.trace!.length).toBe(8);
    expect(a.trace![0].iteration).toBe(0);
  });

  it('ends with evaluation-error and the best point when the gradient throws', () => {
    let calls = 0;
    const r = run(
      gradientDescent(0.2),
      {
        ...quad,
        gradient: (x: Float64Array, out: Float64Array) => {
          if (++calls === 4) throw new Error('boom');
          quad.gradient(x, out);
        },
      },
      [0, 0],
    );
    expect(r.status).toBe('evaluation-error');
    expect((r.cause as Error).message).toBe('boom');
    expect(r.iterations).toBe(2);
    expect(r.value).toBe(quad.value(r.x));
  });

  it('ends with non-finite when f turns NaN', () => {
    let calls = 0;
    const r = run(
      gradientDescent(0.2),
      { ...quad, value: (x: Float64Array) => (++calls === 3 ? Number.NaN : quad.value(x)) },
      [0, 0],
    );
    expect(r.status).toBe('non-finite');
    expect(Number.isFinite(r.value)).toBe(true);
    expect(r.iterations).toBe(1);
  });

  it('at n ≥ 256 (gradient checks as WebAssembly SIMD) a NaN or ∞ in one gradient component ends the run with the best point', () => {
    const n = 301;
    // f = Σ (xᵢ − 1)², with component i of the gradient spoilt at the 3rd evaluation
    for (const [i, bad] of [
      [300, Number.NaN],
      [0, Infinity],
      [150, -Infinity],
    ] as const) {
      let calls = 0;
      const problem = {
        dimension: n,
        value: (x: Float64Array) => x.reduce((s, v) => s + (v - 1) ** 2, 0),
        gradient: (x: Float64Array, out: Float64Array) => {
          for (let k = 0; k < n; k++) out[k] = 2 * (x[k] - 1);
          if (++calls === 3) out[i] = bad;
        },
      };
      const traced: number[] = [];
      const r = run(gradientDescent(0.25), problem, new Float64Array(n), {
        onIteration: (it) => {
          traced.push(it.gradientNorm);
        },
      });
      expect(r.status).toBe('non-finite');
      expect(r.iterations).toBe(1);
      // ‖∇f‖∞ as reported: 2 at x0 = 0, then 1 at x = 0.5 (each step halves x − 1)
      expect(traced).toEqual([2, 1]);
      expect(r.gradientNorm).toBe(1);
      expect(r.x.every((v) => v === 0.5)).toBe(true);
      expect(r.gradient!.every((v) => v === -1)).toBe(true);
    }
  });

  it('uses finite-difference gradients when the problem has only value', () => {
    const r = run(gradientDescent(0.2), { value: quad.value }, [0, 0], { gradientTolerance: 1e-6 });
    expect(r.status).toBe('converged-gradient');
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.evaluations.gradient).toBe(0);
    expect(r.evaluations.value).toBeGreaterThan(0);
  });

  it('rejects bad input with errors naming the argument', () => {
    expect(() => run(gradientDescent(0.2), quad, [0, 0, 0])).toThrow(
      new RangeError('x0 must have length 2 (problem.dimension), got length 3'),
    );
    expect(() => run(gradientDescent(0.2), quad, [0, Number.NaN])).toThrow(
      'x0 must hold finite numbers, got NaN or Infinity',
    );
    expect(() => run(gradientDescent(0.2), quad, [0, 0], { maxIterations: -1 })).toThrow(
      new RangeError('options.maxIterations must be an integer >= 0 or Infinity, got -1'),
    );
    expect(() => run(gradientDescent(0.2), quad, 'abc')).toThrow(TypeError);
  });

  it('a gradient of the wrong length ends the run with a RangeError as cause', () => {
    const r = run(gradientDescent(0.2), { value: quad.value, gradient: () => [1, 2, 3] }, [0, 0]);
    expect(r.status).toBe('evaluation-error');
    expect(r.cause).toBeInstanceOf(RangeError);
    expect((r.cause as Error).message).toBe('problem.gradient must have length 2, got length 3');
  });

  it('a rejected trial (info.accepted false) does not trigger the value-change test', () => {
    const rejecting: Method = {
      name: 'rejecting',
      *program(x): Program<MethodExit> {
        const g = new Float64Array(x.length);
        const f = yield { op: 'gradient', x, out: g };
        yield* report({ op: 'iteration', x, value: f, gradient: g, initial: true });
        for (let k = 0; k < 3; k++)
          if (
            yield* report({ op: 'iteration', x, value: f, gradient: g, info: { accepted: false } })
          )
            return {};
        return { status: 'no-progress' };
      },
    };
    const r = run(rejecting, quad, [0, 0], { valueTolerance: 1e-12 });
    expect(r.status).toBe('no-progress');
    expect(r.iterations).toBe(3);
  });
});
