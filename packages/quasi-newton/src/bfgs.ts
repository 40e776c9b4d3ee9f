/**
 * BFGS with a dense inverse-Hessian approximation.
 *
 * @packageDocumentation
 */
import {
  DenseMatrix,
  decodeVector,
  encodeVector,
  jsKernels,
  type Method,
  type MethodExit,
  type Program,
  report,
  SS,
  SY,
  startOrResume,
  YY,
} from '@hessian/core';
import { createLineSearchWork, type LineSearch, moreThuente } from '@hessian/line-search';
import { stateBoolean } from './checkpoint.js';
import { powellDampPair } from './damping.js';
import { bfgsInverseUpdate, negProductDot, setScaledIdentity } from './dense.js';
import { booleanOption, checkOptionsObject, lineSearchOption, toleranceOption } from './options.js';
import { curvatureConditionHolds, inverseScaling } from './safeguards.js';
import { failureMessage, searchOutcome, searchWithRestart, steepestDescentStep } from './search.js';

/** Options of {@link bfgs}. */
export interface BfgsOptions {
  /** The line search. Default `moreThuente()` (strong Wolfe, c1 = 1e-4, c2 = 0.9). */
  lineSearch?: LineSearch;
  /** Skip the update when sᵀy ≤ skipTolerance·‖s‖‖y‖. Default 1e-8. */
  skipTolerance?: number;
  /** Powell-damp y when sᵀy < 0.2·sᵀBs (instead of only skipping). Default false. */
  damping?: boolean;
  /** Replace H₀ = I by (sᵀy / yᵀy)·I before the first update (6.20). Default true. */
  initialScaling?: boolean;
}

const KNOWN = ['lineSearch', 'skipTolerance', 'damping', 'initialScaling'] as const;
const SKIPPED = Object.freeze({ update: 'skipped' });
const DAMPED = Object.freeze({ update: 'damped' });
const RESTARTED = Object.freeze({ update: 'reset' });

/**
 * BFGS: quasi-Newton steps d = −H g with a dense inverse-Hessian approximation H,
 * updated after every step by the BFGS formula (6.17). H starts as I (first trial
 * step min(1, 1/‖g‖₂); afterwards 1) and, with `initialScaling`, is replaced by
 * (sᵀy / yᵀy)·I just before the first update (6.20).
 *
 * Safeguards: the update is skipped when sᵀy ≤ skipTolerance·‖s‖‖y‖; with `damping`
 * y is first replaced by Powell's r = theta·y + (1 − theta)·B s (B s = −alpha g);
 * on a line-search failure H is reset to I once and the step retried along −g before
 * the run ends with `line-search-failed`.
 *
 * O(n²) memory and work per iteration: for large n use {@link lbfgs}.
 * The result's `extra.inverseHessian` is the final H (a `DenseMatrix`).
 *
 * **Checkpoints** (`report.checkpoint()`, `options.resume`): H (n² numbers) and whether
 * it was updated yet.
 *
 * **Requires** a gradient (without one the driver uses finite differences).
 * **Options** `lineSearch` moreThuente(), `skipTolerance` 1e-8, `damping` false,
 * `initialScaling` true (see {@link BfgsOptions}).
 * **Reference** Nocedal & Wright, *Numerical Optimization* (2nd ed., 2006),
 * Algorithm 6.1, (6.17) (inverse update), (6.20) (first-step scaling);
 * Procedure 18.2 (Powell damping).
 * @throws RangeError/TypeError for a bad option, e.g. `bfgs: skipTolerance must be a number in [0, 1), got -1`
 * @example const r = run(bfgs(), problem, [-1.2, 1]);
 */
export function bfgs(options?: BfgsOptions): Method {
  const who = 'bfgs';
  const o = checkOptionsObject(who, options, KNOWN);
  const ls = lineSearchOption(who, o.lineSearch, () => moreThuente());
  const epsilon = toleranceOption(who, 'skipTolerance', o.skipTolerance, 1e-8);
  const damping = booleanOption(who, 'damping', o.damping, false);
  const initialScaling = booleanOption(who, 'initialScaling', o.initialScaling, true);

  return {
    name: who,
    resumable: true,
    *program(x0, context): Program<MethodExit> {
      const n = context.dimension;
      const H = DenseMatrix.identity(n);
      let updated = false; // false while H = I
      let cur = createLineSearchWork(n);
      let next = createLineSearchWork(n);
      cur.x.set(x0);
      const d = new Float64Array(n);
      const s = new Float64Array(n);
      const y = new Float64Array(n);
      const Hy = new Float64Array(n);
      const prod = new Float64Array(5);
      const outcome = searchOutcome();
      const reset = () => {
        setScaledIdentity(H, 1);
        updated = false;
      };
      const exit = (e: MethodExit = {}): MethodExit => ({ ...e, extra: { inverseHessian: H } });

      // Everything the next iteration depends on besides x, f and ∇f: H, and whether it
      // was ever updated (which picks the first trial step and the scaling (6.20)).
      const checkpoint = () => ({ inverseHessian: encodeVector(H.data), updated });

      let f = yield* startOrResume(cur.x, cur.g, context, who, (state) => {
        decodeVector(state.inverseHessian, n * n, 'bfgs: state.inverseHessian', H.data);
        updated = stateBoolean(state.updated, 'bfgs: state.updated');
      });
      if (!Number.isFinite(f))
        return exit({ status: 'non-finite', message: 'bfgs: f or ∇f is not finite at x0.' });
      if (
        yield* report({
          op: 'iteration',
          x: cur.x,
          value: f,
          gradient: cur.g,
          initial: true,
          checkpoint,
        })
      )
        return exit();
      for (;;) {
        const steepest = !updated;
        const slope = negProductDot(H, cur.g, d);
        const alpha0 = steepest ? steepestDescentStep(-slope) : 1;
        const r = yield* searchWithRestart(
          ls,
          cur.x,
          cur.g,
          f,
          d,
          slope,
          alpha0,
          next,
          steepest,
          reset,
          outcome,
        );
        if (r.end !== undefined)
          return exit({ status: r.end, message: failureMessage(who, ls, r) });
        const alpha = r.alpha;
        jsKernels.secantPair(next.x, cur.x, next.g, cur.g, s, y, prod);
        let info: Readonly<Record<string, string>> | undefined = r.restarted
          ? RESTARTED
          : undefined;
        if (damping && powellDampPair(prod, s, y, alpha, cur.g)) info = DAMPED;
        const sy = prod[SY];
        const yy = prod[YY];
        if (curvatureConditionHolds(sy, prod[SS], yy, epsilon)) {
          if (!updated && initialScaling) setScaledIdentity(H, inverseScaling(sy, yy));
          bfgsInverseUpdate(H, s, y, sy, Hy);
          updated = true;
        } else info = SKIPPED;
        f = r.value;
        const t = cur;
        cur = next;
        next = t;
        if (
          yield* report({
            op: 'iteration',
            x: cur.x,
            value: f,
            gradient: cur.g,
            stepNorm: Math.sqrt(prod[SS]),
            stepLength: alpha,
            info,
            checkpoint,
          })
        )
          return exit();
      }
    },
  };
}
