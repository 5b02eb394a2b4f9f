import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Options, transformFileSync } from '@swc/core';

/**
 * The service as a real child process (`node <build>/src/main.js`), for tests that need several
 * instances with nothing shared but the database: its own port, environment, stdout.
 */
const ROOT = join(__dirname, '..', '..');
/** The compiler settings jest uses for this code base (jest.config.js), emitting CommonJS. */
const SWC: Options = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  swcrc: false,
};

export interface ServiceBuild {
  mainJs: string;
  remove(): void;
}

/**
 * Compiles src/ and migrations/ with swc (about 2 s) into a private directory under
 * node_modules/.cache (so dependencies resolve), never into the shared dist/: a `nest build`
 * elsewhere empties dist/ first, which would pull files from under a starting child.
 */
export function buildService(): ServiceBuild {
  const cache = join(ROOT, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const out = mkdtempSync(join(cache, 'lti-service-'));
  for (const dir of ['src', 'migrations']) {
    for (const file of readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })) {
      const source = join(ROOT, dir, file);
      const target = join(out, dir, file.replace(/\.ts$/, '.js'));
      if (file.endsWith('.spec.ts') || !/\.[jt]s$/.test(file)) continue;
      mkdirSync(dirname(target), { recursive: true });
      if (file.endsWith('.js')) copyFileSync(source, target);
      else writeFileSync(target, transformFileSync(source, SWC).code);
    }
  }
  return { mainJs: join(out, 'src', 'main.js'), remove: () => rmSync(out, { recursive: true, force: true }) };
}

export type LogLine = Record<string, unknown> & { time: string; level: string; context: string; msg: string };

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class ServiceProcess {
  /** Every JSON line the service wrote to stdout, parsed. */
  readonly logs: LogLine[] = [];
  private stderr = '';
  private readonly exited: Promise<ExitStatus>;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    // A test run that ends without stop() (a crash, a timeout) must not leave the service running.
    const orphan = (): boolean => child.kill('SIGKILL');
    process.once('exit', orphan);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        process.off('exit', orphan);
        resolve({ code, signal });
      }),
    );
    let pending = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop()!;
      for (const line of lines) if (line.startsWith('{')) this.logs.push(JSON.parse(line) as LogLine);
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
  }

  /** Starts `node <mainJs>` on 127.0.0.1:PORT (env.PORT required); resolves once /health answers 200. */
  static async start(mainJs: string, env: Record<string, string>, readyWithinMs = 30_000): Promise<ServiceProcess> {
    const child = spawn(process.execPath, [mainJs], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const service = new ServiceProcess(child, `http://127.0.0.1:${env.PORT}`);
    const deadline = Date.now() + readyWithinMs;
    let exit: ExitStatus | undefined;
    void service.exited.then((status) => (exit = status));
    while (!(await service.healthy())) {
      if (exit || Date.now() > deadline) {
        await service.stop();
        throw new Error(
          `service did not start (${JSON.stringify(exit ?? 'timeout')}): ${service.stderr.slice(0, 2000)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return service;
  }

  /** Log lines whose msg is `msg` (and whose fields match `where`). */
  find(msg: string, where: Record<string, unknown> = {}): LogLine[] {
    return this.logs.filter((line) => line.msg === msg && Object.entries(where).every(([k, v]) => line[k] === v));
  }

  /** SIGTERM (graceful shutdown), then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 15_000): Promise<ExitStatus> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  private async healthy(): Promise<boolean> {
    try {
      return (await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(2000) })).status === 200;
    } catch {
      return false;
    }
  }
}
