/**
 * A small seeded pseudo-random generator, so that generated problems and random test
 * points are the same on every machine, bit for bit.
 *
 * @packageDocumentation
 */

export { mulberry32, type RandomSource } from '@hessian/core';

import type { RandomSource } from '@hessian/core';

/**
 * A standard normal sample from two uniform ones (Box–Muller, cosine branch).
 *
 * **Reference** G. E. P. Box and M. E. Muller, "A note on the generation of random
 * normal deviates", Ann. Math. Statist. 29 (1958) 610–611.
 * @example const z = standardNormal(mulberry32(1));
 */
export function standardNormal(rand: RandomSource): number {
  const u = 1 - rand(); // in (0, 1]: log(u) is finite
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
