import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConfig } from '../../src/config/config.loader';
import { migrate } from '../../src/database/database.resolver';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { withAdminClient, withDatabase } from './test-database';

const WORKERS = 4;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Databases left behind by runs that crashed (their process is gone) are dropped. */
async function dropStaleDatabases(base: string): Promise<void> {
  await withAdminClient(base, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'lti\\_t\\_%'",
    );
    for (const { datname } of rows) {
      const pid = Number(datname.split('_')[3]);
      if (Number.isInteger(pid) && !isAlive(pid))
        await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  });
}

/**
 * Prepares isolated, migrated databases once per run (idempotent: each jest project calls it).
 * Real PostgreSQL: a template database migrated once, cloned for every worker. Embedded: a fresh
 * PGlite in a temporary directory.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.LTI_TEST_DB_READY) return;
  const config = buildConfig({ DATABASE_POOL_SIZE: '2' });
  const base = process.env.TEST_DATABASE_URL;
  if (base) {
    const prefix = `lti_t_${Date.now().toString(36)}_${process.pid}`;
    const template = `${prefix}_tpl`;
    await dropStaleDatabases(base);
    await withAdminClient(base, (client) => client.query(`CREATE DATABASE "${template}"`));
    await migrate(config, withDatabase(base, template));
    await withAdminClient(base, async (client) => {
      for (let worker = 1; worker <= WORKERS; worker += 1) {
        await client.query(`CREATE DATABASE "${prefix}_w${worker}" TEMPLATE "${template}"`);
      }
    });
    process.env.LTI_TEST_DB_PREFIX = prefix;
  } else {
    const dataDir = mkdtempSync(join(tmpdir(), 'lti-test-pg-'));
    const embedded = await startEmbeddedPostgres({ dataDir, maxConnections: 64 });
    await migrate(config, embedded.url);
    process.env.LTI_TEST_EMBEDDED_URL = embedded.url;
    (globalThis as Record<string, unknown>).__LTI_EMBEDDED__ = embedded;
  }
  process.env.LTI_TEST_DB_READY = '1';
}
