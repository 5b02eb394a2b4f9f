import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { isProcessAlive } from '../common/process-alive';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** At least the pool size: connections beyond it are refused (SQLSTATE 53300), not queued. */
  maxConnections?: number;
  port?: number;
}

export interface EmbeddedPostgres {
  readonly url: string;
  readonly freshlyInitialised: boolean;
  stop(): Promise<void>;
}

type WorkerMessage = { type: 'ready'; port: number } | { type: 'error'; message: string } | { type: 'stopped' };

/** PGlite has no lock on its data directory, so we take a PID lock and reclaim it when stale. */
function acquireLock(lockFile: string): void {
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isProcessAlive(pid)) {
      throw new Error(
        `The embedded database in ${lockFile.replace(/[/\\]embedded\.lock$/, '')} is in use by process ${pid}. ` +
          'Stop that process, choose another DATA_DIR, or set DATABASE_URL.',
      );
    }
  }
  writeFileSync(lockFile, String(process.pid), { mode: 0o600 });
}

function startWorker(pgDataDir: string, options: EmbeddedPostgresOptions): Promise<{ worker: Worker; port: number }> {
  const worker = new Worker(join(__dirname, 'embedded-postgres.worker.js'), {
    workerData: { dataDir: pgDataDir, port: options.port ?? 0, maxConnections: options.maxConnections ?? 16 },
  });
  return new Promise((resolvePromise, reject) => {
    const onMessage = (message: WorkerMessage): void => {
      worker.off('error', reject);
      worker.off('message', onMessage);
      if (message.type === 'ready') resolvePromise({ worker, port: message.port });
      else
        reject(
          new Error(`Embedded PostgreSQL failed to start: ${'message' in message ? message.message : message.type}`),
        );
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
  });
}

function stopWorker(worker: Worker): Promise<void> {
  return new Promise((resolvePromise) => {
    const timer = setTimeout(() => void worker.terminate().then(() => resolvePromise()), 5000);
    worker.on('message', (message: WorkerMessage) => {
      if (message.type !== 'stopped') return;
      clearTimeout(timer);
      void worker.terminate().then(() => resolvePromise());
    });
    worker.postMessage({ type: 'stop' });
  });
}

/**
 * Starts PostgreSQL (PGlite) in a worker thread, served on 127.0.0.1 so the service uses the
 * ordinary `pg` driver. Development, demo and tests only; production sets DATABASE_URL.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const lockFile = join(dataDir, 'embedded.lock');
  acquireLock(lockFile);
  const pgDataDir = join(dataDir, 'pgdata');
  const freshlyInitialised = !existsSync(join(pgDataDir, 'PG_VERSION'));
  try {
    let started = await startWorker(pgDataDir, options);
    if (freshlyInitialised) {
      // initdb leaves the WASM heap at ~800 MB; a restart brings it back to ~300 MB.
      await stopWorker(started.worker);
      started = await startWorker(pgDataDir, { ...options, port: started.port });
    }
    const { worker, port } = started;
    worker.unref();
    let stopped: Promise<void> | undefined;
    return {
      url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
      freshlyInitialised,
      stop: () => {
        stopped ??= stopWorker(worker).finally(() => rmSync(lockFile, { force: true }));
        return stopped;
      },
    };
  } catch (error) {
    rmSync(lockFile, { force: true });
    throw error;
  }
}
