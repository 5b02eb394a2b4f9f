import type { EmbeddedPostgres } from '../../src/database/embedded-postgres';
import { withAdminClient } from './test-database';

/** Drops this run's databases (or stops the embedded server). Idempotent across jest projects. */
export default async function globalTeardown(): Promise<void> {
  if (!process.env.LTI_TEST_DB_READY) return;
  delete process.env.LTI_TEST_DB_READY;
  const embedded = (globalThis as Record<string, unknown>).__LTI_EMBEDDED__ as EmbeddedPostgres | undefined;
  if (embedded) {
    await embedded.stop();
    return;
  }
  const base = process.env.TEST_DATABASE_URL;
  const prefix = process.env.LTI_TEST_DB_PREFIX;
  if (!base || !prefix) return;
  await withAdminClient(base, async (client) => {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      `${prefix}\\_%`,
    ]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
}
