/**
 * The shared curvature interface: every method that needs second-order information
 * takes it from a {@link CurvatureProvider}, whatever its source (exact, finite
 * differences, a quasi-Newton approximation).
 *
 * @packageDocumentation
 */
import type { DenseMatrix } from '../matrix.js';
import type { MethodContext, Program } from '../protocol.js';
import type { Vector } from '../vector.js';

/**
 * Curvature for one run. Programs answer 0 on success and NaN when a value was not
 * finite (as the protocol's answers do).
 */
export interface CurvatureProvider {
  /** 'exact', 'finite-difference', 'bfgs', 'sr1', 'lbfgs', … */
  readonly kind: string;
  /** out ← H(x) (dense). Present when the provider can give a dense matrix. */
  hessian?(x: Vector, out: DenseMatrix): Program<number>;
  /** out ← H(x)·v. Always present. */
  hvp(x: Vector, v: Vector, out: Vector): Program<number>;
  /** Secant approximations learn from a step s = x⁺ − x and y = ∇f(x⁺) − ∇f(x). */
  update?(step: Vector, gradientChange: Vector): void;
  /**
   * The provider's state as plain JSON, for a run's checkpoint: a secant approximation's
   * memory, or a cache (a Hessian kept for its point). A provider with `update` must have
   * `checkpoint` and `restore` for the methods using it to checkpoint a run.
   */
  checkpoint?(): unknown;
  /** Restores what `checkpoint` returned (after a JSON round trip) into a fresh provider. */
  restore?(state: unknown): void;
}

/**
 * What a user passes to a method: a factory that makes a fresh provider for each
 * run (so a method object can be reused, and a provider's state never leaks
 * between runs).
 */
export interface CurvatureSource {
  readonly kind: string;
  /** True when the providers made give `hessian`. */
  readonly dense: boolean;
  create(context: MethodContext): CurvatureProvider;
}
