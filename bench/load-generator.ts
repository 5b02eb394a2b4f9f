import { Agent, request } from 'node:http';

export interface HttpCall {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requests: number;
  errors: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  statuses: Record<number, number>;
}

export interface LoadOptions {
  /** Base URL on loopback only, e.g. http://127.0.0.1:3000 */
  baseUrl: string;
  concurrency: number;
  durationMs: number;
  /** Hard cap on requests, so a run always stops by itself. */
  maxRequests?: number;
  /** Builds the i-th request (pre-signed tokens etc. are prepared by the caller). */
  next: (i: number) => HttpCall;
  /** Which statuses count as success (default 2xx and 3xx). */
  ok?: (status: number) => boolean;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function send(agent: Agent, base: URL, call: HttpCall): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: base.hostname, port: base.port, method: call.method, path: call.path, headers: call.headers },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(call.body);
  });
}

/** A small closed-loop load generator: `concurrency` keep-alive clients for a bounded time. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const base = new URL(options.baseUrl);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(base.hostname)) throw new Error('load goes to loopback only');
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const ok = options.ok ?? ((status: number) => status >= 200 && status < 400);
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  const maxRequests = options.maxRequests ?? 1_000_000;
  let issued = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline && issued < maxRequests) {
      const call = options.next(issued++);
      const t0 = performance.now();
      try {
        const status = await send(agent, base, call);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (!ok(status)) errors += 1;
      } catch {
        errors += 1;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    perSecond: Math.round(latencies.length / elapsed),
    p50Ms: Math.round(percentile(latencies, 50) * 100) / 100,
    p99Ms: Math.round(percentile(latencies, 99) * 100) / 100,
    statuses,
  };
}
