import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LoadCommand } from './jwks-load.worker';
import { CONCURRENCY, emptySamples, type Samples } from './load-generator';

/** One persistent load thread for the whole run (see jwks-load.worker.ts); latencies kept per URL. */
export class LoadThread {
  private readonly worker: Worker;
  readonly totals = new Map<string, Samples>();

  constructor() {
    const compiled = __filename.endsWith('.js');
    this.worker = new Worker(join(__dirname, `jwks-load.worker.${compiled ? 'js' : 'ts'}`), {
      execArgv: compiled ? [] : ['--require', 'ts-node/register/transpile-only'],
    });
  }

  /** Successful requests per second against `url` over `durationMs`. */
  rate(url: string, durationMs: number): Promise<number> {
    const command: LoadCommand = { url, concurrency: CONCURRENCY, durationMs };
    return new Promise((resolve, reject) => {
      this.worker.once('message', (m: { samples?: Samples; error?: string }) => {
        if (!m.samples) return reject(new Error(m.error));
        const total = this.totals.get(url) ?? emptySamples();
        for (const latency of m.samples.latencies) total.latencies.push(latency);
        total.errors += m.samples.errors;
        total.seconds += m.samples.seconds;
        this.totals.set(url, total);
        resolve((m.samples.latencies.length - m.samples.errors) / m.samples.seconds);
      });
      this.worker.postMessage(command);
    });
  }

  async close(): Promise<void> {
    this.worker.postMessage('close');
    await this.worker.terminate();
  }
}
