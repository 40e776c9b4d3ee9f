/**
 * @hessian/problems — the test problem library: the Moré–Garbow–Hillstrom problems,
 * Himmelblau's function, a convex quadratic, scalable CUTEst-family problems and
 * logistic regression, each with exact gradient, dense Hessian and Hessian-vector
 * product. The shared method suite is in `@hessian/problems/suite`.
 *
 * @packageDocumentation
 */
export * from './cutest/arrowhead.js';
export * from './cutest/dixmaan.js';
export * from './cutest/partially-separable.js';
export * from './cutest/rosenbrock.js';
export * from './himmelblau.js';
export * from './least-squares.js';
export * from './logistic.js';
export * from './mgh/banded.js';
export * from './mgh/data-fitting.js';
export * from './mgh/two-variable.js';
export * from './mgh/valleys.js';
export * from './mgh/variable-dimension.js';
export * from './quadratic.js';
export * from './random.js';
export * from './registry.js';
export type { HessianStructure, ProblemOptions, TestProblem } from './types.js';
