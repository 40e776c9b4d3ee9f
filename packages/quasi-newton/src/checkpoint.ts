/**
 * Helpers to restore the quasi-Newton methods' and providers' parts of a run's checkpoint
 * (core's `Checkpoint`): each names the field that is wrong.
 *
 * @packageDocumentation
 */
import { describe } from '@hessian/core';

/** Throws `${name} is missing` when v is undefined (a field the checkpoint lacks). */
function present(v: unknown, name: string): void {
  if (v === undefined) throw new TypeError(`${name} is missing`);
}

/**
 * `v` as an object of fields, checked.
 * @throws TypeError `${name} must be an object, got …` (or `${name} is missing`)
 * @example const c = stateObject(state, 'bfgsCurvature: state');
 */
export function stateObject(v: unknown, name: string): Record<string, unknown> {
  present(v, name);
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new TypeError(`${name} must be an object, got ${describe(v)}`);
  return v as Record<string, unknown>;
}

/**
 * `v` as an array, checked.
 * @throws TypeError `${name} must be an array, got …` (or `${name} is missing`)
 * @example const pairs = stateArray(c.pairs, 'lbfgs: state.memory.pairs');
 */
export function stateArray(v: unknown, name: string): unknown[] {
  present(v, name);
  if (!Array.isArray(v)) throw new TypeError(`${name} must be an array, got ${describe(v)}`);
  return v;
}

/**
 * `v` as a boolean, checked.
 * @throws TypeError `${name} must be a boolean, got …` (or `${name} is missing`)
 * @example updated = stateBoolean(c.updated, 'bfgs: state.updated');
 */
export function stateBoolean(v: unknown, name: string): boolean {
  present(v, name);
  if (typeof v !== 'boolean') throw new TypeError(`${name} must be a boolean, got ${describe(v)}`);
  return v;
}
