import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { type Agent, type IncomingHttpHeaders, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import type { CpuProfile } from './launch-bench.profile';
import { withAdminClient, withDatabase } from '../test/support/test-database';

/** Load generator and process plumbing of the launch benchmark (launch.bench.ts). */
export const CONCURRENCY = 32;

export interface Phase {
  requests: number;
  errors: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  seconds: number;
}

/** Raw outcome of one or more closed-loop runs, summed before the percentiles are taken. */
export interface Samples {
  latencies: number[];
  errors: number;
  seconds: number;
}

export const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;

export function emptySamples(): Samples {
  return { latencies: [], errors: 0, seconds: 0 };
}

/**
 * Closed loop: CONCURRENCY lanes run `op(i)` back to back, i counting from `first`, until the time
 * is up or `end` is reached; adds what it saw to `into` and returns the next unused i.
 */
export async function closedLoop(
  into: Samples,
  durationMs: number,
  op: (i: number) => Promise<boolean>,
  first = 0,
  end = Number.POSITIVE_INFINITY,
): Promise<number> {
  let next = first;
  const started = performance.now();
  const deadline = started + durationMs;
  const lane = async (): Promise<void> => {
    while (performance.now() < deadline && next < end) {
      const i = next++;
      const t0 = performance.now();
      const ok = await op(i).catch(() => false);
      into.latencies.push(performance.now() - t0);
      if (!ok) into.errors += 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
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

export function call(
  agent: Agent,
  base: URL,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  if (base.hostname !== '127.0.0.1') throw new Error('load goes to loopback only');
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: base.hostname, port: base.port, method, path, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The tool in a child process, so its CPU time is its own. */
export class ToolProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static start(env: Record<string, string>): Promise<ToolProcess> {
    const ts = __filename.endsWith('.ts');
    const execArgv =
      ts && !process.execArgv.join(' ').includes('ts-node')
        ? ['--require', 'ts-node/register/transpile-only']
        : process.execArgv;
    const child = fork(join(__dirname, `launch-bench.server.${ts ? 'ts' : 'js'}`), [], {
      env: { ...process.env, ...env },
      execArgv,
    });
    return new Promise((resolve, reject) => {
      child.once('message', (m: { url?: string; error?: string }) =>
        m.url ? resolve(new ToolProcess(child, m.url)) : reject(new Error(m.error)),
      );
      child.once('exit', (code) => reject(new Error(`tool exited with ${code}`)));
    });
  }

  /** User + system CPU milliseconds the tool process has used so far. */
  async cpuMs(): Promise<number> {
    const cpu = await this.ask<NodeJS.CpuUsage>({ cmd: 'cpu' }, 'cpu');
    return (cpu.user + cpu.system) / 1000;
  }

  /** Runs `work` under the V8 sampling profiler of the tool process. */
  async profile<T>(work: () => Promise<T>): Promise<{ result: T; profile: CpuProfile }> {
    await this.ask({ cmd: 'profile-start' }, 'profiling');
    const result = await work();
    const profile = await this.ask<CpuProfile>({ cmd: 'profile-stop' }, 'profile');
    return { result, profile };
  }

  private ask<T>(message: { cmd: string }, key: string): Promise<T> {
    return new Promise((resolve) => {
      const listener = (answer: Record<string, unknown>): void => {
        if (!(key in answer)) return;
        this.child.off('message', listener);
        resolve(answer[key] as T);
      };
      this.child.on('message', listener);
      this.child.send(message);
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.send({ cmd: 'stop' });
    });
  }
}

/** BENCH_DATABASE_URL (a fresh database is created on that server and dropped after) or embedded. */
export async function openDatabase(): Promise<{ url: string; kind: string; close: () => Promise<void> }> {
  const base = process.env.BENCH_DATABASE_URL;
  if (base) {
    const name = `lti_bench_${Date.now().toString(36)}_${process.pid}`;
    await withAdminClient(base, (client) => client.query(`CREATE DATABASE "${name}"`));
    const drop = (): Promise<unknown> =>
      withAdminClient(base, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    return {
      url: withDatabase(base, name),
      kind: 'postgresql (BENCH_DATABASE_URL)',
      close: async () => void (await drop()),
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'lti-launch-bench-'));
  const embedded = await startEmbeddedPostgres({ dataDir: dir, maxConnections: 64 });
  return {
    url: embedded.url,
    kind: 'embedded (PGlite)',
    close: async () => {
      await embedded.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
