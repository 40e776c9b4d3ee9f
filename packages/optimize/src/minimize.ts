/**
 * `minimize`, `minimizeAsync` and `createOptimizer`: the front door. One call picks a
 * method by name (or by what the problem provides), splits the driver's options from
 * the method's, and runs the core driver.
 *
 * @packageDocumentation
 */
import {
  type Capabilities,
  defineProblem,
  type Method,
  type Optimizer,
  type Problem,
  type ProblemSpec,
  type Result,
  type RunOptions,
  run,
  runAsync,
  start,
} from '@hessian/core';
import {
  chooseMethod,
  METHOD_NAMES,
  METHODS,
  type MethodName,
  type MethodOptionsMap,
} from './registry.js';

/** The method, chosen by name with its own options (a discriminated union on `method`). */
export type MethodChoice =
  | { method?: undefined }
  | { [K in MethodName]: { method: K } & MethodOptionsMap[K] }[MethodName];

/** Options of {@link minimize}: the driver's shared options plus the method and its options. */
export type MinimizeOptions = RunOptions & MethodChoice;

/** How the method was chosen. */
export interface MethodChoiceReport {
  method: MethodName;
  automatic: boolean;
  reason: string;
}

/** A {@link Result} that also says which method ran and why. */
export interface MinimizeResult extends Result {
  methodChoice: MethodChoiceReport;
}

const DRIVER_KEYS = new Set([
  'gradientTolerance',
  'valueTolerance',
  'stepTolerance',
  'maxIterations',
  'maxEvaluations',
  'timeLimitMs',
  'signal',
  'onIteration',
  'trace',
  'capabilities',
  'resume',
  'method',
]);

function split(options: object): { driver: RunOptions; method: Record<string, unknown> } {
  const driver: Record<string, unknown> = {};
  const method: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) {
    if (DRIVER_KEYS.has(k)) {
      if (k !== 'method') driver[k] = v;
    } else method[k] = v;
  }
  return { driver: driver as RunOptions, method };
}

/** Validates the options and builds the method. */
export function prepare(
  options: MinimizeOptions | undefined,
  capabilities: Capabilities,
  n: number,
): { method: Method; driver: RunOptions; choice: MethodChoiceReport } {
  if (options !== undefined && (typeof options !== 'object' || options === null))
    throw new TypeError(`minimize: options must be an object, got ${String(options)}`);
  const o = options ?? {};
  const { driver, method: methodOptions } = split(o);
  let choice: MethodChoiceReport;
  const resumed = (o as { resume?: { method?: unknown } }).resume?.method;
  if (
    o.method === undefined &&
    typeof resumed === 'string' &&
    METHOD_NAMES.includes(resumed as MethodName)
  ) {
    choice = {
      method: resumed as MethodName,
      automatic: false,
      reason: 'taken from options.resume',
    };
  } else if (o.method === undefined) {
    const c = chooseMethod(capabilities, n);
    choice = { method: c.method, automatic: true, reason: c.reason };
  } else {
    if (!METHOD_NAMES.includes(o.method as MethodName))
      throw new RangeError(
        `minimize: method must be one of ${METHOD_NAMES.map((m) => `'${m}'`).join(', ')}, got ${JSON.stringify(o.method)}`,
      );
    choice = { method: o.method, automatic: false, reason: 'given by options.method' };
  }
  const entry = METHODS[choice.method] as { create(options: unknown): Method };
  return { method: entry.create(methodOptions), driver, choice };
}

function withChoice(r: Result, choice: MethodChoiceReport): MinimizeResult {
  return { ...r, methodChoice: choice };
}

function dimensionOf(dimension: number | undefined, x0: unknown): number {
  if (dimension !== undefined) return dimension;
  const len = (x0 as { length?: unknown })?.length;
  if (typeof len === 'number') return len;
  const shape = (x0 as { shape?: number[] })?.shape;
  if (Array.isArray(shape)) return shape[0];
  const rows = (x0 as { rows?: number; columns?: number })?.rows;
  if (typeof rows === 'number') return rows * ((x0 as { columns: number }).columns ?? 1);
  return 0;
}

/**
 * Minimizes f from x0.
 *
 * **Requires** a problem with at least `value`; the method decides what else it uses
 * (missing gradients become finite differences, missing Hessians finite differences
 * of gradients).
 * **Options** `method` (default: chosen from what the problem provides; see
 * {@link chooseMethod}), that method's options, and the driver's: `gradientTolerance`
 * 1e-6, `maxIterations` 1000, `maxEvaluations`, `timeLimitMs`, `signal`, `onIteration`,
 * `trace`, `valueTolerance`, `stepTolerance`.
 * @example
 * const r = minimize(
 *   { value: (x) => (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2 },
 *   [-1.2, 1],
 *   { method: 'bfgs' },
 * );
 */
export function minimize(
  problem: ProblemSpec | Problem,
  x0: unknown,
  options?: MinimizeOptions,
): MinimizeResult {
  const p = defineProblem(problem);
  const { method, driver, choice } = prepare(options, p.capabilities, dimensionOf(p.dimension, x0));
  return withChoice(run(method, p, x0, driver), choice);
}

/** {@link minimize} for problems whose functions may return promises. */
export async function minimizeAsync(
  problem: ProblemSpec | Problem,
  x0: unknown,
  options?: MinimizeOptions,
): Promise<MinimizeResult> {
  const p = defineProblem(problem);
  const { method, driver, choice } = prepare(options, p.capabilities, dimensionOf(p.dimension, x0));
  return withChoice(await runAsync(method, p, x0, driver), choice);
}

/** Options of {@link createOptimizer}: those of {@link minimize} plus what the host can evaluate. */
export type OptimizerOptions = MinimizeOptions & { capabilities?: Partial<Capabilities> };

/**
 * The ask/tell form with the options of {@link minimize}: the host evaluates every request.
 * @example
 * const opt = createOptimizer([-1.2, 1], { method: 'lbfgs' });
 * for (let q = opt.ask(); q; q = opt.ask()) opt.tell(myEvaluate(q));
 */
export function createOptimizer(
  x0: unknown,
  options?: OptimizerOptions,
): Optimizer & { readonly methodChoice: MethodChoiceReport } {
  const c = options?.capabilities ?? {};
  const capabilities: Capabilities = {
    gradient: c.gradient ?? true,
    hessian: c.hessian ?? false,
    hvp: c.hvp ?? false,
  };
  const { method, driver, choice } = prepare(options, capabilities, dimensionOf(undefined, x0));
  const opt = start(method, x0, { ...driver, capabilities });
  return Object.assign(opt, { methodChoice: choice });
}
