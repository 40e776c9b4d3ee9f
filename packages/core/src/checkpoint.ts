/**
 * Checkpoints: a run's whole state after an iteration, as plain JSON, and the
 * helpers methods use to save and restore their own part of it.
 *
 * A checkpoint is taken inside `onIteration` (`report.checkpoint()`), survives
 * `JSON.stringify`/`JSON.parse` unchanged, and is given back as `options.resume`:
 * the resumed run then makes the same iterates, the same evaluations and the same
 * result as the run that was never interrupted, bit for bit.
 *
 * @packageDocumentation
 */
import type { CurvatureProvider } from './curvature/provider.js';
import type { MethodContext, Program } from './protocol.js';
import type { EvaluationCounts } from './result.js';
import { describe, type Vector } from './vector.js';

/** A number as JSON keeps it: finite numbers as themselves, NaN, ±Infinity and −0 as strings. */
export type EncodedNumber = number | 'NaN' | 'Infinity' | '-Infinity' | '-0';

/** The format tag of a {@link Checkpoint}. */
export const CHECKPOINT_FORMAT = 'hessian/checkpoint';

/** A point with its value and gradient, encoded. */
export interface CheckpointPoint {
  x: EncodedNumber[];
  value: EncodedNumber;
  gradient: EncodedNumber[];
}

/**
 * A run's whole state after one iteration, as plain JSON (vectors as arrays of numbers).
 *
 * - `iteration`, `evaluations`, `elapsedMs`: the driver's counters; a resumed run
 *   continues them (so `maxIterations`, `maxEvaluations` and `timeLimitMs` apply to the
 *   whole run, both parts together).
 * - `x`, `value`, `gradient`: the iterate reported at that iteration.
 * - `best`: the best iterate so far, when it is not `x` (the result of a run that does not
 *   converge is its best point).
 * - `cache`: the driver's cached f (and ∇f) at the last evaluated point, so that a resumed
 *   run answers the same requests from the cache as the uninterrupted run.
 * - `state`: the method's own state (everything its next iteration depends on besides x,
 *   f and ∇f: a radius, a quasi-Newton memory, a damping, its curvature provider's state).
 */
export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  version: 1;
  /** The method's name; a checkpoint resumes only the method that made it. */
  method: string;
  dimension: number;
  iteration: number;
  evaluations: EvaluationCounts;
  elapsedMs: number;
  x: EncodedNumber[];
  value: EncodedNumber;
  gradient: EncodedNumber[];
  best?: CheckpointPoint;
  cache?: { x: EncodedNumber[]; value: EncodedNumber; gradient?: EncodedNumber[] };
  state: unknown;
}

/** What a resumed method's program receives as `context.resume`; x is its `x0` argument. */
export interface ResumeState {
  /** f at x. */
  readonly value: number;
  /** ∇f at x (a private copy the method may keep). */
  readonly gradient: Vector;
  /** The method's state, as its `checkpoint()` returned it (after a JSON round trip). */
  readonly state: unknown;
}

/**
 * Encodes a number so that it survives JSON exactly (JSON turns NaN and ±Infinity into
 * null and −0 into 0).
 * @example encodeNumber(Number.NaN) // 'NaN'
 */
export function encodeNumber(v: number): EncodedNumber {
  if (Number.isFinite(v)) return Object.is(v, -0) ? '-0' : v;
  if (Number.isNaN(v)) return 'NaN';
  return v > 0 ? 'Infinity' : '-Infinity';
}

/**
 * Decodes what {@link encodeNumber} wrote.
 * @throws TypeError naming `name` for anything else
 * @example decodeNumber('-Infinity', 'radius') // -Infinity
 */
export function decodeNumber(v: unknown, name: string): number {
  if (typeof v === 'number') return v;
  switch (v) {
    case 'NaN':
      return Number.NaN;
    case 'Infinity':
      return Number.POSITIVE_INFINITY;
    case '-Infinity':
      return Number.NEGATIVE_INFINITY;
    case '-0':
      return -0;
  }
  throw new TypeError(`${name} must be a number (or 'NaN', '±Infinity', '-0'), got ${describe(v)}`);
}

/**
 * A vector as a JSON array, each entry as {@link encodeNumber} writes it.
 * @example encodeVector(Float64Array.of(1, -0)) // [1, '-0']
 */
export function encodeVector(v: ArrayLike<number>): EncodedNumber[] {
  const out = new Array<EncodedNumber>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = encodeNumber(v[i]);
  return out;
}

/**
 * Decodes a vector written by {@link encodeVector} into `out` (or a new vector).
 * @throws TypeError/RangeError naming `name` when it is not an array of length n
 * @example decodeVector([1, '-0'], 2, 'state.d')
 */
export function decodeVector(
  v: unknown,
  n: number,
  name: string,
  out: Float64Array = new Float64Array(n),
): Float64Array {
  if (!Array.isArray(v)) throw new TypeError(`${name} must be an array, got ${describe(v)}`);
  if (v.length !== n) throw new RangeError(`${name} must have length ${n}, got length ${v.length}`);
  for (let i = 0; i < n; i++) out[i] = decodeNumber(v[i], `${name}[${i}]`);
  return out;
}

/** A record of the method's state, checked to be an object. */
export function stateRecord(state: unknown, who: string): Record<string, unknown> {
  if (typeof state !== 'object' || state === null || Array.isArray(state))
    throw new TypeError(`${who}: the checkpoint's state must be an object, got ${describe(state)}`);
  return state as Record<string, unknown>;
}

/**
 * The start of a method's program, the same for every method: evaluates f and ∇f at x
 * (∇f into `g`) or, when the run resumes from a checkpoint, takes both from it and hands
 * the method's saved state (checked to be a record; errors name `who`) to `restore`.
 * Returns f, NaN when f or ∇f is not finite at x0 (never on resume).
 *
 * @example
 * const f = yield* startOrResume(x, g, context, 'newton', (state) => { lambda = decodeNumber(state.lambda, 'newton: state.lambda'); });
 * if (!Number.isFinite(f)) return { status: 'non-finite' };
 */
export function* startOrResume(
  x: Vector,
  g: Vector,
  context: MethodContext,
  who: string,
  restore: (state: Record<string, unknown>) => void,
): Program<number> {
  const resume = context.resume;
  if (!resume) return yield { op: 'gradient', x, out: g };
  const state = stateRecord(resume.state, who);
  g.set(resume.gradient);
  restore(state);
  return resume.value;
}

/**
 * Whether a method can checkpoint a run that uses this curvature provider: a provider
 * that learns (`update`) must save its state (`checkpoint` and `restore`); one that does
 * not learn holds at most caches, which it saves when it can.
 */
export function providerCanCheckpoint(provider: CurvatureProvider): boolean {
  return (
    provider.update === undefined ||
    (typeof provider.checkpoint === 'function' && typeof provider.restore === 'function')
  );
}

/** The provider's state for a checkpoint (null when it keeps none). */
export function saveProvider(provider: CurvatureProvider): unknown {
  return provider.checkpoint ? provider.checkpoint() : null;
}

/** Restores what {@link saveProvider} saved. */
export function restoreProvider(provider: CurvatureProvider, state: unknown, who: string): void {
  if (state === null || state === undefined) {
    if (provider.update !== undefined)
      throw new TypeError(
        `${who}: the checkpoint holds no state for the curvature provider '${provider.kind}'`,
      );
    return;
  }
  if (!provider.restore)
    throw new TypeError(
      `${who}: the curvature provider '${provider.kind}' cannot restore a checkpoint's state`,
    );
  provider.restore(state);
}

function isCounts(v: unknown): v is EvaluationCounts {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  return ['value', 'gradient', 'hessian', 'hvp'].every(
    (k) => typeof c[k] === 'number' && Number.isInteger(c[k]) && (c[k] as number) >= 0,
  );
}

/**
 * Validates a checkpoint given as `options.resume` (an object, or its JSON string).
 * @throws TypeError/RangeError starting with `options.resume` and naming what is wrong
 */
export function parseCheckpoint(v: unknown): Checkpoint {
  let c: unknown = v;
  if (typeof c === 'string') {
    try {
      c = JSON.parse(c);
    } catch (error) {
      throw new TypeError(`options.resume is a string but not JSON: ${(error as Error).message}`);
    }
  }
  if (typeof c !== 'object' || c === null)
    throw new TypeError(`options.resume must be a checkpoint, got ${describe(c)}`);
  const k = c as Partial<Checkpoint>;
  if (k.format !== CHECKPOINT_FORMAT || k.version !== 1)
    throw new TypeError(
      `options.resume must have format '${CHECKPOINT_FORMAT}' and version 1, got ${String(k.format)} version ${String(k.version)}`,
    );
  if (typeof k.method !== 'string')
    throw new TypeError(`options.resume.method must be a string, got ${describe(k.method)}`);
  const n = k.dimension;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1)
    throw new RangeError(`options.resume.dimension must be an integer >= 1, got ${String(n)}`);
  if (typeof k.iteration !== 'number' || !Number.isInteger(k.iteration) || k.iteration < 0)
    throw new RangeError(
      `options.resume.iteration must be an integer >= 0, got ${String(k.iteration)}`,
    );
  if (!isCounts(k.evaluations))
    throw new TypeError(
      'options.resume.evaluations must be { value, gradient, hessian, hvp } of integers >= 0',
    );
  if (typeof k.elapsedMs !== 'number' || !(k.elapsedMs >= 0))
    throw new RangeError(`options.resume.elapsedMs must be a number >= 0, got ${k.elapsedMs}`);
  if (!('state' in k)) throw new TypeError('options.resume.state is missing');
  return k as Checkpoint;
}
