import 'reflect-metadata';
import type { ModuleMetadata, Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { buildAdapter, configureApp } from '../../src/app.factory';
import { AppModule } from '../../src/app.module';
import { Clock } from '../../src/common/clock';
import { JsonLogger, type LogSink } from '../../src/common/logging/json.logger';
import type { AppConfig } from '../../src/config/app.config';
import { loadConfig } from '../../src/config/config.loader';
import { testDatabaseUrl } from './test-database';
import { testEnv } from './test-env';

export interface TestApp {
  app: NestFastifyApplication;
  /** Base URL of the real HTTP server, e.g. http://127.0.0.1:41234 */
  url: string;
  config: AppConfig;
  dataSource: DataSource;
  /** Every log line written while the app ran (already redacted). */
  logs: string[];
  get<T>(type: Type<T> | string | symbol): T;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string | undefined>;
  clock?: Clock;
  /** Extra provider overrides, e.g. [[SomeService, fake]]. */
  overrides?: [unknown, unknown][];
  customize?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
  logSink?: LogSink;
  /** A database other than this worker's test database (e.g. a temporary cluster a test controls). */
  databaseUrl?: string;
  /** Extra modules next to AppModule, e.g. a test-only controller. */
  imports?: ModuleMetadata['imports'];
}

/** The whole app on a real port against this worker's migrated test database. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const databaseUrl = options.databaseUrl ?? testDatabaseUrl();
  const config = loadConfig(testEnv({ DATABASE_URL: databaseUrl, ...options.env }));
  const logs: string[] = [];
  const logger = new JsonLogger(config.LOG_LEVEL, (line) => {
    logs.push(line);
    options.logSink?.(line);
  });
  let builder = Test.createTestingModule({
    imports: [AppModule.forRoot({ config, logger, databaseUrl }), ...(options.imports ?? [])],
  });
  if (options.clock) builder = builder.overrideProvider(Clock).useValue(options.clock);
  for (const [token, value] of options.overrides ?? []) {
    builder = builder.overrideProvider(token as Type<unknown>).useValue(value);
  }
  if (options.customize) builder = options.customize(builder);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(buildAdapter(config), { logger });
  await configureApp(app, config, logger);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    config,
    dataSource: app.get(DataSource),
    logs,
    get: <T>(type: Type<T> | string | symbol) => app.get<T>(type),
    close: () => app.close(),
  };
}
