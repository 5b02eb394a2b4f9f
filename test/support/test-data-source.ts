import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/config.loader';
import { buildDataSourceOptions } from '../../src/database/database.options';
import { testDatabaseUrl } from './test-database';
import { testEnv } from './test-env';

/** A TypeORM DataSource on this worker's migrated test database, for integration tests. */
export async function openTestDataSource(poolSize = 8): Promise<DataSource> {
  const config = loadConfig(testEnv({ DATABASE_POOL_SIZE: String(poolSize) }));
  const dataSource = new DataSource(buildDataSourceOptions(config, testDatabaseUrl()));
  return dataSource.initialize();
}
