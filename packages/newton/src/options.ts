/**
 * The options of {@link newton} and their validation: every message starts with
 * `newton:` and names the option.
 *
 * @packageDocumentation
 */
import type { CurvatureSource } from '@hessian/core';
import type { LineSearch } from '@hessian/line-search';
import type { ClassifyPointOptions } from './classify.js';

/** Options of `newton`. */
export interface NewtonOptions {
  /** A line search along p (it needs p to be a descent direction). Default: none, the unit step α = 1. */
  lineSearch?: LineSearch;
  /** Where H comes from; it must give a dense Hessian. Default: exact when the problem has one, else finite differences. */
  curvature?: CurvatureSource;
  /** Unit step only: halvings of α when f or ∇f is not finite at x + αp, before ending with `non-finite`. Default 5. */
  maxHalvings?: number;
  /**
   * Classify the last iterate into `result.extra.criticalPoint` (an O(n³) eigen-decomposition:
   * pass `false` to skip it for large n). Default `{}`: gradientTolerance 1e-6,
   * eigenvalueTolerance 1e-8 (exact Hessian) or 1e-6 (any other curvature), as core's
   * `classifyCriticalPoint`.
   */
  classify?: ClassifyPointOptions | false;
}

const OPTIONS = ['lineSearch', 'curvature', 'maxHalvings', 'classify'];

/** Formats a bad option value for an error message: strings quoted, numbers plain. */
function show(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (v === null || typeof v !== 'object') return String(v);
  return Array.isArray(v) ? 'an array' : 'an object';
}

/**
 * Validates `newton`'s options; returns `maxHalvings` and `classify` with their defaults.
 * @throws TypeError/RangeError naming the option, e.g. `newton: maxHalvings must be an integer >= 0, got -1`
 */
export function resolveNewtonOptions(
  options: NewtonOptions,
): Required<Omit<NewtonOptions, 'lineSearch' | 'curvature'>> {
  if (typeof options !== 'object' || options === null)
    throw new TypeError(`newton: options must be an object, got ${show(options)}`);
  for (const k of Object.keys(options))
    if (!OPTIONS.includes(k))
      throw new TypeError(`newton: unknown option '${k}' (options are ${OPTIONS.join(', ')})`);
  const { lineSearch, curvature, maxHalvings = 5, classify = {} } = options;
  if (
    lineSearch !== undefined &&
    (typeof lineSearch !== 'object' || typeof lineSearch?.search !== 'function')
  )
    throw new TypeError(`newton: lineSearch must be a LineSearch, got ${show(lineSearch)}`);
  if (
    curvature !== undefined &&
    (typeof curvature !== 'object' || typeof curvature?.create !== 'function')
  )
    throw new TypeError(`newton: curvature must be a CurvatureSource, got ${show(curvature)}`);
  if (curvature !== undefined && !curvature.dense)
    throw new TypeError(`newton: curvature must give a dense Hessian, got '${curvature.kind}'`);
  if (!Number.isInteger(maxHalvings) || maxHalvings < 0)
    throw new RangeError(`newton: maxHalvings must be an integer >= 0, got ${show(maxHalvings)}`);
  if (classify !== false && (typeof classify !== 'object' || classify === null))
    throw new TypeError(`newton: classify must be false or an object, got ${show(classify)}`);
  if (classify)
    for (const k of ['gradientTolerance', 'eigenvalueTolerance'] as const) {
      const v = classify[k];
      if (v !== undefined && !(typeof v === 'number' && v >= 0 && v < Infinity))
        throw new RangeError(`newton: classify.${k} must be a finite number >= 0, got ${show(v)}`);
    }
  return { maxHalvings, classify };
}
