/**
 * The safeguarded step of Moré & Thuente: one update of the interval of uncertainty
 * and the next trial step (MINPACK-2 `dcstep`).
 *
 * @packageDocumentation
 */
import { cubicMinimizer, quadraticMinimizer, secantMinimizer } from './interpolation.js';

/**
 * The interval of uncertainty: `stx` is the step with the least (modified) value so far,
 * `sty` the other endpoint; `bracketed` once a minimizer lies between them.
 */
export interface UncertaintyInterval {
  stx: number;
  fx: number;
  dx: number;
  sty: number;
  fy: number;
  dy: number;
  bracketed: boolean;
}

/**
 * Given the trial (stp, fp, dp), updates `interval` in place and returns the next
 * trial step, by the four cases of Moré & Thuente:
 *
 * 1. fp > fx: a minimizer is bracketed; the cubic step if it is closer to stx than
 *    the quadratic step, else their average.
 * 2. fp <= fx, slopes of opposite sign: bracketed; the cubic step if farther from stp
 *    than the secant step, else the secant step.
 * 3. fp <= fx, same sign, |dp| < |dx|: the cubic step when the cubic tends to infinity
 *    in the direction of the step (else the bound), chosen against the secant step
 *    and kept within 0.66 of the way to sty when bracketed, else within [stpmin, stpmax].
 * 4. fp <= fx, same sign, |dp| >= |dx|: the cubic step through stp and sty when
 *    bracketed, else stpmin or stpmax.
 *
 * **Requires** dx·(stp − stx) < 0 and, when bracketed, stp strictly between stx and sty.
 * A cubic step that does not exist (rounding) falls back to the quadratic or secant
 * step in cases 1 and 4 (MINPACK would return NaN).
 * **Reference** Moré & Thuente (1994), §4, cases 1–4; MINPACK-2 `dcstep`.
 * @example
 * const iv = { stx: 0, fx: 0, dx: -1, sty: 0, fy: 0, dy: -1, bracketed: false };
 * moreThuenteStep(iv, 1, -0.5, 0.5, 0, 4); // 2/3 (case 2), iv.stx === 1, iv.sty === 0
 */
export function moreThuenteStep(
  interval: UncertaintyInterval,
  stp: number,
  fp: number,
  dp: number,
  stpmin: number,
  stpmax: number,
): number {
  const { stx, fx, dx, sty, fy, dy } = interval;
  const sgnd = dp * (dx / Math.abs(dx));
  let stpf: number;
  if (fp > fx) {
    // Case 1: higher value; the minimum is bracketed.
    const stpc = cubicMinimizer(stx, fx, dx, stp, fp, dp);
    const stpq = quadraticMinimizer(stx, fx, dx, stp, fp);
    if (Number.isNaN(stpc)) stpf = stpq;
    else stpf = Math.abs(stpc - stx) < Math.abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2;
    interval.bracketed = true;
  } else if (sgnd < 0) {
    // Case 2: lower value, slopes of opposite sign; bracketed.
    const stpc = cubicMinimizer(stp, fp, dp, stx, fx, dx);
    const stpq = secantMinimizer(stp, dp, stx, dx);
    stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
    interval.bracketed = true;
  } else if (Math.abs(dp) < Math.abs(dx)) {
    // Case 3: lower value, same sign, the slope decreases in magnitude.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = s * Math.sqrt(Math.max(0, (theta / s) ** 2 - (dx / s) * (dp / s)));
    if (stp > stx) gamma = -gamma;
    const r = (gamma - dp + theta) / (gamma + (dx - dp) + gamma);
    let stpc: number;
    if (r < 0 && gamma !== 0) stpc = stp + r * (stx - stp);
    else stpc = stp > stx ? stpmax : stpmin;
    const stpq = secantMinimizer(stp, dp, stx, dx);
    if (interval.bracketed) {
      stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
      const limit = stp + 0.66 * (sty - stp);
      stpf = stp > stx ? Math.min(limit, stpf) : Math.max(limit, stpf);
    } else {
      stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
      stpf = Math.max(stpmin, Math.min(stpmax, stpf));
    }
  } else if (interval.bracketed) {
    // Case 4: lower value, same sign, the slope does not decrease; bracketed.
    const stpc = cubicMinimizer(stp, fp, dp, sty, fy, dy);
    stpf = Number.isNaN(stpc) ? stp + 0.5 * (sty - stp) : stpc;
  } else {
    stpf = stp > stx ? stpmax : stpmin;
  }
  if (fp > fx) {
    interval.sty = stp;
    interval.fy = fp;
    interval.dy = dp;
  } else {
    if (sgnd < 0) {
      interval.sty = stx;
      interval.fy = fx;
      interval.dy = dx;
    }
    interval.stx = stp;
    interval.fx = fp;
    interval.dx = dp;
  }
  return stpf;
}
