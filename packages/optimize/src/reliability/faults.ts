/**
 * Fault injection across every method of `minimize`: user functions that throw, return
 * NaN or Infinity at their k-th call, give vectors and matrices of the wrong shape, are
 * slow under a time limit, or hang under an AbortSignal. Each run is checked against what
 * the docs promise (status, best point, honest evaluation counts) and summarized as one
 * cell of the table in docs/reliability.md. Plain TypeScript (no vitest): the test and
 * the docs generator share it.
 *
 * @packageDocumentation
 */
import {
  CONVERGED_STATUSES,
  type DenseMatrix,
  normInf,
  type ProblemSpec,
  type Status,
} from '@hessian/core';
import { type MinimizeOptions, type MinimizeResult, minimize, minimizeAsync } from '../minimize.js';
import { METHOD_NAMES, type MethodName } from '../registry.js';
import { type Calls, noCalls, rosenbrock } from './problems.js';

/** What an injected fault does when it strikes. */
export type FaultKind =
  | 'throw'
  | 'nan'
  | 'inf'
  | 'huge'
  | 'string'
  | 'promise'
  | 'reject'
  | 'never'
  | 'abort'
  | 'length'
  | 'shape';

/** Where and when a fault strikes. */
export interface Injection {
  /** 'f': the k-th call that computes f (`value` or `valueAndGradient`); else that function's k-th call. */
  readonly target: 'f' | 'gradient' | 'hessian' | 'hvp';
  readonly kind: FaultKind;
  /** The call (1-based) it strikes at. */
  readonly at: number;
  /** Strike at every call from `at` on. */
  readonly persistent?: boolean;
}

/** A row of the fault table. */
export interface Fault {
  readonly id: string;
  readonly title: string;
  readonly injection?: Injection;
  /** f is NaN wherever ‖x‖∞ > domain (a function defined on a box only). */
  readonly domain?: number;
  /** Every call computing f takes this long (busy-wait in the sync form, a timer in async). */
  readonly delayMs?: number;
  /** The driver forms it runs in; the table shows the first. */
  readonly forms: readonly ('sync' | 'async')[];
  /** Driver options the fault needs (a limit, a signal, an observer). */
  readonly options?: (controller: AbortController) => Partial<MinimizeOptions>;
  /** The documented statuses once the fault has struck. */
  readonly expected: readonly Status[];
  /** Converging despite the fault is correct too (a line search or a radius steps around it). */
  readonly recoverable?: boolean;
  /**
   * The fault is a finite but false answer, which an accepted iterate may keep: the result
   * then (honestly) repeats it, so it is not compared with the true f and ∇f.
   */
  readonly lies?: boolean;
}

const THROWS: readonly Status[] = ['evaluation-error'];
/** NaN where a finite value is needed ends a run with `non-finite` (unless stepped around). */
const NON_FINITE: readonly Status[] = ['non-finite'];

/** Every fault tried, in table order. */
export const FAULTS: readonly Fault[] = [
  {
    id: 'f-throws-x0',
    title: 'f throws at x0 (call 1)',
    injection: { target: 'f', kind: 'throw', at: 1 },
    forms: ['sync', 'async'],
    expected: THROWS,
  },
  {
    id: 'f-throws',
    title: 'f throws at call 4',
    injection: { target: 'f', kind: 'throw', at: 4 },
    forms: ['sync', 'async'],
    expected: THROWS,
  },
  {
    id: 'f-nan-x0',
    title: 'f is NaN at x0 (call 1)',
    injection: { target: 'f', kind: 'nan', at: 1 },
    forms: ['sync', 'async'],
    expected: NON_FINITE,
  },
  {
    id: 'f-nan',
    title: 'f is NaN at call 4',
    injection: { target: 'f', kind: 'nan', at: 4 },
    forms: ['sync', 'async'],
    expected: NON_FINITE,
    recoverable: true,
  },
  {
    id: 'f-inf',
    title: 'f is +Infinity at call 4',
    injection: { target: 'f', kind: 'inf', at: 4 },
    forms: ['sync', 'async'],
    expected: NON_FINITE,
    recoverable: true,
  },
  {
    id: 'f-huge',
    title: 'f is 1e300 (finite) at call 4',
    injection: { target: 'f', kind: 'huge', at: 4 },
    forms: ['sync', 'async'],
    expected: [],
    recoverable: true,
  },
  {
    id: 'f-nan-forever',
    title: 'f is NaN from call 4 on',
    injection: { target: 'f', kind: 'nan', at: 4, persistent: true },
    forms: ['sync', 'async'],
    expected: NON_FINITE,
  },
  {
    id: 'f-domain',
    title: 'f is NaN outside the box ‖x‖∞ ≤ 1.3',
    domain: 1.3,
    forms: ['sync', 'async'],
    expected: NON_FINITE,
    recoverable: true,
  },
  {
    id: 'f-string',
    title: 'f returns a string at call 4',
    injection: { target: 'f', kind: 'string', at: 4 },
    forms: ['sync', 'async'],
    expected: THROWS,
  },
  {
    id: 'f-promise',
    title: 'f returns a Promise (sync driver) that rejects, at call 4',
    injection: { target: 'f', kind: 'promise', at: 4 },
    forms: ['sync'],
    expected: THROWS,
  },
  {
    id: 'gradient-nan',
    title: '∇f has a NaN entry at call 3',
    injection: { target: 'gradient', kind: 'nan', at: 3 },
    forms: ['sync', 'async'],
    expected: NON_FINITE,
    recoverable: true,
  },
  {
    id: 'gradient-huge',
    title: '∇f is ±1e300 (finite, false) at call 3',
    injection: { target: 'gradient', kind: 'huge', at: 3 },
    forms: ['sync', 'async'],
    // products with it overflow: the run must end cleanly, whichever way it notices
    expected: ['non-finite', 'line-search-failed'],
    recoverable: true,
    lies: true,
  },
  {
    id: 'gradient-nan-forever',
    title: '∇f has a NaN entry from call 3 on',
    injection: { target: 'gradient', kind: 'nan', at: 3, persistent: true },
    forms: ['sync', 'async'],
    expected: NON_FINITE,
  },
  {
    id: 'gradient-length',
    title: '∇f has length n + 1 at call 3',
    injection: { target: 'gradient', kind: 'length', at: 3 },
    forms: ['sync', 'async'],
    expected: THROWS,
  },
  {
    id: 'hessian-throws',
    title: '∇²f throws at call 2',
    injection: { target: 'hessian', kind: 'throw', at: 2 },
    forms: ['sync', 'async'],
    expected: THROWS,
  },
  {
    id: 'hessian-nan',
    title: '∇²f has a NaN entry at call 2',
    injection: { target: 'hessian', kind: 'nan', at: 2 },
    forms: ['sync', 'async'],
    expected: NON_FINITE,
  },
  {
    id: 'hessian-shape',
    title: '∇²f is (n+1)×(n+1) at call 2',
    injection: { target: 'hessian', kind: 'shape', at: 2 },
    forms: ['sync', 'async'],
    expected: THROWS,
  },
  {
    id: 'hvp-throws',
    title: '∇²f·v throws at call 3',
    injection: { target: 'hvp', kind: 'throw', at: 3 },
    forms: ['sync', 'async'],
    expected: THROWS,
  },
  {
    id: 'hvp-nan',
    title: '∇²f·v has a NaN entry at call 3',
    injection: { target: 'hvp', kind: 'nan', at: 3 },
    forms: ['sync', 'async'],
    expected: NON_FINITE,
  },
  {
    id: 'hvp-length',
    title: '∇²f·v has length n + 1 at call 3',
    injection: { target: 'hvp', kind: 'length', at: 3 },
    forms: ['sync', 'async'],
    expected: THROWS,
  },
  {
    id: 'max-evaluations',
    title: 'maxEvaluations: 5',
    forms: ['sync', 'async'],
    options: () => ({ maxEvaluations: 5 }),
    expected: ['max-evaluations'],
  },
  {
    id: 'observer-throws',
    title: 'onIteration throws at iteration 2',
    forms: ['sync', 'async'],
    options: () => ({
      onIteration: (r) => {
        if (r.iteration === 2) throw new Error('injected observer fault');
      },
    }),
    expected: THROWS,
  },
  {
    id: 'aborted-before',
    title: 'signal aborted before the run',
    forms: ['sync', 'async'],
    options: (c) => {
      c.abort();
      return { signal: c.signal };
    },
    expected: ['aborted'],
  },
  {
    id: 'abort-in-f',
    title: 'signal aborted inside f at call 4',
    injection: { target: 'f', kind: 'abort', at: 4 },
    forms: ['sync', 'async'],
    options: (c) => ({ signal: c.signal }),
    expected: ['aborted'],
  },
  {
    // 5 ms per call of f and 20 ms allowed: at most 5 calls, fewer than any method needs.
    id: 'slow-sync',
    title: 'f takes 5 ms, timeLimitMs: 20',
    delayMs: 5,
    forms: ['sync'],
    options: () => ({ timeLimitMs: 20, gradientTolerance: 0 }),
    expected: ['time-limit'],
  },
  {
    id: 'slow-async',
    title: 'f takes 5 ms (async), timeLimitMs: 20',
    delayMs: 5,
    forms: ['async'],
    options: () => ({ timeLimitMs: 20, gradientTolerance: 0 }),
    expected: ['time-limit'],
  },
  {
    id: 'never-abort',
    title: 'f never settles at call 4 (async), signal aborted after 20 ms',
    injection: { target: 'f', kind: 'never', at: 4 },
    forms: ['async'],
    options: (c) => {
      setTimeout(() => c.abort(), 20);
      return { signal: c.signal };
    },
    expected: ['aborted'],
  },
  {
    id: 'never-time',
    title: 'f never settles at call 4 (async), timeLimitMs: 20',
    injection: { target: 'f', kind: 'never', at: 4 },
    forms: ['async'],
    options: () => ({ timeLimitMs: 20 }),
    expected: ['time-limit'],
  },
  {
    id: 'f-rejects',
    title: 'f rejects at call 4 (async)',
    injection: { target: 'f', kind: 'reject', at: 4 },
    forms: ['async'],
    expected: THROWS,
  },
];

/** Misbehaviours found in packages this suite may not fix: the table marks them ✗. */
export const KNOWN_ISSUES: readonly {
  readonly fault: string;
  readonly method: MethodName;
  readonly issue: string;
}[] = [];

/** The known issue of a cell, if any. */
export function knownIssue(fault: string, method: MethodName): string | undefined {
  return KNOWN_ISSUES.find((k) => k.fault === fault && k.method === method)?.issue;
}

/** The message of every injected error. */
export const INJECTED = 'injected fault';

function busyWait(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin: a slow synchronous objective
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Rosenbrock as `value`, `valueAndGradient`, `hessian` and `hessianVectorProduct`, each
 * call counted, with the fault injected. `struck()` tells whether the fault happened.
 */
export function faultyRosenbrock(
  fault: Fault,
  form: 'sync' | 'async',
  controller: AbortController,
): { problem: ProblemSpec; calls: Calls; struck(): boolean } {
  const calls = noCalls();
  const inj = fault.injection;
  let fCalls = 0;
  let struck = inj === undefined && fault.domain === undefined;
  const fires = (target: Injection['target'], k: number): boolean => {
    const hit =
      inj !== undefined && inj.target === target && (inj.persistent ? k >= inj.at : k === inj.at);
    if (hit) struck = true;
    return hit;
  };
  // f with its fault; returns a number, or what the fault returns instead.
  const f = (x: Float64Array): unknown => {
    const k = ++fCalls;
    if (fault.domain !== undefined && normInf(x) > fault.domain) {
      struck = true;
      return Number.NaN;
    }
    const v = rosenbrock.value(x);
    if (!fires('f', k)) return v;
    switch (inj!.kind) {
      case 'throw':
        throw new Error(INJECTED);
      case 'nan':
        return Number.NaN;
      case 'inf':
        return Number.POSITIVE_INFINITY;
      case 'huge':
        return 1e300;
      case 'string':
        return 'not a number';
      case 'promise':
        // rejecting later: the sync driver must not leave an unhandled rejection behind
        return new Promise((_, reject) => setTimeout(() => reject(new Error(INJECTED)), 1));
      case 'reject':
        return Promise.reject(new Error(INJECTED));
      case 'never':
        return new Promise(() => {});
      case 'abort':
        controller.abort();
        return v;
      default:
        return v;
    }
  };
  // A call counts when it starts (as the driver counts it), before any delay.
  const wrap = <A extends unknown[]>(kind: keyof Calls, g: (...a: A) => unknown) =>
    form === 'sync'
      ? (...a: A) => {
          calls[kind]++;
          if (fault.delayMs && kind !== 'hessian' && kind !== 'hvp') busyWait(fault.delayMs);
          return g(...a);
        }
      : async (...a: A) => {
          calls[kind]++;
          if (fault.delayMs && kind !== 'hessian' && kind !== 'hvp') await sleep(fault.delayMs);
          return g(...a);
        };
  const gradientAt = (x: Float64Array, out: Float64Array): unknown => {
    rosenbrock.gradient(x, out);
    if (!fires('gradient', calls.valueAndGradient)) return undefined;
    switch (inj!.kind) {
      case 'throw':
        throw new Error(INJECTED);
      case 'nan':
        out[1] = Number.NaN;
        return undefined;
      case 'huge':
        out[0] = 1e300;
        out[1] = -1e300;
        return undefined;
      case 'length':
        return [out[0], out[1], 0];
      default:
        return undefined;
    }
  };
  const problem = {
    dimension: 2,
    value: wrap('value', (x: Float64Array) => f(x)),
    valueAndGradient: wrap('valueAndGradient', (x: Float64Array, out: Float64Array) => {
      const v = f(x);
      const r = gradientAt(x, out);
      if (r === undefined) return v;
      // a wrong-length gradient, returned with f
      return { value: v, gradient: r };
    }),
    hessian: wrap('hessian', (x: Float64Array, out: DenseMatrix) => {
      rosenbrock.hessian(x, out);
      if (!fires('hessian', calls.hessian)) return undefined;
      if (inj!.kind === 'throw') throw new Error(INJECTED);
      if (inj!.kind === 'nan') out.data[3] = Number.NaN;
      if (inj!.kind === 'shape')
        return [
          [1, 0, 0],
          [0, 1, 0],
          [0, 0, 1],
        ];
      return undefined;
    }),
    hessianVectorProduct: wrap('hvp', (x: Float64Array, v: Float64Array, out: Float64Array) => {
      rosenbrock.hvp(x, v, out);
      if (!fires('hvp', calls.hvp)) return undefined;
      if (inj!.kind === 'throw') throw new Error(INJECTED);
      if (inj!.kind === 'nan') out[0] = Number.NaN;
      if (inj!.kind === 'length') return [out[0], out[1], 0];
      return undefined;
    }),
  } as unknown as ProblemSpec;
  return { problem, calls, struck: () => struck };
}

/** One cell of the table: a method under a fault, in one driver form. */
export interface Outcome {
  readonly fault: string;
  readonly method: MethodName;
  readonly form: 'sync' | 'async';
  /** The result's status, or 'threw' when minimize itself threw. */
  readonly status: Status | 'threw';
  /** Whether the fault happened (a method may never make the faulty call). */
  readonly struck: boolean;
  /** Violations of the documented behaviour; empty when the run behaved. */
  readonly violations: string[];
  readonly result: MinimizeResult | undefined;
  readonly calls: Calls;
}

/** Options every fault run shares. */
export const BASE_OPTIONS = { maxIterations: 300, trace: true } as const;

function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/**
 * The checks of one run: documented status, honest counts, a best point that the run
 * evaluated (never worse than x0, never NaN unless x0 itself failed), and, when the
 * fault never struck, the very run the fault-free problem gives.
 */
export function check(
  fault: Fault,
  r: MinimizeResult,
  calls: Calls,
  struck: boolean,
  baseline: MinimizeResult | undefined,
): string[] {
  const v: string[] = [];
  // 1. Status.
  if (struck) {
    // Recovering means ending as a run without the fault would: converged, or (for a slow
    // baseline method) with the fault-free run's status.
    const recovered =
      fault.recoverable === true &&
      (CONVERGED_STATUSES.has(r.status) || r.status === baseline?.status);
    const ok = fault.expected.includes(r.status) || recovered;
    if (!ok) v.push(`status '${r.status}', documented: ${fault.expected.join(' | ')}`);
  } else if (baseline) {
    if (r.status !== baseline.status || !sameBits(r.x, baseline.x))
      v.push(`the fault never struck, yet the run differs from the fault-free one`);
  }
  if (r.status === 'evaluation-error' && r.message.startsWith('The method threw'))
    v.push(`the method crashed (${r.message})`);
  if (
    r.status === 'evaluation-error' &&
    fault.injection &&
    ['throw', 'reject'].includes(fault.injection.kind) &&
    (r.cause as Error | undefined)?.message !== INJECTED
  )
    v.push(`cause is not the injected error: ${String(r.cause)}`);
  // 2. Counts: one request is one call (value ↔ value, gradient ↔ valueAndGradient).
  const e = r.evaluations;
  if (
    e.value !== calls.value ||
    e.gradient !== calls.valueAndGradient ||
    e.hessian !== calls.hessian ||
    e.hvp !== calls.hvp
  )
    v.push(
      `evaluations ${JSON.stringify(e)} but calls ${JSON.stringify({ value: calls.value, gradient: calls.valueAndGradient, hessian: calls.hessian, hvp: calls.hvp })}`,
    );
  // 3. The point returned.
  const trace = r.trace ?? [];
  if (trace.length === 0) {
    if (!sameBits(r.x, rosenbrock.x0)) v.push('nothing was reported, yet x is not x0');
    if (!Number.isNaN(r.value) || !r.gradient.every(Number.isNaN))
      v.push('nothing was reported, yet value or gradient is not NaN');
    if (r.iterations !== 0) v.push(`nothing was reported, yet iterations = ${r.iterations}`);
  } else {
    const g = new Float64Array(2);
    rosenbrock.gradient(r.x, g);
    if (
      !(Number.isFinite(r.value) && r.x.every(Number.isFinite) && r.gradient.every(Number.isFinite))
    )
      v.push('non-finite numbers in the result');
    else if (
      !fault.lies &&
      (!Object.is(r.value, rosenbrock.value(r.x)) || !sameBits(g, r.gradient))
    )
      v.push('result.value or result.gradient is not f or ∇f at result.x');
    if (r.gradientNorm !== normInf(r.gradient)) v.push('gradientNorm is not ‖gradient‖∞');
    if (!(r.value <= rosenbrock.value(rosenbrock.x0))) v.push('the result is worse than x0');
    const values = trace.map((row) => row.value);
    const want = r.success ? values[values.length - 1] : Math.min(...values);
    if (r.value !== want)
      v.push(`value ${r.value} is not the ${r.success ? 'last' : 'best'} iterate's (${want})`);
    if (r.iterations !== trace[trace.length - 1].iteration)
      v.push('iterations differ from the trace');
  }
  return v;
}

/** Runs `method` under `fault` in one driver form and checks it. */
export async function runFault(
  fault: Fault,
  method: MethodName,
  form: 'sync' | 'async',
  baseline?: MinimizeResult,
): Promise<Outcome> {
  const controller = new AbortController();
  const { problem, calls, struck } = faultyRosenbrock(fault, form, controller);
  const options = {
    ...BASE_OPTIONS,
    ...fault.options?.(controller),
    method,
  } as MinimizeOptions;
  let r: MinimizeResult;
  try {
    r =
      form === 'sync'
        ? minimize(problem, rosenbrock.x0, options)
        : await minimizeAsync(problem, rosenbrock.x0, options);
  } catch (error) {
    return {
      fault: fault.id,
      method,
      form,
      status: 'threw',
      struck: struck(),
      violations: [`minimize threw ${String(error)}`],
      result: undefined,
      calls,
    };
  }
  return {
    fault: fault.id,
    method,
    form,
    status: r.status,
    struck: struck(),
    violations: check(fault, r, calls, struck(), baseline),
    result: r,
    calls,
  };
}

/** The fault-free run of each method (what a fault that never strikes must reproduce). */
export function baselines(): Map<MethodName, MinimizeResult> {
  const m = new Map<MethodName, MinimizeResult>();
  for (const method of METHOD_NAMES) {
    const { problem } = faultyRosenbrock(
      { id: 'none', title: 'none', forms: ['sync'], expected: [] },
      'sync',
      new AbortController(),
    );
    m.set(method, minimize(problem, rosenbrock.x0, { ...BASE_OPTIONS, method } as MinimizeOptions));
  }
  return m;
}

/** Every fault × method × form, run one after another (timing faults must not overlap). */
export async function runAllFaults(
  methods: readonly MethodName[] = METHOD_NAMES,
): Promise<Outcome[]> {
  const base = baselines();
  const out: Outcome[] = [];
  for (const fault of FAULTS)
    for (const method of methods)
      for (const form of fault.forms)
        out.push(await runFault(fault, method, form, base.get(method)));
  return out;
}
