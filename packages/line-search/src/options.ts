/**
 * Option validation shared by the search factories. Every message starts with the
 * search's name and names the option: `"moreThuente: c2 must be in [c1, 1), got 0"`.
 *
 * @packageDocumentation
 */
import { describe } from '@hessian/core';

/** Reads validated options of one factory call. */
export class OptionReader {
  private readonly values: Readonly<Record<string, unknown>>;

  /**
   * @param name the search's name, the prefix of every message
   * @param options what the user passed (undefined means all defaults)
   * @param known the option names the search accepts
   */
  constructor(
    readonly name: string,
    options: unknown,
    known: readonly string[],
  ) {
    if (options === undefined) options = {};
    if (typeof options !== 'object' || options === null || Array.isArray(options))
      throw new TypeError(`${name}: options must be an object, got ${describe(options)}`);
    for (const key of Object.keys(options))
      if (!known.includes(key))
        throw new TypeError(`${name}: unknown option ${key} (known: ${known.join(', ')})`);
    this.values = options as Record<string, unknown>;
  }

  /** Throws the RangeError `"<name>: <key> must be <rule>, got <value>"`. */
  fail(key: string, rule: string, value: unknown): never {
    throw new RangeError(`${this.name}: ${key} must be ${rule}, got ${String(value)}`);
  }

  /** A number option (NaN rejected), or its default when absent. */
  number(key: string, fallback: number): number {
    const v = this.values[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'number')
      throw new TypeError(`${this.name}: ${key} must be a number, got ${describe(v)}`);
    if (Number.isNaN(v)) this.fail(key, 'a number', v);
    return v;
  }

  /** A number in the open interval (lo, hi). */
  open(key: string, fallback: number, lo: number, hi: number, rule = `in (${lo}, ${hi})`): number {
    const v = this.number(key, fallback);
    if (!(v > lo && v < hi)) this.fail(key, rule, v);
    return v;
  }

  /** An integer >= min. */
  integer(key: string, fallback: number, min: number): number {
    const v = this.number(key, fallback);
    if (!(Number.isInteger(v) && v >= min)) this.fail(key, `an integer >= ${min}`, v);
    return v;
  }

  /** A boolean option. */
  boolean(key: string, fallback: boolean): boolean {
    const v = this.values[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'boolean')
      throw new TypeError(`${this.name}: ${key} must be a boolean, got ${describe(v)}`);
    return v;
  }

  /** One of the listed strings. */
  choice<T extends string>(key: string, fallback: T, choices: readonly T[]): T {
    const v = this.values[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'string' || !choices.includes(v as T))
      throw new RangeError(
        `${this.name}: ${key} must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${typeof v === 'string' ? `'${v}'` : describe(v)}`,
      );
    return v as T;
  }
}
