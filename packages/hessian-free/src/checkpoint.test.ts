/**
 * Newton-CG checkpoints: stopped after iteration k, its checkpoint sent through JSON and
 * resumed, a run makes the same iterates, evaluations and result as the run never
 * interrupted, bit for bit — with every preconditioner, forcing sequence and Martens' mode.
 */
import {
  type Checkpoint,
  type CurvatureSource,
  exactCurvature,
  type ProblemSpec,
  type Result,
  type RunOptions,
  run,
} from '@hessian/core';
import { moreThuente } from '@hessian/line-search';
import { getProblem } from '@hessian/problems';
import { recordRun } from '@hessian/problems/suite';
import { describe, expect, it } from 'vitest';
import { type NewtonCgOptions, newtonCg } from './newton-cg.js';

/** The result without the clock and the trace; the trace rows without the clock. */
function comparable(r: Result) {
  const { elapsedMs: _t, trace, ...rest } = r;
  return { ...rest, rows: (trace ?? []).map(({ elapsedMs: _e, ...row }) => row) };
}

/** Stops after each k of `ks` (all iterations when absent), resumes, compares with the full run. */
function expectResumesExactly(
  options: NewtonCgOptions,
  problem: ProblemSpec,
  x0: ArrayLike<number>,
  runOptions: RunOptions = {},
  ks?: number[],
): Result {
  const full = recordRun(newtonCg(options), problem, x0, runOptions);
  const n = full.result.iterations;
  expect(n).toBeGreaterThan(2);
  const fullRows = comparable(full.result).rows;
  for (const k of ks ?? [...Array(n + 1).keys()]) {
    const part = recordRun(newtonCg(options), problem, x0, runOptions, k);
    expect(part.result.status).toBe('stopped-by-observer');
    expect(part.checkpoint!.iteration).toBe(k);
    const saved = JSON.parse(JSON.stringify(part.checkpoint)) as Checkpoint;
    const rest = recordRun(newtonCg(options), problem, undefined, { ...runOptions, resume: saved });
    expect(rest.xs[0]).toEqual(part.xs[k]);
    expect([...part.xs, ...rest.xs.slice(1)]).toEqual(full.xs);
    const a = comparable(rest.result);
    const b = comparable(full.result);
    expect(a.rows.slice(1)).toEqual(fullRows.slice(k + 1));
    expect(a.rows[0].evaluations).toEqual(fullRows[k].evaluations);
    expect({ ...a, rows: undefined }).toEqual({ ...b, rows: undefined });
    expect(rest.result.evaluations).toEqual(full.result.evaluations);
  }
  return full.result;
}

const rosenbrock = getProblem('rosenbrock');
const chained = getProblem('chained-rosenbrock', { n: 30 });
const extended = getProblem('extended-rosenbrock', { n: 20 });
const engval = getProblem('engval1', { n: 40 });
// f = x² − y² + y⁴: negative curvature and steepest-descent fallbacks from (1, 0.1)
const saddle: ProblemSpec = {
  dimension: 2,
  value: (x) => x[0] ** 2 - x[1] ** 2 + x[1] ** 4,
  gradient: (x, out) => {
    out[0] = 2 * x[0];
    out[1] = -2 * x[1] + 4 * x[1] ** 3;
  },
  hessianVectorProduct: (x, v, out) => {
    out[0] = 2 * v[0];
    out[1] = (-2 + 12 * x[1] ** 2) * v[1];
  },
};

describe('newtonCg checkpoint and resume, bit for bit', () => {
  it('is resumable', () => {
    expect(newtonCg().resumable).toBe(true);
  });

  it('default options, stopped after every iteration', () => {
    expectResumesExactly({}, rosenbrock, rosenbrock.x0);
    expectResumesExactly({}, chained, chained.x0);
  });

  it('the L-BFGS preconditioner (its memory wraps)', () => {
    const r = expectResumesExactly({ preconditioner: 'lbfgs', memory: 2 }, extended, extended.x0);
    expect(r.iterations).toBeGreaterThan(4);
    expectResumesExactly({ preconditioner: 'lbfgs' }, chained, chained.x0);
  });

  it("Martens' damping, with and without a warm start", () => {
    const r = expectResumesExactly({ damping: 1, warmStart: true }, chained, chained.x0);
    expect(r.extra!.damping).not.toBe(1);
    expectResumesExactly({ damping: 0.5 }, extended, extended.x0);
    expectResumesExactly(
      { damping: 1, warmStart: 0.5, preconditioner: 'lbfgs', forcing: 1e-4 },
      engval,
      engval.x0,
    );
  });

  it('the estimated diagonals: probing, Hutchinson (seeded by k), the dense diagonal', () => {
    for (const preconditioner of ['diagonal', 'hutchinson', 'hessian-diagonal'] as const)
      expectResumesExactly({ preconditioner }, extended, extended.x0);
    expectResumesExactly(
      { preconditioner: 'hutchinson', probes: 3, damping: 1 },
      engval,
      engval.x0,
    );
  });

  it('a constant user diagonal (set only at k = 0) and a user function', () => {
    const D = Array.from({ length: 20 }, (_, i) => 1 + (i % 3));
    expectResumesExactly({ preconditioner: { diagonal: D } }, extended, extended.x0);
    expectResumesExactly({ preconditioner: { diagonal: D }, damping: 1 }, extended, extended.x0);
    expectResumesExactly(
      {
        preconditioner: {
          diagonal: (x, out) => {
            for (let i = 0; i < x.length; i++) out[i] = 1 + x[i] * x[i];
          },
        },
      },
      extended,
      extended.x0,
    );
  });

  it('every forcing sequence (Eisenstat–Walker 1 keeps the linear residual)', () => {
    for (const forcing of [
      'eisenstat-walker-1',
      'eisenstat-walker-2',
      'superlinear',
      'quadratic',
      0.1,
    ] as const)
      expectResumesExactly({ forcing }, chained, chained.x0, { gradientTolerance: 1e-10 });
  });

  it('negative curvature and steepest-descent counts, a value-only line search', () => {
    const r = expectResumesExactly({ forcing: 1e-6 }, saddle, [1, 0.1]);
    expect(r.extra!.negativeCurvature).toBeGreaterThan(0);
    expectResumesExactly({}, saddle, [0, 0.1]);
    expectResumesExactly({ lineSearch: moreThuente() }, rosenbrock, rosenbrock.x0);
  });

  it('finite-difference gradients and curvature (the provider saves its cache)', () => {
    const spec = { dimension: 2, value: rosenbrock.value, gradient: rosenbrock.gradient };
    expectResumesExactly({}, spec, rosenbrock.x0);
    expectResumesExactly({}, { dimension: 2, value: rosenbrock.value }, rosenbrock.x0);
  });

  it('limits count the whole run', () => {
    const part = recordRun(newtonCg({}), chained, chained.x0, {}, 3);
    const capped = run(newtonCg(), chained, undefined, {
      maxIterations: 5,
      resume: part.checkpoint,
    });
    expect(capped.status).toBe('max-iterations');
    expect(capped.iterations).toBe(5);
  });

  it('rejects a state that does not fit, naming what is wrong', () => {
    const part = recordRun(
      newtonCg({ preconditioner: 'lbfgs', memory: 3 }),
      extended,
      extended.x0,
      {},
      6,
    );
    const cp = JSON.parse(JSON.stringify(part.checkpoint)) as Checkpoint;
    const state = cp.state as Record<string, unknown>;
    const cause = (options: NewtonCgOptions, s: unknown) => {
      const r = run(newtonCg(options), extended, undefined, { resume: { ...cp, state: s } });
      expect(r.status).toBe('evaluation-error');
      return (r.cause as Error).message;
    };
    expect(cause({ preconditioner: 'lbfgs', memory: 1 }, state)).toBe(
      'newtonCg: state.lbfgs.pairs holds 3 pairs, more than memory (1)',
    );
    expect(cause({ preconditioner: 'lbfgs' }, { ...state, k: -1 })).toBe(
      'newtonCg: state.k must be an integer >= 0, got -1',
    );
    expect(cause({ preconditioner: 'lbfgs' }, { ...state, gnorm: null })).toBe(
      "newtonCg: state.gnorm must be a number (or 'NaN', '±Infinity', '-0'), got null",
    );
    expect(cause({ preconditioner: 'diagonal' }, state)).toMatch(
      /^newtonCg: state.diagonal must be an array/,
    );
    expect(cause({}, 'nope')).toMatch(/^newtonCg: the checkpoint's state must be an object/);
  });

  it('offers no checkpoint with a learning provider that cannot save its state', () => {
    const learning: CurvatureSource = {
      kind: 'learning',
      dense: false,
      create(context) {
        const inner = exactCurvature().create(context);
        return { kind: 'learning', hvp: (x, v, out) => inner.hvp(x, v, out), update: () => {} };
      },
    };
    let offered = false;
    run(newtonCg({ curvature: learning }), rosenbrock, rosenbrock.x0, {
      maxIterations: 3,
      onIteration: (r) => {
        offered ||= r.checkpoint !== undefined;
      },
    });
    expect(offered).toBe(false);
  });
});
