import { Client } from 'pg';
import { isProcessAlive } from '../../src/common/process-alive';

/**
 * Where this jest worker's database lives. Real PostgreSQL (TEST_DATABASE_URL): one database per
 * worker, cloned by global-setup from a migrated template. Embedded: the one server global-setup
 * started for this run (jest runs a single worker then).
 */
export function testDatabaseUrl(): string {
  const embedded = process.env.LTI_TEST_EMBEDDED_URL;
  if (embedded) return embedded;
  const base = process.env.TEST_DATABASE_URL;
  const prefix = process.env.LTI_TEST_DB_PREFIX;
  if (!base || !prefix) throw new Error('test database not prepared: run tests through jest (global-setup)');
  return withDatabase(base, `${prefix}_w${process.env.JEST_WORKER_ID ?? '1'}`);
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function withAdminClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Drops the databases named `<prefix>…` whose creating process is gone (a run that crashed before
 * cleaning up). `pidOf` reads the pid from a database name.
 */
export async function dropDatabasesOfDeadRuns(
  base: string,
  prefix: string,
  pidOf: (name: string) => number,
): Promise<void> {
  await withAdminClient(base, async (client) => {
    const pattern = `${prefix.replace(/[\\_%]/g, (ch) => `\\${ch}`)}%`;
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      pattern,
    ]);
    for (const { datname } of rows) {
      const pid = pidOf(datname);
      if (Number.isInteger(pid) && pid > 0 && !isProcessAlive(pid)) {
        await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    }
  });
}
