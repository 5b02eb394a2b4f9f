import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';

const run = promisify(execFile);

/**
 * A throwaway PostgreSQL cluster (initdb on a temporary directory) that a test can stop and start
 * at will, e.g. to simulate an outage. Every command runs asynchronously so the app under test,
 * living in the same process, keeps serving while the cluster stops or starts.
 */
export interface TemporaryCluster {
  readonly port: number;
  /** URL of a database in this cluster (trust auth, user postgres). */
  url(database: string): string;
  start(): Promise<void>;
  stop(mode?: 'smart' | 'fast' | 'immediate'): Promise<void>;
  /**
   * SIGSTOP / SIGCONT the server and all its backends: a hung database. Connections still open at
   * the TCP level (the kernel accepts them) but nothing answers, so only timeouts end a request.
   */
  freeze(): Promise<void>;
  thaw(): Promise<void>;
  /** Stops the server if it runs and removes the directory; safe to call in afterAll after a failure. */
  destroy(): Promise<void>;
}

/** PG_BINDIR, else the newest /usr/lib/postgresql/<major>/bin, else whatever is on PATH. */
function binDir(): string {
  if (process.env.PG_BINDIR) return process.env.PG_BINDIR;
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)) : [];
  majors.sort((a, b) => Number(b) - Number(a));
  const found = majors.map((m) => join(root, m, 'bin')).find((dir) => existsSync(join(dir, 'initdb')));
  return found ?? '';
}

/**
 * Signals the postmaster (first line of postmaster.pid), then its children: stopping the postmaster
 * first means no new backend is forked after the children are listed.
 */
async function signalServer(data: string, signal: 'SIGSTOP' | 'SIGCONT'): Promise<void> {
  const pidFile = join(data, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  const send = (pid: number): void => {
    try {
      process.kill(pid, signal);
    } catch {
      // The process has just exited.
    }
  };
  send(postmaster);
  const { stdout } = await run('pgrep', ['-P', String(postmaster)]).catch(() => ({ stdout: '' }));
  for (const pid of stdout.split('\n').filter(Boolean)) send(Number(pid));
}

/** initdb refuses to run as root: then the cluster belongs to the `postgres` OS user. */
async function osUser(): Promise<{ prefix: string[]; uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return { prefix: [] };
  const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
  const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
  return { prefix: ['runuser', '-u', 'postgres', '--'], uid, gid };
}

export async function createTemporaryCluster(): Promise<TemporaryCluster> {
  const bin = binDir();
  const user = await osUser();
  const dir = mkdtempSync(join(tmpdir(), 'lti-pg-cluster-'));
  if (user.uid !== undefined && user.gid !== undefined) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const port = await freePort();
  let running = false;

  const pg = async (tool: string, args: string[]): Promise<void> => {
    const command = [...user.prefix, bin ? join(bin, tool) : tool, ...args];
    await run(command[0], command.slice(1), { cwd: dir, timeout: 60000 });
  };
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`;

  try {
    await pg('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async start() {
      await pg('pg_ctl', ['-D', data, '-l', join(dir, 'postgres.log'), '-o', options, '-w', '-t', '30', 'start']);
      running = true;
    },
    async stop(mode = 'fast') {
      await pg('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '30', 'stop']);
      running = false;
    },
    freeze: () => signalServer(data, 'SIGSTOP'),
    thaw: () => signalServer(data, 'SIGCONT'),
    async destroy() {
      try {
        await signalServer(data, 'SIGCONT');
        if (running || existsSync(join(data, 'postmaster.pid')))
          await pg('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        running = false;
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
