/**
 * `autodiffProblem`: a core problem whose gradient, Hessian-vector product and dense
 * Hessian are computed exactly from the objective alone.
 *
 * @packageDocumentation
 */
import type { DenseMatrix, ProblemSpec, Vector } from '@hessian/core';
import { Compiled, type Mode } from './compile.js';
import { show, trace, type Var } from './graph.js';

/**
 * What {@link autodiffProblem} returns: a core problem spec with every derivative, for
 * `run`, `minimize`, the Hessian analysis and the benchmarks alike.
 *
 * **Requires** x, v and out of length `dimension` (x may be any array of numbers; out a
 * `Float64Array`); one call at a time (the work arrays are shared).
 * **Reference** Griewank & Walther (2008), ch. 3–5; Pearlmutter (1994).
 * @example
 * const p: AutodiffProblem = autodiffProblem((x) => x.square().sum(), 3);
 * p.hessianVectorProduct(x, v, out); // out = 2v
 */
export interface AutodiffProblem extends ProblemSpec {
  readonly dimension: number;
  /** f(x). */
  value(x: Vector): number;
  /** out ← ∇f(x) (reverse mode). */
  gradient(x: Vector, out: Vector): void;
  /** out ← ∇f(x); returns f(x). */
  valueAndGradient(x: Vector, out: Vector): number;
  /** out ← ∇²f(x)·v (forward-over-reverse). */
  hessianVectorProduct(x: Vector, v: Vector, out: Vector): void;
  /** out ← ∇²f(x), n×n, by n Hessian-vector products, symmetrized. */
  hessian(x: Vector, out: DenseMatrix): void;
  /** The size of the traced graph: operations recorded, compiled steps (loops and matrix products). */
  readonly tape: { readonly nodes: number; readonly steps: number };
  /** The generated JavaScript of a mode, for inspection. */
  source(mode: 'value' | 'gradient' | 'hvp'): string;
}

/**
 * Makes a core problem from an objective written once over traced values: f receives
 * x as a {@link Var} of length n and returns a scalar Var. f is called once, here,
 * to record its operations (nothing is evaluated then); the recorded graph is fused
 * into loops and compiled to JavaScript, so each call runs plain loops over
 * `Float64Array`s without allocating.
 *
 * - `value`: one forward pass.
 * - `gradient`, `valueAndGradient`: reverse mode (the forward pass, then the adjoint
 *   sweep), exact to rounding, at a small multiple of the cost of f.
 * - `hessianVectorProduct`: forward-over-reverse: tangents ẋ = v carried through the
 *   forward pass, then the reverse sweep on (adjoint, adjoint-tangent) pairs; exact,
 *   at about twice the cost of a gradient, never forming ∇²f.
 * - `hessian`: n HVPs with the unit vectors, symmetrized ((H + Hᵀ)/2), O(n·cost(f)).
 *
 * **Requires** f built only from Var operations (no branching on values: the trace
 * has none); n an integer >= 1; `x` and `out` of length n at each call; an
 * environment that permits `new Function` (not a page with a strict CSP). The
 * functions share work arrays, so a problem is not re-entrant; constant vectors and
 * matrices given to f are read at each call, not copied.
 * **Reference** A. Griewank and A. Walther, *Evaluating Derivatives*, 2nd ed., SIAM
 * (2008): ch. 3 (forward and reverse modes), ch. 4 (their cost: a gradient within a
 * small constant times f), ch. 5 (second-order adjoints, tangents of adjoints);
 * B. A. Pearlmutter, "Fast exact multiplication by the Hessian", *Neural Computation*
 * 6(1) (1994) 147–160.
 * @throws TypeError when f is not a function or misuses Vars; RangeError for a bad n,
 *   a length mismatch or a scalar result of the wrong length (all raised here, while tracing).
 * @example
 * const rosenbrock = autodiffProblem((x) => {
 *   const a = x.at(0), b = x.at(1);
 *   return b.sub(a.square()).square().mul(100).add(a.sub(1).square());
 * }, 2);
 * const g = new Float64Array(2);
 * rosenbrock.valueAndGradient(new Float64Array([-1.2, 1]), g); // 24.2, g = [-215.6, -88]
 */
export function autodiffProblem(f: (x: Var) => Var, n: number): AutodiffProblem {
  if (typeof f !== 'function')
    throw new TypeError(`autodiffProblem: f must be a function, got ${show(f)}`);
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1)
    throw new RangeError(`autodiffProblem: n must be an integer >= 1, got ${show(n)}`);
  const compiled = new Compiled(trace(f, n));
  const column = new Float64Array(n);
  const unit = new Float64Array(n);
  const input = new Float64Array(n);
  const direction = new Float64Array(n);

  /** x as a Float64Array of length n (copied into `into` when it is another array). */
  const vec = (fn: string, name: string, a: Vector, into: Float64Array): Float64Array => {
    if (a === null || typeof a !== 'object' || a.length !== n)
      throw new RangeError(
        `autodiffProblem.${fn}: ${name} must have length ${n}, got ${a === null || typeof a !== 'object' ? show(a) : `length ${a.length}`}`,
      );
    if (a instanceof Float64Array) return a;
    into.set(a);
    return into;
  };
  const output = (fn: string, out: Vector): Float64Array => {
    if (!(out instanceof Float64Array) || out.length !== n)
      throw new RangeError(`autodiffProblem.${fn}: out must be a Float64Array of length ${n}`);
    return out;
  };

  const problem: AutodiffProblem = {
    dimension: n,
    value: (x) => compiled.value(vec('value', 'x', x, input)),
    gradient: (x, out) => {
      compiled.gradient(vec('gradient', 'x', x, input), output('gradient', out));
    },
    valueAndGradient: (x, out) =>
      compiled.gradient(vec('valueAndGradient', 'x', x, input), output('valueAndGradient', out)),
    hessianVectorProduct: (x, v, out) => {
      compiled.hvp(
        vec('hessianVectorProduct', 'x', x, input),
        vec('hessianVectorProduct', 'v', v, direction),
        output('hessianVectorProduct', out),
      );
    },
    hessian: (x, out) => {
      const xv = vec('hessian', 'x', x, input);
      if (out?.rows !== n || out.cols !== n || !(out.data instanceof Float64Array))
        throw new RangeError(`autodiffProblem.hessian: out must be a ${n}×${n} DenseMatrix`);
      const h = out.data;
      for (let j = 0; j < n; j++) {
        unit[j] = 1;
        compiled.hvp(xv, unit, column);
        unit[j] = 0;
        for (let i = 0; i < n; i++) h[i * n + j] = column[i];
      }
      for (let i = 0; i < n; i++)
        for (let j = i + 1; j < n; j++) {
          const s = 0.5 * (h[i * n + j] + h[j * n + i]);
          h[i * n + j] = s;
          h[j * n + i] = s;
        }
    },
    tape: { nodes: compiled.graph.nodes.length, steps: compiled.graph.steps.length },
    source: (mode: Mode) => compiled.source(mode),
  };
  return Object.freeze(problem);
}
