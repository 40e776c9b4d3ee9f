/**
 * A small seeded pseudo-random generator, so that random test points, probes and
 * generated problems are the same on every machine, bit for bit.
 *
 * @packageDocumentation
 */

/** A generator of uniform numbers in [0, 1). */
export type RandomSource = () => number;

/**
 * Mulberry32: a 32-bit state generator of uniform numbers in [0, 1) with 2⁻³² resolution.
 * Fast and good enough for test data (not for cryptography).
 *
 * **Requires** an integer seed (taken modulo 2³²).
 * **Reference** T. Ettinger, "Mulberry32" (2017), public domain; the constants are his.
 * @throws RangeError when `seed` is not an integer
 * @example
 * const rand = mulberry32(42);
 * rand(); // 0.6011037519201636, on every machine
 */
export function mulberry32(seed: number): RandomSource {
  if (typeof seed !== 'number' || !Number.isInteger(seed))
    throw new RangeError(`mulberry32: seed must be an integer, got ${String(seed)}`);
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
