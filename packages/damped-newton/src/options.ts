/**
 * The options of {@link dampedNewton} and their validation: every message starts with
 * `dampedNewton:` and names the option.
 *
 * @packageDocumentation
 */
import type { CurvatureSource } from '@hessian/core';
import { backtracking, type LineSearch, moreThuente } from '@hessian/line-search';
import { type EigenMode, MODIFICATIONS, type Modification } from './modification.js';

/** Options of `dampedNewton`. */
export interface DampedNewtonOptions {
  /** How H is made positive definite. Default 'cholesky-shift'. */
  modification?: Modification;
  /** A line search, or 'more-thuente' (strong Wolfe) or 'backtracking' (Armijo). Default 'more-thuente'. */
  lineSearch?: LineSearch | 'more-thuente' | 'backtracking';
  /** Where H comes from; it must give a dense Hessian. Default: exact when the problem has one, else finite differences. */
  curvature?: CurvatureSource;
  /** `cholesky-shift`, `levenberg`: the smallest shift tried, β. Default 1e-3 (Nocedal & Wright). */
  beta?: number;
  /** `eigen`: 'flip' (|λ|) or 'floor' (max(λ, δ)) the eigenvalues. Default 'flip'. */
  eigenMode?: EigenMode;
  /**
   * `eigen`: eigenvalues are raised to at least δ = eigenFloor·max(1, max|λ|), so κ(H̃) ≤ 1/eigenFloor.
   * Default 1e-12: a thousand times the eigensolver's rounding (about nε·‖H‖), and room for
   * badly scaled problems (brown-badly-scaled has κ ≈ 1e12; with 1e-8 its small eigenvalue
   * is floored 1e4-fold and the run crawls).
   */
  eigenFloor?: number;
  /** `levenberg`: the first damping is λ₀ = damping·max|h_ii| (damping itself when every h_ii is 0). Default 1e-3. */
  damping?: number;
}

const OPTIONS = [
  'modification',
  'lineSearch',
  'curvature',
  'beta',
  'eigenMode',
  'eigenFloor',
  'damping',
];

function show(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (v === null || typeof v !== 'object') return String(v);
  return Array.isArray(v) ? 'an array' : 'an object';
}

function oneOf<T extends string>(name: string, v: unknown, allowed: readonly T[], dflt: T): T {
  if (v === undefined) return dflt;
  if (allowed.includes(v as T)) return v as T;
  const list = allowed.map((a) => `'${a}'`).join(', ');
  throw new RangeError(`dampedNewton: ${name} must be one of ${list}, got ${show(v)}`);
}

function positive(name: string, v: unknown, dflt: number, below = Infinity): number {
  if (v === undefined) return dflt;
  if (typeof v === 'number' && v > 0 && v < below) return v;
  const range = below === Infinity ? 'a finite number > 0' : `a number in (0, ${below})`;
  throw new RangeError(`dampedNewton: ${name} must be ${range}, got ${show(v)}`);
}

function resolveLineSearch(v: DampedNewtonOptions['lineSearch']): LineSearch {
  if (v === undefined || v === 'more-thuente') return moreThuente();
  if (v === 'backtracking') return backtracking();
  if (typeof v === 'object' && v !== null && typeof v.search === 'function') return v;
  throw new TypeError(
    `dampedNewton: lineSearch must be a LineSearch or one of 'more-thuente', 'backtracking', got ${show(v)}`,
  );
}

/** The options, validated, with defaults filled in. */
export interface ResolvedDampedNewtonOptions {
  readonly modification: Modification;
  readonly lineSearch: LineSearch;
  readonly curvature: CurvatureSource | undefined;
  readonly beta: number;
  readonly eigenMode: EigenMode;
  readonly eigenFloor: number;
  readonly damping: number;
}

/**
 * Validates `dampedNewton`'s options and fills in the defaults.
 * @throws TypeError/RangeError naming the option, e.g.
 *   `dampedNewton: modification must be one of 'cholesky-shift', 'modified-cholesky', 'eigen', 'levenberg', got 'x'`
 */
export function resolveDampedNewtonOptions(
  options: DampedNewtonOptions,
): ResolvedDampedNewtonOptions {
  if (typeof options !== 'object' || options === null)
    throw new TypeError(`dampedNewton: options must be an object, got ${show(options)}`);
  for (const k of Object.keys(options))
    if (!OPTIONS.includes(k))
      throw new TypeError(
        `dampedNewton: unknown option '${k}' (options are ${OPTIONS.join(', ')})`,
      );
  const { curvature } = options;
  if (
    curvature !== undefined &&
    (typeof curvature !== 'object' || typeof curvature?.create !== 'function')
  )
    throw new TypeError(
      `dampedNewton: curvature must be a CurvatureSource, got ${show(curvature)}`,
    );
  if (curvature !== undefined && !curvature.dense)
    throw new TypeError(
      `dampedNewton: curvature must give a dense Hessian, got '${curvature.kind}'`,
    );
  return {
    modification: oneOf('modification', options.modification, MODIFICATIONS, 'cholesky-shift'),
    lineSearch: resolveLineSearch(options.lineSearch),
    curvature,
    beta: positive('beta', options.beta, 1e-3),
    eigenMode: oneOf('eigenMode', options.eigenMode, ['flip', 'floor'] as const, 'flip'),
    eigenFloor: positive('eigenFloor', options.eigenFloor, 1e-12, 1),
    damping: positive('damping', options.damping, 1e-3),
  };
}
