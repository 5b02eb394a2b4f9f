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

export const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** Closed loop: `concurrency` lanes run `op` back to back until the time or the operations run out. */
export async function closedLoop(
  durationMs: number,
  maxOps: number,
  op: (i: number) => Promise<boolean>,
): Promise<Phase> {
  const latencies: number[] = [];
  let issued = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  const lane = async (): Promise<void> => {
    while (performance.now() < deadline && issued < maxOps) {
      const i = issued++;
      const t0 = performance.now();
      const ok = await op(i).catch(() => false);
      latencies.push(performance.now() - t0);
      if (!ok) errors += 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p: number): number =>
    round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0);
  return {
    requests: latencies.length,
    errors,
    perSecond: Math.round((latencies.length - errors) / seconds),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    seconds: round(seconds),
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
    const loader =
      ts && !process.execArgv.join(' ').includes('ts-node')
        ? ['--require', 'ts-node/register/transpile-only']
        : process.execArgv;
    // e.g. BENCH_TOOL_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to see where the tool's time goes.
    const execArgv = [...loader, ...(process.env.BENCH_TOOL_NODE_ARGS?.split(' ').filter(Boolean) ?? [])];
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
    close: async () => (await embedded.stop(), rmSync(dir, { recursive: true, force: true })),
  };
}
