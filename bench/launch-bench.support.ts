import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { CpuProfile } from './launch-bench.profile';

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

  /** Peak resident set size of the tool process so far, in MiB (getrusage ru_maxrss). */
  async peakRssMb(): Promise<number> {
    const usage = await this.ask<NodeJS.ResourceUsage>({ cmd: 'usage' }, 'usage');
    return Math.round(usage.maxRSS / 1024);
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

  /** Graceful stop; killed if it has not exited within 15 s. */
  stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.child.send({ cmd: 'stop' });
    });
  }
}
