/**
 * Option validation shared by the quasi-Newton methods and providers. Every error
 * message starts with the method's (or provider's) name and names the option.
 *
 * @packageDocumentation
 */
import { describe } from '@hessian/core';
import type { LineSearch } from '@hessian/line-search';

/** Throws unless `options` is undefined or a plain object whose keys are all known. */
export function checkOptionsObject(
  who: string,
  options: unknown,
  known: readonly string[],
): Record<string, unknown> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new TypeError(`${who}: options must be an object, got ${describe(options)}`);
  for (const key of Object.keys(options))
    if (!known.includes(key))
      throw new TypeError(`${who}: unknown option '${key}' (known: ${known.join(', ')})`);
  return options as Record<string, unknown>;
}

/** An integer >= min, or the default. */
export function integerOption(who: string, name: string, v: unknown, min: number, dflt: number) {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min)
    throw new RangeError(`${who}: ${name} must be an integer >= ${min}, got ${formatValue(v)}`);
  return v;
}

/** A number in [0, 1), or the default. */
export function toleranceOption(who: string, name: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !(v >= 0 && v < 1))
    throw new RangeError(`${who}: ${name} must be a number in [0, 1), got ${formatValue(v)}`);
  return v;
}

/** A boolean, or the default. */
export function booleanOption(who: string, name: string, v: unknown, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean')
    throw new TypeError(`${who}: ${name} must be a boolean, got ${formatValue(v)}`);
  return v;
}

/** A {@link LineSearch}, or the default (made only when needed). */
export function lineSearchOption(who: string, v: unknown, dflt: () => LineSearch): LineSearch {
  if (v === undefined) return dflt();
  const ls = v as LineSearch;
  if (
    typeof v !== 'object' ||
    v === null ||
    typeof ls.search !== 'function' ||
    typeof ls.usesSlope !== 'boolean' ||
    typeof ls.name !== 'string'
  )
    throw new TypeError(
      `${who}: lineSearch must be a LineSearch { name, usesSlope, search }, got ${describe(v)}`,
    );
  return ls;
}

/** Numbers print as themselves (`0`, `NaN`, `-1`), everything else as {@link describe} says. */
export function formatValue(v: unknown): string {
  return typeof v === 'number' ? String(v) : describe(v);
}
