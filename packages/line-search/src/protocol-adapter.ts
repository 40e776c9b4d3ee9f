/**
 * The one adapter from a 1-D search to the evaluation protocol: it maps each trial
 * alpha to x + alpha·d in the preallocated `work.x` and yields a `gradient` (or
 * `value`) request there.
 *
 * @packageDocumentation
 */
import {
  describe,
  dot,
  type GradientRequest,
  jsKernels,
  type Program,
  type ValueRequest,
  type Vector,
} from '@hessian/core';
import type { ScalarSearchCore } from './scalar.js';
import type { LineSearch, LineSearchResult, LineSearchWork } from './types.js';

function checkVector(name: string, arg: string, v: unknown): asserts v is Float64Array {
  if (!(v instanceof Float64Array))
    throw new TypeError(`${name}: ${arg} must be a Float64Array, got ${describe(v)}`);
}

function checkArguments(
  name: string,
  x: unknown,
  d: unknown,
  phi0: unknown,
  slope0: unknown,
  alpha0: unknown,
  work: unknown,
): void {
  checkVector(name, 'x', x);
  checkVector(name, 'd', d);
  const n = x.length;
  if (d.length !== n)
    throw new RangeError(`${name}: d must have length ${n} (x.length), got length ${d.length}`);
  if (typeof work !== 'object' || work === null)
    throw new TypeError(`${name}: work must be a LineSearchWork, got ${describe(work)}`);
  const w = work as LineSearchWork;
  checkVector(name, 'work.x', w.x);
  checkVector(name, 'work.g', w.g);
  if (w.x.length !== n || w.g.length !== n)
    throw new RangeError(
      `${name}: work must have length ${n} (x.length), got length ${w.x.length === n ? w.g.length : w.x.length}`,
    );
  // two direct checks: no arrays allocated per search
  if (typeof phi0 !== 'number' || !Number.isFinite(phi0))
    throw new RangeError(`${name}: phi0 must be a finite number, got ${String(phi0)}`);
  if (typeof slope0 !== 'number' || !Number.isFinite(slope0))
    throw new RangeError(`${name}: slope0 must be a finite number, got ${String(slope0)}`);
  if (typeof alpha0 !== 'number' || !(alpha0 > 0 && alpha0 < Infinity))
    throw new RangeError(`${name}: alpha0 must be a finite number > 0, got ${String(alpha0)}`);
}

function* runOnLine(
  usesSlope: boolean,
  core: ScalarSearchCore,
  x: Vector,
  d: Vector,
  phi0: number,
  slope0: number,
  alpha0: number,
  work: LineSearchWork,
): Program<LineSearchResult> {
  if (!(slope0 < 0)) {
    work.x.set(x);
    return { alpha: 0, value: phi0, slope: slope0, evaluations: 0, status: 'not-descent' };
  }
  const request: GradientRequest | ValueRequest = usesSlope
    ? { op: 'gradient', x: work.x, out: work.g }
    : { op: 'value', x: work.x };
  const trial = { value: Number.NaN, slope: Number.NaN };
  let evaluations = 0;
  let last = Number.NaN;
  let value = Number.NaN;
  let slope = Number.NaN;
  const kernels = work.kernels;
  const program = core(phi0, slope0, alpha0);
  let step = program.next(trial);
  for (;;) {
    const alpha = step.done ? step.value.alpha : step.value;
    if (step.done && (alpha === 0 || alpha === last)) break;
    (kernels ?? jsKernels).pointAlong(x, alpha, d, work.x);
    value = yield request;
    evaluations++;
    last = alpha;
    slope = usesSlope ? (kernels ? kernels.dot(work.g, d) : dot(work.g, d)) : Number.NaN;
    if (step.done) break; // the re-request of a returned point that was not the last trial
    const finite = Number.isFinite(value) && (!usesSlope || Number.isFinite(slope));
    trial.value = finite ? value : Number.NaN;
    trial.slope = finite ? slope : Number.NaN;
    step = program.next(trial);
  }
  const { alpha, status } = step.value;
  if (alpha === 0) {
    work.x.set(x);
    return { alpha: 0, value: phi0, slope: slope0, evaluations, status };
  }
  return { alpha, value, slope, evaluations, status };
}

/**
 * Builds a {@link LineSearch} from a 1-D search: `search` validates its arguments at
 * once, answers `not-descent` without evaluating when slope0 >= 0, and otherwise
 * yields one request per trial at work.x = x + alpha·d (a `gradient` request when
 * `usesSlope`, else a `value` request), re-requesting the returned point when it
 * was not the last one evaluated.
 *
 * **Requires** a core that yields alphas > 0 and returns alpha = 0 or an alpha it tried.
 * @example const search = lineSearch('fixedStep', false, (phi0, slope0) => fixedCore(1));
 */
export function lineSearch(name: string, usesSlope: boolean, core: ScalarSearchCore): LineSearch {
  return {
    name,
    usesSlope,
    search(x, d, phi0, slope0, alpha0, work) {
      checkArguments(name, x, d, phi0, slope0, alpha0, work);
      return runOnLine(usesSlope, core, x, d, phi0, slope0, alpha0, work);
    },
  };
}
