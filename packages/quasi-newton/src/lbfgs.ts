/**
 * L-BFGS: limited-memory BFGS by the two-loop recursion.
 *
 * @packageDocumentation
 */
import {
  decodeNumber,
  describe,
  encodeNumber,
  jsKernels,
  type Method,
  type MethodExit,
  type Program,
  report,
  SG_NEW,
  type SimdOption,
  SS,
  SY,
  simdOption,
  startOrResume,
  vectorArena,
  YY,
} from '@hessian/core';
import { type LineSearch, type LineSearchWork, moreThuente } from '@hessian/line-search';
import { powellDampPair } from './damping.js';
import {
  type LbfgsInverseHessian,
  LbfgsMemory,
  type LbfgsMemoryJSON,
  pairsOfOperator,
} from './memory.js';
import {
  booleanOption,
  checkOptionsObject,
  integerOption,
  lineSearchOption,
  toleranceOption,
} from './options.js';
import { curvatureConditionHolds } from './safeguards.js';
import { failureMessage, searchOutcome, searchWithRestart, steepestDescentStep } from './search.js';

/** Options of {@link lbfgs}. */
export interface LbfgsOptions {
  /** m, the number of secant pairs kept. Default 10. */
  memory?: number;
  /** The line search. Default `moreThuente()` (strong Wolfe, c1 = 1e-4, c2 = 0.9). */
  lineSearch?: LineSearch;
  /** Skip a pair when sᵀy ≤ skipTolerance·‖s‖‖y‖. Default 1e-8. */
  skipTolerance?: number;
  /** Powell-damp y when sᵀy < 0.2·sᵀBs (instead of only skipping). Default false. */
  damping?: boolean;
  /**
   * A memory to start from: `result.extra.inverseHessian` of an earlier run, its
   * `toJSON()`, or that JSON as a string. Its newest `memory` pairs are kept.
   */
  warmStart?: LbfgsInverseHessian | LbfgsMemoryJSON | string;
  /**
   * Run the vector kernels (two-loop recursion, secant pair, trial points, slopes) as
   * WebAssembly SIMD: `'auto'` (default) when available and n ≥ 256, `true` whenever
   * available, `false` never. The iterates are the same bit for bit either way.
   */
  simd?: SimdOption;
}

const KNOWN = ['memory', 'lineSearch', 'skipTolerance', 'damping', 'warmStart', 'simd'] as const;
const SKIPPED = Object.freeze({ update: 'skipped' });
const DAMPED = Object.freeze({ update: 'damped' });
const RESTARTED = Object.freeze({ update: 'reset' });

/** A validated warm start: n and the pairs as vectors. */
interface WarmStart {
  dimension: number;
  pairs: { s: Float64Array; y: Float64Array }[];
}

/**
 * Validates and converts a saved L-BFGS memory (see {@link LbfgsMemoryJSON}): the
 * operator itself (`result.extra.inverseHessian`), its `toJSON()` or that JSON as a
 * string. Every pair must have sᵀy > 0.
 *
 * **Reference** Nocedal & Wright (2nd ed.), §7.2 (the pairs of the L-BFGS memory).
 * @throws TypeError/RangeError naming `who: warmStart…` and what is wrong
 * @example parseLbfgsMemory(JSON.stringify(result.extra.inverseHessian)).pairs.length
 */
export function parseLbfgsMemory(v: unknown, who = 'lbfgs', name = 'warmStart'): WarmStart {
  const own = pairsOfOperator(v);
  if (own !== undefined)
    // an operator of this package: its pairs are checked vectors that no run changes again
    return { dimension: (v as LbfgsInverseHessian).dimension, pairs: own };
  let m: unknown = v;
  if (typeof m === 'string') {
    try {
      m = JSON.parse(m);
    } catch (error) {
      throw new TypeError(`${who}: ${name} is a string but not JSON: ${(error as Error).message}`);
    }
  } else if (
    typeof m === 'object' &&
    m !== null &&
    typeof (m as { toJSON?: unknown }).toJSON === 'function'
  )
    m = (m as { toJSON(): unknown }).toJSON();
  if (typeof m !== 'object' || m === null)
    throw new TypeError(`${who}: ${name} must be an L-BFGS memory, got ${describe(m)}`);
  const j = m as Partial<LbfgsMemoryJSON>;
  if (j.format !== 'hessian/lbfgs-memory' || j.version !== 1)
    throw new TypeError(
      `${who}: ${name} must have format 'hessian/lbfgs-memory' and version 1, got ${String(j.format)} version ${String(j.version)}`,
    );
  const n = j.dimension;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1)
    throw new RangeError(`${who}: ${name}.dimension must be an integer >= 1, got ${String(n)}`);
  if (!Array.isArray(j.pairs))
    throw new TypeError(`${who}: ${name}.pairs must be an array, got ${describe(j.pairs)}`);
  const pairs = j.pairs.map((p, i) => {
    const vec = (key: 's' | 'y'): Float64Array => {
      const a = (p as Record<string, unknown> | null)?.[key] as ArrayLike<unknown> | undefined;
      if (a === undefined || a === null || typeof a !== 'object' || a.length !== n)
        throw new RangeError(
          `${who}: ${name}.pairs[${i}].${key} must be an array of length ${n}, got ${describe(a)}`,
        );
      const out = new Float64Array(n);
      for (let k = 0; k < n; k++) {
        const x = a[k];
        if (typeof x !== 'number' || !Number.isFinite(x))
          throw new RangeError(
            `${who}: ${name}.pairs[${i}].${key} must hold finite numbers, got ${String(x)} at index ${k}`,
          );
        out[k] = x;
      }
      return out;
    };
    const s = vec('s');
    const y = vec('y');
    const sy = jsKernels.dot(s, y);
    if (!(sy > 0)) throw new RangeError(`${who}: ${name}.pairs[${i}] must have sᵀy > 0, got ${sy}`);
    return { s, y };
  });
  return { dimension: n, pairs };
}

/**
 * L-BFGS: quasi-Newton steps d = −H g where H is the L-BFGS inverse-Hessian
 * approximation from the last m pairs (s, y), applied by the two-loop recursion with
 * H₀ = gamma·I, gamma = sᵀy / yᵀy of the newest pair (before any pair: H = I, and the
 * first trial step is min(1, 1/‖g‖₂); afterwards 1).
 *
 * Each iteration makes 2m + 1 passes over memory: one fused pass writes s, y and
 * all their inner products (sᵀy, yᵀy, ‖s‖², sᵀg⁺); each axpy of the two-loop is fused
 * with the next inner product, and the last one with gᵀd. The pairs live in ring
 * buffers of m + 1 slots, each allocated once; nothing is allocated per iteration.
 *
 * Safeguards: a pair with sᵀy ≤ skipTolerance·‖s‖‖y‖ is skipped (or first
 * Powell-damped with B s = −alpha g, when `damping`); on a line-search failure the
 * memory is cleared once and the step retried along −g before the run ends with
 * `line-search-failed`.
 *
 * The result's `extra.inverseHessian` is the final H as an operator
 * ({@link LbfgsInverseHessian}: `apply(v)`, `toJSON()`); pass it (or its JSON) as
 * `warmStart` to resume: a run split in two gives the same iterates, bit for bit.
 *
 * **Checkpoints** (`report.checkpoint()`, `options.resume`): the memory exactly (the
 * pairs oldest first with their stored 1/sᵀy, and gamma) and the fused s_newestᵀg; a
 * resumed run ignores `warmStart` (the checkpoint's memory replaces it).
 *
 * **Requires** a gradient (without one the driver uses finite differences).
 * **Options** `memory` 10, `lineSearch` moreThuente(), `skipTolerance` 1e-8,
 * `damping` false, `warmStart` none (see {@link LbfgsOptions}).
 * **Reference** Nocedal & Wright, *Numerical Optimization* (2nd ed., 2006),
 * Algorithm 7.4 (two-loop recursion), Algorithm 7.5, (7.20) (scaling);
 * Procedure 18.2 (Powell damping). Liu & Nocedal, Math. Programming 45 (1989).
 * @throws RangeError/TypeError for a bad option, e.g. `lbfgs: memory must be an integer >= 1, got 0`
 * @example
 * const r = run(lbfgs({ memory: 5 }), problem, x0);
 * const H = r.extra!.inverseHessian as LbfgsInverseHessian;
 * const r2 = run(lbfgs({ warmStart: JSON.stringify(H) }), problem, r.x);
 */
export function lbfgs(options?: LbfgsOptions): Method {
  const who = 'lbfgs';
  const o = checkOptionsObject(who, options, KNOWN);
  const m = integerOption(who, 'memory', o.memory, 1, 10);
  const ls = lineSearchOption(who, o.lineSearch, () => moreThuente());
  const epsilon = toleranceOption(who, 'skipTolerance', o.skipTolerance, 1e-8);
  const damping = booleanOption(who, 'damping', o.damping, false);
  const warm = o.warmStart === undefined ? undefined : parseLbfgsMemory(o.warmStart, who);
  const simd = simdOption(who, o.simd);

  return {
    name: who,
    resumable: true,
    *program(x0, context): Program<MethodExit> {
      const n = context.dimension;
      if (warm && warm.dimension !== n)
        throw new RangeError(
          `lbfgs: warmStart has dimension ${warm.dimension}, the problem has dimension ${n}`,
        );
      // the pairs, x, ∇f and x⁺, ∇f⁺ (line-search work) and d, in one arena
      const arena = vectorArena(n, 2 * (m + 1) + 5, simd);
      const kernels = arena.kernels;
      const mem = new LbfgsMemory(n, m, arena);
      if (warm) mem.load(warm.pairs);
      let cur: LineSearchWork = { x: arena.vector(), g: arena.vector(), kernels };
      let next: LineSearchWork = { x: arena.vector(), g: arena.vector(), kernels };
      cur.x.set(x0);
      const d = arena.vector();
      const prod = new Float64Array(5);
      const outcome = searchOutcome();
      const reset = () => mem.clear();
      const exit = (e: MethodExit = {}): MethodExit => ({
        ...e,
        extra: { inverseHessian: mem.detached().operator() },
      });
      let newestDot = Number.NaN; // s_newestᵀg when the fused secant pass computed it
      // Everything the next iteration depends on besides x, f and ∇f: the memory exactly
      // (the stored 1/sᵀy and gamma, not recomputed) and the fused s_newestᵀg.
      const checkpoint = () => ({ memory: mem.save(), newestDot: encodeNumber(newestDot) });

      let f = yield* startOrResume(cur.x, cur.g, context, who, (state) => {
        mem.restore(state.memory, 'lbfgs: state.memory');
        newestDot = decodeNumber(state.newestDot, 'lbfgs: state.newestDot');
      });
      if (!Number.isFinite(f))
        return exit({ status: 'non-finite', message: 'lbfgs: f or ∇f is not finite at x0.' });
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
        const steepest = mem.count === 0;
        const slope = mem.direction(cur.g, d, newestDot);
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
        const s = mem.candidateS();
        const y = mem.candidateY();
        kernels.secantPair(next.x, cur.x, next.g, cur.g, s, y, prod);
        newestDot = prod[SG_NEW];
        let info: Readonly<Record<string, string>> | undefined = r.restarted
          ? RESTARTED
          : undefined;
        // damping changes y only: the fused sᵀg⁺ stays exact
        if (damping && powellDampPair(prod, s, y, alpha, cur.g)) info = DAMPED;
        if (curvatureConditionHolds(prod[SY], prod[SS], prod[YY], epsilon))
          mem.commit(prod[SY], prod[YY]);
        else {
          newestDot = Number.NaN;
          info = SKIPPED;
        }
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
