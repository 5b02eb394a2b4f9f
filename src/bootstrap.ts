import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { buildAdapter, configureApp } from './app.factory';
import { AppModule } from './app.module';
import { JsonLogger } from './common/logging/json.logger';
import type { AppConfig } from './config/app.config';
import { loadConfig } from './config/config.loader';
import { resolveSecrets } from './config/secrets.resolver';
import { migrate, resolveDatabase } from './database/database.resolver';

export interface RunningService {
  app: NestFastifyApplication;
  config: AppConfig;
  logger: JsonLogger;
  /** Stops accepting, drains in-flight requests, closes the pool, then the embedded database. */
  stop(): Promise<void>;
}

/** Boots the whole service from an environment: config, secrets, database, migrations, HTTP. */
export async function startService(env: NodeJS.ProcessEnv = process.env): Promise<RunningService> {
  const startedAt = performance.now();
  const config = loadConfig(env);
  const logger = new JsonLogger(config.LOG_LEVEL);
  resolveSecrets(config, (msg, fields) => logger.event('warn', 'Config', msg, fields));
  const database = await resolveDatabase(config);
  if (database.embedded) {
    logger.event('info', 'Database', 'embedded PostgreSQL started', {
      dataDir: config.DATA_DIR,
      freshlyInitialised: database.embedded.freshlyInitialised,
    });
  }
  try {
    if (config.MIGRATIONS_RUN) {
      const applied = await migrate(config, database.url);
      logger.event('info', 'Database', 'migrations checked', { applied });
    }
    const app = await NestFactory.create<NestFastifyApplication>(
      AppModule.forRoot({ config, logger, databaseUrl: database.url }),
      buildAdapter(config),
      { logger, abortOnError: false, bufferLogs: false },
    );
    await configureApp(app, config, logger);
    await app.listen(config.PORT, config.HOST);
    logger.event('info', 'Bootstrap', 'service ready', {
      url: await app.getUrl(),
      publicUrl: config.publicUrl,
      startupMs: Math.round(performance.now() - startedAt),
      rssMb: Math.round(process.memoryUsage().rss / 1048576),
    });
    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> => {
      stopping ??= (async () => {
        await app.close();
        await database.embedded?.stop();
      })();
      return stopping;
    };
    return { app, config, logger, stop };
  } catch (error) {
    await database.embedded?.stop();
    throw error;
  }
}
