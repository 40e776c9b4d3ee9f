/**
 * Fault injection over every method of `minimize` and `minimizeAsync` (see faults.ts for
 * the faults and the checks of each run), and the meaning of `result.evaluations`.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { type MinimizeOptions, minimize, minimizeAsync } from '../minimize.js';
import { METHOD_NAMES, type MethodName } from '../registry.js';
import { FAULTS, KNOWN_ISSUES, knownIssue, type Outcome, runAllFaults } from './faults.js';
import { type Calls, countedProblem, rosenbrock } from './problems.js';

let outcomes: Outcome[];

beforeAll(async () => {
  outcomes = await runAllFaults();
}, 60_000);

describe('fault injection: every method, every fault', () => {
  it.each(FAULTS.map((f) => [f.id, f] as const))('%s', (_id, fault) => {
    const mine = outcomes.filter((o) => o.fault === fault.id);
    expect(mine).toHaveLength(METHOD_NAMES.length * fault.forms.length);
    for (const o of mine) {
      const where = `${o.method} (${o.form}) under '${fault.title}'`;
      if (knownIssue(o.fault, o.method))
        // A known issue in a package this suite may not fix: it must still show (remove it
        // from KNOWN_ISSUES once fixed, and regenerate docs/reliability.md).
        expect(o.violations.length, `${where} is listed as a known issue`).toBeGreaterThan(0);
      else expect(o.violations, where).toEqual([]);
    }
    // The sync and async drivers agree: the same status, counts and point.
    if (fault.forms.length === 2)
      for (const m of METHOD_NAMES) {
        const [s, a] = fault.forms.map((form) =>
          mine.find((o) => o.method === m && o.form === form),
        );
        expect(a!.status, `${m} under '${fault.title}'`).toBe(s!.status);
        expect(a!.calls).toEqual(s!.calls);
        if (s!.result && a!.result)
          expect(Array.from(a!.result.x)).toEqual(Array.from(s!.result.x));
      }
  });

  it('every fault strikes some method, and every method meets faults in f and ∇f', () => {
    for (const fault of FAULTS)
      expect(
        outcomes.some((o) => o.fault === fault.id && o.struck),
        fault.id,
      ).toBe(true);
    for (const m of METHOD_NAMES)
      expect(outcomes.filter((o) => o.method === m && o.struck).length, m).toBeGreaterThan(20);
  });

  it('the known issues are exactly the misbehaving cells', () => {
    const bad = outcomes
      .filter((o) => o.violations.length > 0)
      .map((o) => `${o.fault}/${o.method}`);
    const known = KNOWN_ISSUES.map((k) => `${k.fault}/${k.method}`);
    expect([...new Set(bad)].sort()).toEqual([...known].sort());
  });
});

describe('what result.evaluations counts', () => {
  const { value, gradient, hessian, hvp } = rosenbrock;
  const base = {
    value: (x: Float64Array) => value(x),
    gradient: (x: Float64Array, out: Float64Array) => gradient(x, out),
    hessian,
    hvp,
  };
  const expectCounts = (e: Record<string, number>, calls: Calls, style: string) => {
    if (style === 'combined') {
      expect(e.value).toBe(calls.value);
      expect(e.gradient).toBe(calls.valueAndGradient);
    } else {
      // A gradient request calls value and gradient once each.
      expect(calls.value).toBe(e.value + e.gradient);
      expect(calls.gradient).toBe(e.gradient);
    }
    expect(e.hessian).toBe(calls.hessian);
    expect(e.hvp).toBe(calls.hvp);
  };

  it.each(METHOD_NAMES.flatMap((m) => (['combined', 'separate'] as const).map((s) => [m, s])))(
    '%s, %s functions: one request is one call (or one of value and of gradient)',
    async (m, style) => {
      const sync = countedProblem(base, style as 'combined' | 'separate');
      const r = minimize(sync.problem, rosenbrock.x0, {
        method: m as MethodName,
        maxIterations: 50,
      });
      expectCounts(r.evaluations as never, sync.calls, style);
      const async = countedProblem(base, style as 'combined' | 'separate');
      const spec = { ...async.problem, value: async (x: Float64Array) => async.problem.value(x) };
      const a = await minimizeAsync(spec, rosenbrock.x0, {
        method: m,
        maxIterations: 50,
      } as MinimizeOptions);
      expect(a.evaluations).toEqual(r.evaluations);
      expectCounts(a.evaluations as never, async.calls, style);
    },
  );

  it('values only: gradients are finite differences, counted as value calls', () => {
    let calls = 0;
    const counted = (x: Float64Array) => {
      calls++;
      return value(x);
    };
    const r = minimize({ value: counted }, rosenbrock.x0, {
      method: 'trust-exact',
      gradientTolerance: 1e-4,
    });
    expect(r.evaluations.gradient).toBe(0);
    expect(r.evaluations.hessian).toBe(0);
    expect(r.evaluations.value).toBe(calls);
  });

  it('a call that throws is counted; so is one still pending when the run is aborted', async () => {
    let calls = 0;
    const r = minimize(
      {
        value,
        gradient: (x, out) => {
          if (++calls === 3) throw new Error('boom');
          gradient(x, out);
        },
      },
      rosenbrock.x0,
      { method: 'lbfgs' },
    );
    expect(r.status).toBe('evaluation-error');
    expect(r.evaluations.gradient).toBe(3);
    const c = new AbortController();
    let started = 0;
    const pending = minimizeAsync(
      {
        value: (x) => (++started === 2 ? new Promise<number>(() => {}) : value(x)),
        gradient,
      },
      rosenbrock.x0,
      { method: 'lbfgs', signal: c.signal },
    );
    setTimeout(() => c.abort(), 10);
    const a = await pending;
    expect(a.status).toBe('aborted');
    expect(a.evaluations.gradient).toBe(2);
    expect(Number.isFinite(a.value)).toBe(true);
  });
});
