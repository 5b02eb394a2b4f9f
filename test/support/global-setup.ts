import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConfig } from '../../src/config/config.loader';
import { migrate } from '../../src/database/database.resolver';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { dropDatabasesOfDeadRuns, withAdminClient, withDatabase } from './test-database';

const WORKERS = 4;

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
    // Names are lti_t_<time>_<pid>_<suffix>: drop those of runs whose process is gone.
    await dropDatabasesOfDeadRuns(base, 'lti_t_', (name) => Number(name.split('_')[3]));
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
