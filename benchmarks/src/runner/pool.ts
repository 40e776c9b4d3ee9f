/**
 * Running tasks: in worker threads (one task per worker at a time, a fresh worker
 * after a crash or a watchdog kill) or in-process, one after another.
 *
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { executeTask, sharedClock } from './execute.js';
import type { Task, TaskOutcome } from './types.js';

/** Called after each task, in completion order. */
export type OnTaskDone = (task: Task, outcome: TaskOutcome, done: number, total: number) => void;

/** The URL of tsx's ESM API (`tsx/esm/api`), resolved from this file. */
function tsxApiUrl(): string {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  return pathToFileURL(join(dirname(pkgPath), pkg.exports['./esm/api'].import.default)).href;
}

/**
 * Starts a worker thread running `worker.ts` (or `worker.js` when this module is
 * compiled, as under `pnpm bench`: then `@hessian/*` resolve to their compiled `dist/`).
 * Node 20 does not run `--import` hooks in workers, so a TypeScript worker (vitest)
 * first registers tsx's ESM loader, then imports the worker module; `--conditions=source`
 * makes `@hessian/*` resolve to their `src/`.
 */
export function spawnWorker(index: number): Worker {
  const typescript = import.meta.url.endsWith('.ts');
  const entry = new URL(typescript ? './worker.ts' : './worker.js', import.meta.url).href;
  if (!typescript) return new Worker(new URL(entry), { workerData: { index }, execArgv: [] });
  const options = { workerData: { index }, execArgv: ['--conditions=source'] };
  const bootstrap = `import(${JSON.stringify(tsxApiUrl())}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/** The outcome recorded for a task whose worker died or was killed. */
export function failedOutcome(
  task: Task,
  message: string,
  worker: number,
  start: number,
  end: number,
): TaskOutcome {
  return {
    kind: 'run',
    fstar: null,
    source: '',
    record: {
      method: task.method,
      problem: task.problem,
      n: task.n,
      status: 'error',
      success: false,
      message,
      iterations: 0,
      evaluations: { value: 0, gradient: 0, hessian: 0, hvp: 0 },
      cost: 0,
      f: null,
      f0: null,
      gradientNorm: null,
      wallMs: end - start,
      repeatsMs: [],
      trace: [],
      timing: { worker, start, end, concurrency: 1 },
    },
  };
}

/** How long a task may take before its worker is killed: twice its time limit plus a minute. */
export function watchdogMs(task: Task): number {
  return Math.min(2 * task.timeLimitMs + 60_000, 2 ** 31 - 1);
}

/** Sends one task to a worker; resolves with its outcome and whether the worker is still usable. */
function runOn(
  worker: Worker,
  id: number,
  task: Task,
  index: number,
): Promise<{ outcome: TaskOutcome; alive: boolean }> {
  const start = sharedClock();
  return new Promise((resolve) => {
    const finish = (outcome: TaskOutcome, alive: boolean) => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      resolve({ outcome, alive });
    };
    const onMessage = (m: { id: number; outcome: TaskOutcome }) => {
      if (m.id === id) finish(m.outcome, true);
    };
    const onError = (e: unknown) =>
      finish(
        failedOutcome(
          task,
          `worker ${index} failed: ${e instanceof Error ? e.message : String(e)}`,
          index,
          start,
          sharedClock(),
        ),
        false,
      );
    const onExit = (code: number) =>
      finish(
        failedOutcome(
          task,
          `worker ${index} exited with code ${code}`,
          index,
          start,
          sharedClock(),
        ),
        false,
      );
    const limit = watchdogMs(task);
    const timer = setTimeout(
      () =>
        finish(
          failedOutcome(
            task,
            `killed by the runner's watchdog after ${(limit / 1000).toFixed(0)} s`,
            index,
            start,
            sharedClock(),
          ),
          false,
        ),
      limit,
    );
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage({ id, task });
  });
}

/**
 * Runs the tasks on `jobs` worker threads (each takes the next task when it finishes
 * one). Returns the outcomes in task order.
 */
export async function runInWorkers(
  tasks: readonly Task[],
  jobs: number,
  onDone: OnTaskDone = () => {},
): Promise<TaskOutcome[]> {
  const outcomes: TaskOutcome[] = new Array(tasks.length);
  let next = 0;
  let done = 0;
  const slot = async (index: number) => {
    let worker = spawnWorker(index);
    try {
      while (next < tasks.length) {
        const i = next++;
        const { outcome, alive } = await runOn(worker, i, tasks[i], index);
        if (!alive) {
          await worker.terminate();
          worker = spawnWorker(index);
        }
        outcomes[i] = outcome;
        onDone(tasks[i], outcome, ++done, tasks.length);
      }
    } finally {
      await worker.terminate();
    }
  };
  const slots = Math.max(1, Math.min(jobs, tasks.length));
  await Promise.all(Array.from({ length: slots }, (_, k) => slot(k + 1)));
  return outcomes;
}

/** Runs the tasks one after another in this thread (worker index 0). */
export async function runInProcess(
  tasks: readonly Task[],
  onDone: OnTaskDone = () => {},
): Promise<TaskOutcome[]> {
  const outcomes: TaskOutcome[] = [];
  for (const task of tasks) {
    const outcome = executeTask(task, 0);
    outcomes.push(outcome);
    onDone(task, outcome, outcomes.length, tasks.length);
    await new Promise((r) => setImmediate(r));
  }
  return outcomes;
}
