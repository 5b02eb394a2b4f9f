import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { dropDatabasesOfDeadRuns, withAdminClient, withDatabase } from '../test/support/test-database';

/** Where a bench runs; an empty database of its own, dropped (or deleted) by `close`. */
export interface BenchDatabase {
  url: string;
  /** e.g. "PostgreSQL 15.10 (temporary database on 127.0.0.1:5432)" or "embedded (PGlite)". */
  kind: string;
  embedded: boolean;
  close(): Promise<void>;
}

const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';
const PREFIX = 'lti_bench_';

/** The server version, or undefined when nothing answers within a second. */
async function serverVersion(url: string): Promise<string | undefined> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
    return rows[0].v;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function temporaryDatabase(base: string, version: string): Promise<BenchDatabase> {
  await dropDatabasesOfDeadRuns(base, PREFIX, (name) => Number(name.split('_').pop()));
  const name = `${PREFIX}${Date.now().toString(36)}_${process.pid}`;
  await withAdminClient(base, (client) => client.query(`CREATE DATABASE "${name}"`));
  const { host } = new URL(base);
  return {
    url: withDatabase(base, name),
    kind: `PostgreSQL ${version} (temporary database on ${host})`,
    embedded: false,
    close: async () =>
      void (await withAdminClient(base, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))),
  };
}

async function embeddedDatabase(): Promise<BenchDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'lti-bench-pg-'));
  const embedded = await startEmbeddedPostgres({ dataDir: dir, maxConnections: 64 });
  return {
    url: embedded.url,
    kind: 'embedded (PGlite in a worker thread)',
    embedded: true,
    close: async () => {
      await embedded.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * BENCH_DATABASE_URL (a server: a temporary database is created there), else the local server on
 * 127.0.0.1:5432 when it answers, else the embedded PostgreSQL. `embedded` forces the last.
 */
export async function openBenchDatabase(embedded: boolean): Promise<BenchDatabase> {
  if (embedded) return embeddedDatabase();
  const base = process.env.BENCH_DATABASE_URL ?? LOCAL_SERVER;
  const version = await serverVersion(base);
  if (version) return temporaryDatabase(base, version);
  if (process.env.BENCH_DATABASE_URL) throw new Error('BENCH_DATABASE_URL does not answer');
  return embeddedDatabase();
}
