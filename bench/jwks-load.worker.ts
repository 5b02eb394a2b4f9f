import { parentPort, workerData } from 'node:worker_threads';
import { runLoad } from './load-generator';

/**
 * Runs the load generator on its own thread, so the server under test keeps the main thread's
 * event loop to itself (with both in one loop, the generator's own cost would flatten the ratio).
 */
const { url, concurrency, durationMs } = workerData as { url: string; concurrency: number; durationMs: number };
const target = new URL(url);
runLoad({
  baseUrl: target.origin,
  concurrency,
  durationMs,
  next: () => ({ method: 'GET', path: target.pathname }),
}).then(
  (result) => parentPort?.postMessage({ ok: true, result }),
  (error: unknown) => parentPort?.postMessage({ ok: false, message: (error as Error).message }),
);
