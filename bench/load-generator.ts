import { type Agent, type IncomingHttpHeaders, request } from 'node:http';

/**
 * The one closed-loop load generator of the benchmarks: `concurrency` lanes each run an operation
 * back to back over keep-alive connections until the time is up, the operations run out or the
 * caller stops it. Used by the launch bench and the event-loop phase (service in a child process,
 * load on the bench's main thread) and by the JWKS load thread (jwks-load.worker.ts).
 */
export const CONCURRENCY = 32;

/** One operation: true when it succeeded. `i` counts the operations started in this loop. */
export type Op = (i: number) => Promise<boolean>;

/** Raw outcome of one or more closed-loop runs, summed before the percentiles are taken. */
export interface Samples {
  latencies: number[];
  errors: number;
  seconds: number;
}

export interface Phase {
  requests: number;
  errors: number;
  /** Successful operations per second. */
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  seconds: number;
}

export interface LoopOptions {
  durationMs: number;
  concurrency?: number;
  /** First value of i (default 0) and the value at which the loop stops (default: none). */
  first?: number;
  end?: number;
  /** Stops the loop early (the lanes finish the operation they are in). */
  signal?: AbortSignal;
}

export const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;

export function emptySamples(): Samples {
  return { latencies: [], errors: 0, seconds: 0 };
}

/** Runs the loop, adds what it saw to `into` and returns the next unused i. */
export async function closedLoop(into: Samples, op: Op, options: LoopOptions): Promise<number> {
  const end = options.end ?? Number.POSITIVE_INFINITY;
  let next = options.first ?? 0;
  const started = performance.now();
  const deadline = started + options.durationMs;
  const running = (): boolean => performance.now() < deadline && next < end && !options.signal?.aborted;
  const lane = async (): Promise<void> => {
    while (running()) {
      const i = next++;
      const t0 = performance.now();
      const ok = await op(i).catch(() => false);
      into.latencies.push(performance.now() - t0);
      if (!ok) into.errors += 1;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? CONCURRENCY }, lane));
  into.seconds += (performance.now() - started) / 1000;
  return next;
}

export function summarize(samples: Samples): Phase {
  const sorted = [...samples.latencies].sort((a, b) => a - b);
  const at = (p: number): number => round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0);
  return {
    requests: sorted.length,
    errors: samples.errors,
    perSecond: Math.round((sorted.length - samples.errors) / Math.max(samples.seconds, 0.001)),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    seconds: round(samples.seconds),
  };
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One HTTP request on loopback through `agent`; the body is kept only when `keepBody` is set. */
export function call(
  agent: Agent,
  base: URL,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
  keepBody = false,
): Promise<Answer> {
  if (base.hostname !== '127.0.0.1') return Promise.reject(new Error('load goes to loopback only'));
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: base.hostname, port: base.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      if (keepBody) res.on('data', (chunk: Buffer) => chunks.push(chunk));
      else res.resume();
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
