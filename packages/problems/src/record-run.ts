/**
 * A run recorded for checkpoint tests: every iterate, and optionally a stop after
 * iteration k with the checkpoint taken there. Part of `@hessian/problems/suite`.
 *
 * @packageDocumentation
 */
import { type Checkpoint, type Method, type Result, type RunOptions, run } from '@hessian/core';

/** What {@link recordRun} returns. */
export interface RecordedRun {
  result: Result;
  /** x after every iteration (the start first), copied. */
  xs: number[][];
  /** The checkpoint taken after iteration `stopAt`, when the run got there. */
  checkpoint?: Checkpoint;
}

/**
 * Runs `method` with `trace: true`, copying every iterate; with `stopAt`, takes the
 * checkpoint after that iteration and stops the run there (`stopped-by-observer`).
 */
export function recordRun(
  method: Method,
  problem: Parameters<typeof run>[1],
  x0: ArrayLike<number> | undefined,
  options: RunOptions,
  stopAt?: number,
): RecordedRun {
  const xs: number[][] = [];
  let checkpoint: Checkpoint | undefined;
  const result = run(method, problem, x0, {
    ...options,
    trace: true,
    onIteration: (r) => {
      xs.push(Array.from(r.x));
      if (r.iteration === stopAt) {
        checkpoint = r.checkpoint!();
        return 'stop';
      }
    },
  });
  return { result, xs, checkpoint };
}
