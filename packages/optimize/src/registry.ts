/**
 * The method registry: every method name `minimize` knows, its factory, and what it
 * needs from the problem.
 *
 * @packageDocumentation
 */
import type { Capabilities, Method } from '@hessian/core';
import { type DampedNewtonOptions, dampedNewton } from '@hessian/damped-newton';
import { type NewtonCgOptions, newtonCg } from '@hessian/hessian-free';
import { type NewtonOptions, newton } from '@hessian/newton';
import {
  type BfgsOptions,
  bfgs,
  type LbfgsOptions,
  lbfgs,
  type Sr1CurvatureOptions,
  sr1Curvature,
} from '@hessian/quasi-newton';
import {
  dogleg,
  type TrustRegionOptions,
  trustExact,
  trustKrylov,
  trustNcg,
  trustRegion,
  trustRegionCauchy,
} from '@hessian/trust-region';

/** Per-method options, keyed by method name. */
export interface MethodOptionsMap {
  newton: NewtonOptions;
  'damped-newton': DampedNewtonOptions;
  'trust-exact': Omit<TrustRegionOptions, 'subproblem'>;
  'trust-ncg': Omit<TrustRegionOptions, 'subproblem'>;
  'trust-krylov': Omit<TrustRegionOptions, 'subproblem'>;
  dogleg: Omit<TrustRegionOptions, 'subproblem'>;
  'trust-region-cauchy': Omit<TrustRegionOptions, 'subproblem'>;
  bfgs: BfgsOptions;
  lbfgs: LbfgsOptions;
  'sr1-trust-region': Omit<TrustRegionOptions, 'subproblem' | 'curvature'> & {
    sr1?: Sr1CurvatureOptions;
  };
  'newton-cg': NewtonCgOptions;
}

/** Every method name. */
export type MethodName = keyof MethodOptionsMap;

/** What a method needs and how to make it. */
export interface MethodEntry<K extends MethodName = MethodName> {
  readonly name: K;
  /** One line for the decision table. */
  readonly summary: string;
  /** Second-order information the method needs: 'hessian' (dense), 'hvp', or 'gradient' (first-order only). */
  readonly needs: 'hessian' | 'hvp' | 'gradient';
  create(options: MethodOptionsMap[K]): Method;
}

function entry<K extends MethodName>(e: MethodEntry<K>): MethodEntry<K> {
  return e;
}

/** The registry, in the order of the docs' decision table. */
export const METHODS: { readonly [K in MethodName]: MethodEntry<K> } = {
  newton: entry({
    name: 'newton',
    summary: 'exact Newton: quadratic convergence to a critical point (any kind)',
    needs: 'hessian',
    create: (o) => newton(o),
  }),
  'damped-newton': entry({
    name: 'damped-newton',
    summary: 'line-search Newton with Hessian modification: always descends',
    needs: 'hessian',
    create: (o) => dampedNewton(o),
  }),
  'trust-exact': entry({
    name: 'trust-exact',
    summary: 'trust region, Moré–Sorensen subproblem on the dense Hessian',
    needs: 'hessian',
    create: (o) => trustExact(o),
  }),
  'trust-ncg': entry({
    name: 'trust-ncg',
    summary: 'trust region, Steihaug–Toint truncated CG on HVPs',
    needs: 'hvp',
    create: (o) => trustNcg(o),
  }),
  'trust-krylov': entry({
    name: 'trust-krylov',
    summary: 'trust region, GLTR/Lanczos near-exact subproblem on HVPs',
    needs: 'hvp',
    create: (o) => trustKrylov(o),
  }),
  dogleg: entry({
    name: 'dogleg',
    summary: 'trust region, dogleg step (positive-definite Hessian)',
    needs: 'hessian',
    create: (o) => dogleg(o),
  }),
  'trust-region-cauchy': entry({
    name: 'trust-region-cauchy',
    summary: 'trust region, Cauchy point (a baseline)',
    needs: 'hvp',
    create: (o) => trustRegionCauchy(o),
  }),
  bfgs: entry({
    name: 'bfgs',
    summary: 'BFGS with a dense inverse-Hessian approximation',
    needs: 'gradient',
    create: (o) => bfgs(o),
  }),
  lbfgs: entry({
    name: 'lbfgs',
    summary: 'limited-memory BFGS: O(mn) per iteration, for large n',
    needs: 'gradient',
    create: (o) => lbfgs(o),
  }),
  'sr1-trust-region': entry({
    name: 'sr1-trust-region',
    summary: 'trust region on an SR1 approximation (indefinite curvature allowed)',
    needs: 'gradient',
    create: ({ sr1, ...o }) => {
      const m = trustRegion({ ...o, subproblem: 'exact', curvature: sr1Curvature(sr1) });
      // Everything the trust-region method object has (resumable, …), under this name.
      return { ...m, name: 'sr1-trust-region', program: m.program.bind(m) };
    },
  }),
  'newton-cg': entry({
    name: 'newton-cg',
    summary: 'truncated Newton: line search + CG on HVPs (Hessian-free)',
    needs: 'hvp',
    create: (o) => newtonCg(o),
  }),
};

/** All method names, in table order. */
export const METHOD_NAMES = Object.keys(METHODS) as MethodName[];

/**
 * The automatic choice: a dense Hessian and n ≤ 1000 → `trust-exact`; HVPs (or a
 * Hessian with n > 1000) → `trust-ncg`; a gradient only → `lbfgs`; values only →
 * `lbfgs` on finite-difference gradients.
 */
export function chooseMethod(
  capabilities: Capabilities,
  n: number,
): { method: MethodName; reason: string } {
  if (capabilities.hessian && n <= 1000)
    return { method: 'trust-exact', reason: 'the problem gives a dense Hessian and n <= 1000' };
  if (capabilities.hvp)
    return { method: 'trust-ncg', reason: 'the problem gives Hessian-vector products' };
  if (capabilities.hessian)
    return {
      method: 'trust-ncg',
      reason: 'the problem gives a Hessian but n > 1000: HVPs from it, no factorization',
    };
  if (capabilities.gradient)
    return { method: 'lbfgs', reason: 'the problem gives a gradient only' };
  return {
    method: 'lbfgs',
    reason: 'the problem gives values only: L-BFGS on finite-difference gradients',
  };
}
