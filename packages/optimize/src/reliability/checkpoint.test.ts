/**
 * Checkpoint and resume: a run stopped after iteration k, its checkpoint sent through
 * JSON, and resumed, makes the same iterates, evaluations and result as the run that was
 * never interrupted, bit for bit — for every method that supports checkpoints, on exact,
 * finite-difference and value-only problems, and for the trust-region and damped-Newton
 * methods on every quasi-Newton curvature provider.
 */
import {
  type Checkpoint,
  type Method,
  type ProblemSpec,
  type Result,
  type RunOptions,
  run,
  runAsync,
  start,
} from '@hessian/core';
import { moreThuente } from '@hessian/line-search';
import { recordRun } from '@hessian/problems/suite';
import { bfgsCurvature, lbfgsCurvature, sr1Curvature } from '@hessian/quasi-newton';
import { describe, expect, it } from 'vitest';
import { minimize } from '../minimize.js';
import { METHOD_NAMES, METHODS, type MethodName } from '../registry.js';
import { randomQuadratic, rosenbrock, specOf } from './problems.js';

/** A method of the registry, with options. */
function make(name: MethodName, options: Record<string, unknown> = {}): Method {
  return (METHODS[name] as { create(o: unknown): Method }).create(options);
}

/** The methods that support checkpoints (the others are listed in docs/reliability.md). */
export const RESUMABLE = METHOD_NAMES.filter((m) => make(m).resumable === true);

/**
 * A result without the clock and the trace, comparable with toEqual: an operator in
 * `extra` (an object with methods, such as L-BFGS's inverse Hessian) becomes its data and
 * its `toJSON()`.
 */
function comparable(r: Result): unknown {
  const { elapsedMs: _t, trace: _r, ...rest } = r;
  const plain = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v)) return v;
    if (Array.isArray(v)) return v.map(plain);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (typeof x !== 'function') out[k] = plain(x);
    const toJSON = (v as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') out.toJSON = toJSON.call(v);
    return out;
  };
  return { ...rest, extra: plain(rest.extra) };
}

/** Trace rows without the clock. */
function rows(r: Result) {
  return (r.trace ?? []).map(({ elapsedMs: _t, ...row }) => row);
}

const rosen: ProblemSpec = {
  dimension: 2,
  value: (x) => rosenbrock.value(x),
  gradient: (x, out) => rosenbrock.gradient(x, out),
  hessian: (x, out) => rosenbrock.hessian(x, out),
  hessianVectorProduct: (x, v, out) => rosenbrock.hvp(x, v, out),
};
const quartic = randomQuadratic({ n: 5, condition: 1e3, quartic: 0.5, negative: 2, seed: 11 });

/** Problems that exercise every kind of state: exact curvature, cached Hessians, FD, value only. */
const PROBLEMS: { name: string; spec: ProblemSpec; x0: ArrayLike<number> }[] = [
  { name: 'rosenbrock (all derivatives)', spec: rosen, x0: rosenbrock.x0 },
  {
    name: 'rosenbrock (Hessian, no HVP: cached dense products)',
    spec: { ...rosen, hessianVectorProduct: undefined },
    x0: rosenbrock.x0,
  },
  {
    name: 'rosenbrock (gradient only: finite-difference curvature)',
    spec: { dimension: 2, value: rosen.value, gradient: rosen.gradient },
    x0: rosenbrock.x0,
  },
  {
    name: 'rosenbrock (values only: finite-difference gradients)',
    spec: { dimension: 2, value: rosen.value },
    x0: rosenbrock.x0,
  },
  { name: 'indefinite quadratic + quartic, n = 5', spec: specOf(quartic), x0: quartic.x0 },
];

/**
 * Variants whose state differs: every damped-Newton modification, every trust-region
 * subproblem, the quasi-Newton safeguards (Powell damping, a short L-BFGS memory that
 * wraps), and every quasi-Newton curvature provider under the methods that take one.
 */
const VARIANTS: { method: MethodName; options: Record<string, unknown>; label: string }[] = [
  ...RESUMABLE.filter((m) => m !== 'damped-newton').map((m) => ({
    method: m,
    options: {},
    label: m,
  })),
  ...(['cholesky-shift', 'modified-cholesky', 'eigen', 'levenberg'] as const).map((mod) => ({
    method: 'damped-newton' as MethodName,
    options: { modification: mod },
    label: `damped-newton (${mod})`,
  })),
  { method: 'bfgs', options: { damping: true }, label: 'bfgs (damping)' },
  { method: 'lbfgs', options: { memory: 3, damping: true }, label: 'lbfgs (memory 3, damping)' },
  {
    method: 'sr1-trust-region',
    options: { sr1: { initialScaling: false } },
    label: 'sr1-trust-region (no initial scaling)',
  },
  {
    method: 'damped-newton',
    options: { curvature: bfgsCurvature() },
    label: 'damped-newton + bfgsCurvature',
  },
  {
    method: 'damped-newton',
    options: { curvature: bfgsCurvature({ damping: true }) },
    label: 'damped-newton + bfgsCurvature (damping)',
  },
  {
    method: 'trust-ncg',
    options: { curvature: lbfgsCurvature({ memory: 3 }) },
    label: 'trust-ncg + lbfgsCurvature (memory 3)',
  },
  {
    method: 'trust-ncg',
    options: { curvature: lbfgsCurvature({ memory: 3, damping: true }) },
    label: 'trust-ncg + lbfgsCurvature (memory 3, damping)',
  },
  {
    method: 'newton',
    options: { curvature: bfgsCurvature(), lineSearch: moreThuente() },
    label: 'newton + bfgsCurvature (line search)',
  },
  {
    method: 'dogleg',
    options: { curvature: bfgsCurvature() },
    label: 'dogleg + bfgsCurvature',
  },
  {
    method: 'trust-krylov',
    options: { curvature: sr1Curvature() },
    label: 'trust-krylov + sr1Curvature',
  },
  {
    method: 'newton-cg',
    options: { preconditioner: 'lbfgs', memory: 3 },
    label: 'newton-cg (L-BFGS preconditioner, memory 3)',
  },
  {
    method: 'newton-cg',
    options: { damping: 1, warmStart: true, forcing: 'eisenstat-walker-1' },
    label: 'newton-cg (Martens damping, warm start, Eisenstat–Walker 1)',
  },
  {
    method: 'newton-cg',
    options: { preconditioner: 'hutchinson' },
    label: 'newton-cg (Hutchinson diagonal)',
  },
  {
    method: 'newton-cg',
    options: { curvature: lbfgsCurvature({ memory: 3 }) },
    label: 'newton-cg + lbfgsCurvature (memory 3)',
  },
];

const OPTIONS: RunOptions = { maxIterations: 60, gradientTolerance: 1e-10 };

describe('checkpoint and resume', () => {
  it('the methods that support checkpoints: every method', () => {
    expect(RESUMABLE).toEqual(METHOD_NAMES);
    expect(RESUMABLE).toEqual([
      'newton',
      'damped-newton',
      'trust-exact',
      'trust-ncg',
      'trust-krylov',
      'dogleg',
      'trust-region-cauchy',
      'bfgs',
      'lbfgs',
      'sr1-trust-region',
      'newton-cg',
    ]);
  });

  describe.each(VARIANTS)('$label', ({ method, options }) => {
    it.each(PROBLEMS)(
      '$name: stopped after any iteration and resumed, bit for bit',
      ({ spec, x0 }) => {
        const full = recordRun(make(method, options), spec, x0, OPTIONS);
        const n = full.result.iterations;
        expect(n).toBeGreaterThan(1);
        // Every iteration for short runs, a spread of them for long ones (the last included).
        const ks = n <= 12 ? [...Array(n + 1).keys()] : [0, 1, 2, 3, Math.floor(n / 2), n - 1, n];
        for (const k of ks) {
          const part = recordRun(make(method, options), spec, x0, OPTIONS, k);
          expect(part.result.status).toBe('stopped-by-observer');
          expect(part.checkpoint!.iteration).toBe(k);
          const saved = JSON.parse(JSON.stringify(part.checkpoint)) as Checkpoint;
          const rest = recordRun(make(method, options), spec, undefined, {
            ...OPTIONS,
            resume: saved,
          });
          // The resumed run reports the checkpoint's iterate first (as iteration k), then goes on.
          expect(rest.xs[0]).toEqual(part.xs[k]);
          expect([...part.xs, ...rest.xs.slice(1)]).toEqual(full.xs);
          // Rows after the first are the uninterrupted run's; the first repeats row k's point
          // and counters (as a start row: no step, no info).
          expect(rows(rest.result).slice(1)).toEqual(rows(full.result).slice(k + 1));
          const first = rest.result.trace![0];
          const row = full.result.trace![k];
          expect([first.iteration, first.value, first.gradientNorm, first.evaluations]).toEqual([
            row.iteration,
            row.value,
            row.gradientNorm,
            row.evaluations,
          ]);
          expect(comparable(rest.result)).toEqual(comparable(full.result));
        }
      },
    );
  });

  it('a resumed run keeps the best point of the interrupted part', () => {
    // Newton without a line search increases f on Rosenbrock (f: 24.2, 4.73, 1411.8, 0.056,
    // …): stopped at iteration 2, the best point is iteration 1's, which only the checkpoint knows.
    const opts: RunOptions = { maxIterations: 2 };
    const full = recordRun(make('newton'), rosen, [-1.2, 1], opts);
    expect(full.result.status).toBe('max-iterations');
    const values = full.result.trace!.map((r) => r.value);
    expect(full.result.value).toBe(Math.min(...values));
    expect(full.result.value).not.toBe(values[values.length - 1]);
    const part = recordRun(make('newton'), rosen, [-1.2, 1], opts, 2);
    expect(part.checkpoint!.best).toBeDefined();
    const rest = run(make('newton'), rosen, undefined, {
      ...opts,
      resume: JSON.stringify(part.checkpoint),
    });
    expect(rest.status).toBe('max-iterations');
    expect(Array.from(rest.x)).toEqual(Array.from(full.result.x));
    expect(rest.value).toBe(full.result.value);
    expect(rest.value).toBe(values[1]);
  });

  it('resumes the same in runAsync and ask/tell, and limits count the whole run', async () => {
    const part = recordRun(make('trust-exact'), rosen, rosenbrock.x0, OPTIONS, 5);
    const full = run(make('trust-exact'), rosen, rosenbrock.x0, OPTIONS);
    const resume = part.checkpoint!;
    const a = await runAsync(
      make('trust-exact'),
      { ...rosen, value: async (x) => rosenbrock.value(x) },
      undefined,
      { ...OPTIONS, resume },
    );
    expect(Array.from(a.x)).toEqual(Array.from(full.x));
    expect(a.evaluations).toEqual(full.evaluations);
    const opt = start(make('trust-exact'), undefined, {
      ...OPTIONS,
      resume,
      capabilities: { hessian: true, hvp: true },
    });
    for (let q = opt.ask(); q; q = opt.ask()) {
      if (q.op === 'value') opt.tell(rosenbrock.value(q.x));
      else if (q.op === 'gradient') {
        rosenbrock.gradient(q.x, q.out);
        opt.tell(rosenbrock.value(q.x));
      } else if (q.op === 'hessian') {
        rosenbrock.hessian(q.x, q.out);
        opt.tell(0);
      } else {
        rosenbrock.hvp(q.x, q.v, q.out);
        opt.tell(0);
      }
    }
    expect(Array.from(opt.result().x)).toEqual(Array.from(full.x));
    // maxIterations applies to both parts together.
    const capped = run(make('trust-exact'), rosen, undefined, { maxIterations: 7, resume });
    expect(capped.status).toBe('max-iterations');
    expect(capped.iterations).toBe(7);
  });

  it('rejects a checkpoint that does not fit, naming what is wrong', () => {
    const part = recordRun(make('dogleg'), rosen, rosenbrock.x0, OPTIONS, 2);
    const cp = part.checkpoint!;
    expect(() => run(make('trust-exact'), rosen, undefined, { resume: cp })).toThrow(
      new RangeError("options.resume: the checkpoint was made by 'dogleg', not by 'trust-exact'"),
    );
    expect(() => run(make('dogleg'), rosen, [1, 2, 3], { resume: cp })).toThrow(
      new RangeError('x0 must have length 2 (problem.dimension), got length 3'),
    );
    expect(() =>
      run(make('dogleg'), rosen, undefined, { resume: { ...cp, version: 2 } as never }),
    ).toThrow("options.resume must have format 'hessian/checkpoint' and version 1");
    expect(() => run(make('dogleg'), rosen, undefined, { resume: '{' })).toThrow(
      'options.resume is a string but not JSON',
    );
  });

  it('minimize forwards options.resume to the driver', () => {
    let saved: Checkpoint | undefined;
    const full = minimize(rosen, rosenbrock.x0, { method: 'trust-exact', ...OPTIONS });
    minimize(rosen, rosenbrock.x0, {
      method: 'trust-exact',
      ...OPTIONS,
      onIteration: (r) => {
        if (r.iteration === 3) {
          saved = r.checkpoint!();
          return 'stop';
        }
      },
    });
    const rest = minimize(rosen, undefined, { method: 'trust-exact', ...OPTIONS, resume: saved });
    expect(rest.evaluations).toEqual(full.evaluations);
    // Resumed, the run's trace starts at iteration 3, not 0.
    const traced = minimize(rosen, rosenbrock.x0, {
      method: 'trust-exact',
      ...OPTIONS,
      trace: true,
      resume: saved,
    });
    expect(traced.trace![0].iteration).toBe(3);
  });

  it('checkpoint() is only valid inside onIteration', () => {
    let later: (() => Checkpoint) | undefined;
    run(make('newton'), rosen, rosenbrock.x0, {
      maxIterations: 2,
      onIteration: (r) => {
        later = r.checkpoint;
      },
    });
    expect(() => later!()).toThrow('checkpoint() must be called inside onIteration');
  });

  it.each(METHOD_NAMES.filter((m) => !RESUMABLE.includes(m)))(
    '%s does not support checkpoints yet: no checkpoint in its reports, resume refused',
    (m) => {
      let offered = false;
      run(make(m), rosen, rosenbrock.x0, {
        maxIterations: 3,
        onIteration: (r) => {
          offered ||= r.checkpoint !== undefined;
        },
      });
      expect(offered).toBe(false);
      const part = recordRun(make('trust-exact'), rosen, rosenbrock.x0, OPTIONS, 1);
      const fake = { ...part.checkpoint!, method: m };
      expect(() => run(make(m), rosen, undefined, { resume: fake })).toThrow(
        new TypeError(`options.resume: the method '${m}' cannot resume from a checkpoint`),
      );
    },
  );
});
