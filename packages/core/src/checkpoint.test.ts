import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Checkpoint,
  decodeNumber,
  decodeVector,
  encodeNumber,
  encodeVector,
  parseCheckpoint,
} from './checkpoint.js';
import { run, runAsync } from './driver.js';
import {
  decodeVector as exported,
  type Method,
  type MethodExit,
  type Program,
  report,
} from './index.js';
import { axpy } from './vector.js';

/** Gradient descent with a step that halves every iteration: state beyond x, f and ∇f. */
function halvingDescent(step0: number): Method {
  return {
    name: 'halving',
    resumable: true,
    *program(x, context): Program<MethodExit> {
      const g = new Float64Array(x.length);
      let step = step0;
      const checkpoint = () => ({ step: encodeNumber(step) });
      let f: number;
      if (context.resume) {
        f = context.resume.value;
        g.set(context.resume.gradient);
        step = decodeNumber((context.resume.state as { step: unknown }).step, 'step');
      } else f = yield { op: 'gradient', x, out: g };
      if (!Number.isFinite(f)) return { status: 'non-finite' };
      if (yield* report({ op: 'iteration', x, value: f, gradient: g, initial: true, checkpoint }))
        return {};
      for (;;) {
        axpy(-step, g, x);
        step *= 0.9;
        f = yield { op: 'gradient', x, out: g };
        if (!Number.isFinite(f)) return { status: 'non-finite' };
        if (yield* report({ op: 'iteration', x, value: f, gradient: g, checkpoint })) return {};
      }
    },
  };
}

const quad = {
  dimension: 2,
  value: (x: Float64Array) => (x[0] - 1) ** 2 + 2 * (x[1] + 2) ** 2,
  gradient: (x: Float64Array, out: Float64Array) => {
    out[0] = 2 * (x[0] - 1);
    out[1] = 4 * (x[1] + 2);
  },
};

describe('encoding numbers and vectors for JSON', () => {
  it('round-trips every double through JSON exactly, NaN, ±Infinity and −0 included', () => {
    fc.assert(
      fc.property(fc.double(), (v) => {
        const back = decodeNumber(JSON.parse(JSON.stringify(encodeNumber(v))), 'v');
        expect(Object.is(back, v)).toBe(true);
      }),
      { seed: 42, numRuns: 500 },
    );
    const v = Float64Array.of(1, -0, Number.NaN, -Infinity, 1e-310);
    const back = decodeVector(JSON.parse(JSON.stringify(encodeVector(v))), 5, 'v');
    expect(Array.from(back)).toEqual(Array.from(v));
    expect(exported).toBe(decodeVector);
  });

  it('names what is wrong', () => {
    expect(() => decodeNumber(null, 'state.radius')).toThrow(
      "state.radius must be a number (or 'NaN', '±Infinity', '-0'), got null",
    );
    expect(() => decodeVector([1], 2, 'state.x')).toThrow(
      new RangeError('state.x must have length 2, got length 1'),
    );
    expect(() => parseCheckpoint({ format: 'x' })).toThrow(
      "options.resume must have format 'hessian/checkpoint' and version 1, got x version undefined",
    );
  });
});

describe('the driver: checkpoints, honest counts, time and abort', () => {
  it('a run stopped at k and resumed from its JSON checkpoint is the uninterrupted run', () => {
    const full = run(halvingDescent(0.2), quad, [0, 0], { maxIterations: 12, trace: true });
    let saved: Checkpoint | undefined;
    run(halvingDescent(0.2), quad, [0, 0], {
      onIteration: (r) => {
        if (r.iteration === 5) {
          saved = r.checkpoint!();
          return 'stop';
        }
      },
    });
    let step = 0.2;
    for (let k = 0; k < 5; k++) step *= 0.9;
    expect(saved!.state).toEqual({ step });
    const rest = run(halvingDescent(0.2), quad, undefined, {
      maxIterations: 12,
      trace: true,
      resume: JSON.stringify(saved),
    });
    expect(Array.from(rest.x)).toEqual(Array.from(full.x));
    expect(rest.evaluations).toEqual(full.evaluations);
    expect(rest.iterations).toBe(12);
    expect(rest.trace!.map((r) => r.value)).toEqual(full.trace!.slice(5).map((r) => r.value));
  });

  it('refuses to resume a method that is not resumable', () => {
    const { resumable: _r, ...plain } = halvingDescent(0.2);
    let saved: Checkpoint | undefined;
    run(halvingDescent(0.2), quad, [0, 0], {
      onIteration: (r) => {
        saved = r.checkpoint!();
        return 'stop';
      },
    });
    expect(() => run(plain as Method, quad, undefined, { resume: saved })).toThrow(
      new TypeError("options.resume: the method 'halving' cannot resume from a checkpoint"),
    );
  });

  it('counts a call that threw; NaN (not zeros) when x0 itself could not be evaluated', () => {
    const r = run(
      halvingDescent(0.2),
      {
        ...quad,
        gradient: () => {
          throw new Error('x');
        },
      },
      [0, 0],
    );
    expect(r.status).toBe('evaluation-error');
    expect(r.evaluations.gradient).toBe(1);
    expect(r.iterations).toBe(0);
    expect(r.value).toBeNaN();
    expect(Array.from(r.gradient)).toEqual([Number.NaN, Number.NaN]);
    expect(Array.from(r.x)).toEqual([0, 0]);
  });

  it('a sync time limit overshoots by at most one evaluation', () => {
    const slow = {
      ...quad,
      value: (x: Float64Array) => {
        const end = performance.now() + 3;
        while (performance.now() < end);
        return quad.value(x);
      },
    };
    const r = run(halvingDescent(1e-3), slow, [0, 0], { timeLimitMs: 10, gradientTolerance: 0 });
    expect(r.status).toBe('time-limit');
    expect(r.evaluations.gradient).toBeLessThanOrEqual(4);
  });

  it('runAsync does not wait for a promise that never settles: abort and time limit', async () => {
    let calls = 0;
    const hanging = {
      ...quad,
      value: (x: Float64Array) =>
        ++calls === 3 ? new Promise<number>(() => {}) : Promise.resolve(quad.value(x)),
    };
    const c = new AbortController();
    setTimeout(() => c.abort(), 5);
    const a = await runAsync(halvingDescent(0.2), hanging, [0, 0], { signal: c.signal });
    expect(a.status).toBe('aborted');
    expect(a.evaluations.gradient).toBe(3);
    expect(a.iterations).toBe(1);
    calls = 0;
    const t = await runAsync(halvingDescent(0.2), hanging, [0, 0], { timeLimitMs: 5 });
    expect(t.status).toBe('time-limit');
    expect(t.evaluations.gradient).toBe(3);
  });
});
