import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app.config';
import { buildDataSourceOptions } from './database.options';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres';
import { runPendingMigrations } from './migration-runner';

export interface ResolvedDatabase {
  url: string;
  embedded?: EmbeddedPostgres;
}

/** DATABASE_URL when set; otherwise an embedded PostgreSQL in DATA_DIR. */
export async function resolveDatabase(config: AppConfig): Promise<ResolvedDatabase> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL };
  const embedded = await startEmbeddedPostgres({
    dataDir: config.DATA_DIR,
    maxConnections: config.DATABASE_POOL_SIZE * 2 + 4,
  });
  return { url: embedded.url, embedded };
}

/** A short-lived DataSource (pool of 2) for one job, always destroyed afterwards. */
export async function withDataSource<T>(
  config: AppConfig,
  url: string,
  fn: (ds: DataSource) => Promise<T>,
): Promise<T> {
  const dataSource = await new DataSource({ ...buildDataSourceOptions(config, url), poolSize: 2 }).initialize();
  try {
    return await fn(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** Runs pending migrations on a short-lived connection, before any module reads its tables. */
export function migrate(config: AppConfig, url: string): Promise<string[]> {
  return withDataSource(config, url, runPendingMigrations);
}
