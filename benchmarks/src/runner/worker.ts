/**
 * A benchmark worker thread: runs the tasks it is sent, one at a time, and posts
 * each outcome back. Started by {@link runInWorkers}.
 *
 * @packageDocumentation
 */
import { parentPort, workerData } from 'node:worker_threads';
import { executeTask } from './execute.js';
import type { Task } from './types.js';

const port = parentPort;
if (port === null) throw new Error('benchmarks/src/runner/worker.ts must run in a worker thread');
const index = (workerData as { index: number }).index;
port.on('message', (message: { id: number; task: Task }) => {
  port.postMessage({ id: message.id, outcome: executeTask(message.task, index) });
});
