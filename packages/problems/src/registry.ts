/**
 * The problem registry: every problem by its kebab-case name.
 *
 * @packageDocumentation
 */
import { arwhead, bdqrtic, nondquar } from './cutest/arrowhead.js';
import { dixmaana, dixmaanb, dixmaanc, dixmaand } from './cutest/dixmaan.js';
import { engval1, powellsg, tridia } from './cutest/partially-separable.js';
import { chainedRosenbrock, extendedRosenbrock, fletchcr } from './cutest/rosenbrock.js';
import { himmelblau } from './himmelblau.js';
import { logisticRegression } from './logistic.js';
import { broydenTridiagonal, discreteBoundaryValue } from './mgh/banded.js';
import { bard, biggsExp6, box3d, gaussian, watson } from './mgh/data-fitting.js';
import {
  beale,
  brownBadlyScaled,
  freudensteinRoth,
  powellBadlyScaled,
  rosenbrock,
} from './mgh/two-variable.js';
import { helicalValley, powellSingular, wood } from './mgh/valleys.js';
import {
  brownAlmostLinear,
  penalty1,
  penalty2,
  trigonometric,
  variablyDimensioned,
} from './mgh/variable-dimension.js';
import { convexQuadratic } from './quadratic.js';
import type { ProblemOptions, TestProblem } from './types.js';

type Factory = (o: ProblemOptions) => TestProblem;

/** A fixed-dimension problem: `n`, when given, must equal its dimension. */
function fixed(make: () => TestProblem): Factory {
  return (o) => {
    const p = make();
    if (o.n !== undefined && o.n !== p.dimension)
      throw new RangeError(
        `${p.name}: n must be ${p.dimension} (the dimension is fixed), got ${String(o.n)}`,
      );
    return p;
  };
}

/** A problem whose dimension is the parameter n. */
function sized(make: (n?: number) => TestProblem): Factory {
  return (o) => make(o.n);
}

const CLASSIC: Readonly<Record<string, Factory>> = {
  rosenbrock: fixed(rosenbrock),
  'freudenstein-roth': fixed(freudensteinRoth),
  'powell-badly-scaled': fixed(powellBadlyScaled),
  'brown-badly-scaled': fixed(brownBadlyScaled),
  beale: fixed(beale),
  'helical-valley': fixed(helicalValley),
  bard: fixed(bard),
  gaussian: fixed(gaussian),
  'box-3d': fixed(box3d),
  'powell-singular': fixed(powellSingular),
  wood: fixed(wood),
  'biggs-exp6': fixed(biggsExp6),
  watson: sized(watson),
  'penalty-1': sized(penalty1),
  'penalty-2': sized(penalty2),
  'variably-dimensioned': sized(variablyDimensioned),
  trigonometric: sized(trigonometric),
  'brown-almost-linear': sized(brownAlmostLinear),
  'discrete-boundary-value': sized(discreteBoundaryValue),
  'broyden-tridiagonal': sized(broydenTridiagonal),
  himmelblau: fixed(himmelblau),
  quadratic: (o) => convexQuadratic(o.n, o.condition, o.seed),
};

const SCALABLE: Readonly<Record<string, Factory>> = {
  'extended-rosenbrock': sized(extendedRosenbrock),
  'chained-rosenbrock': sized(chainedRosenbrock),
  arwhead: sized(arwhead),
  bdqrtic: sized(bdqrtic),
  tridia: sized(tridia),
  dixmaana: sized(dixmaana),
  dixmaanb: sized(dixmaanb),
  dixmaanc: sized(dixmaanc),
  dixmaand: sized(dixmaand),
  powellsg: sized(powellsg),
  nondquar: sized(nondquar),
  engval1: sized(engval1),
  fletchcr: sized(fletchcr),
  'logistic-regression': (o) =>
    logisticRegression({ m: o.m, n: o.n, lambda: o.lambda, seed: o.seed }),
};

/**
 * The classic problems: Moré–Garbow–Hillstrom (in the paper's order), Himmelblau and
 * the convex quadratic. Small, with dense Hessians (band 2 for the discrete boundary
 * value and Broyden tridiagonal functions).
 */
export const classicProblemNames: readonly string[] = Object.freeze(Object.keys(CLASSIC));

/**
 * The scalable problems (CUTEst family and logistic regression): any n, gradient and
 * Hessian-vector product in O(n) time (O(mn) for logistic regression), no n×n storage.
 */
export const scalableProblemNames: readonly string[] = Object.freeze(Object.keys(SCALABLE));

const KNOWN_OPTIONS = new Set(['n', 'condition', 'seed', 'm', 'lambda']);

/**
 * A problem by name, built fresh (its work arrays belong to it).
 *
 * **Options** `n`: the dimension of a problem that takes one (each has its own
 * default: 10 for the MGH problems with variable n, 6 for Watson, 100 for the scalable
 * ones, 90 for DIXMAAN*, 20 for logistic regression); for a fixed-dimension problem,
 * `n` must equal its dimension when given. `condition`, `seed`: the `quadratic`
 * (defaults 100, 1). `m`, `lambda`, `seed`: `logistic-regression` (defaults 200, 1e-3,
 * 1). Options a problem does not take are ignored.
 * **Reference** each problem's `source`.
 * @throws RangeError for an unknown name (listing the names), an unknown option or a
 *   bad option value (the message starts with the problem's name)
 * @example const p = getProblem('extended-rosenbrock', { n: 1000 });
 */
export function getProblem(name: string, options: ProblemOptions = {}): TestProblem {
  if (typeof options !== 'object' || options === null)
    throw new TypeError(`getProblem: options must be an object, got ${String(options)}`);
  for (const key of Object.keys(options))
    if (!KNOWN_OPTIONS.has(key))
      throw new RangeError(
        `getProblem: unknown option '${key}'; the options are ${[...KNOWN_OPTIONS].join(', ')}`,
      );
  const make = Object.hasOwn(CLASSIC, name)
    ? CLASSIC[name]
    : Object.hasOwn(SCALABLE, name)
      ? SCALABLE[name]
      : undefined;
  if (make === undefined)
    throw new RangeError(
      `getProblem: unknown problem '${String(name)}'; the problems are ${[
        ...classicProblemNames,
        ...scalableProblemNames,
      ].join(', ')}`,
    );
  return make(options);
}
