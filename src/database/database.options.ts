import type { DataSourceOptions } from 'typeorm';

export type PostgresOptions = Extract<DataSourceOptions, { type: 'postgres' }>;
import type { AppConfig } from '../config/app.config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { UnansweredQueryClosingClient } from './unanswered-query.client';

export const MIGRATIONS_TABLE = 'lti_schema_migrations';
const QUERY_TIMEOUT_MARGIN_MS = 500;

/** The one set of TypeORM options, shared by the service, the migration CLI and the tests. */
export function buildDataSourceOptions(
  config: Pick<AppConfig, 'DATABASE_POOL_SIZE' | 'DATABASE_CONNECT_TIMEOUT_MS' | 'DATABASE_QUERY_TIMEOUT_MS'>,
  url: string,
): PostgresOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each',
    synchronize: false,
    // gen_random_uuid() is core PostgreSQL (13+) and PGlite; no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    migrationsRun: false,
    logging: false,
    poolSize: config.DATABASE_POOL_SIZE,
    applicationName: 'lti-tool-backend',
    extra: {
      // Fail fast while the database is down instead of queueing requests until clients give up.
      connectionTimeoutMillis: config.DATABASE_CONNECT_TIMEOUT_MS,
      statement_timeout: config.DATABASE_QUERY_TIMEOUT_MS,
      // Client side, a little later than the server's statement_timeout: it only fires when the
      // server does not answer at all, and then the connection is closed (see the client class).
      query_timeout: config.DATABASE_QUERY_TIMEOUT_MS + QUERY_TIMEOUT_MARGIN_MS,
      Client: UnansweredQueryClosingClient,
      idleTimeoutMillis: 30000,
      keepAlive: true,
    },
  };
}
