import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { JsonLogger } from '../common/logging/json.logger';
import { ConfigError, loadConfig } from '../config/config.loader';
import { resolveSecrets } from '../config/secrets.resolver';
import { buildDataSourceOptions } from '../database/database.options';
import { resolveDatabase } from '../database/database.resolver';
import { parseKeyEncryptionKeys } from './kek.parser';
import { KeyCipher } from './key.cipher';
import { reencryptKeys } from './key-reencrypt';

/**
 * `npm run keys:reencrypt`: re-seals every stored signing key under the first KEY_ENCRYPTION_KEYS
 * entry, while the service keeps serving. Exit code 0 when every sealed key ends under the current
 * KEK, 1 otherwise (failed rows are named by kid in the log; rerun for rows that were busy).
 */
async function main(): Promise<number> {
  const config = loadConfig(process.env);
  const logger = new JsonLogger(config.LOG_LEVEL);
  resolveSecrets(config, (msg, fields) => logger.event('warn', 'Config', msg, fields));
  const cipher = new KeyCipher(parseKeyEncryptionKeys(config.KEY_ENCRYPTION_KEYS));
  const database = await resolveDatabase(config);
  const dataSource = new DataSource({ ...buildDataSourceOptions(config, database.url), poolSize: 2 });
  try {
    await dataSource.initialize();
    const report = await reencryptKeys(dataSource, cipher, {
      onFailure: (kid, code) => logger.event('error', 'Keys', 'could not re-encrypt a signing key', { kid, code }),
      onBatch: (progress) => logger.event('debug', 'Keys', 're-encryption progress', { ...progress }),
    });
    logger.event(report.failed === 0 && report.remaining === 0 ? 'info' : 'error', 'Keys', 're-encryption finished', {
      currentKekId: cipher.currentKekId,
      ...report,
    });
    return report.failed === 0 && report.remaining === 0 ? 0 : 1;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message =
      error instanceof ConfigError
        ? error.message
        : `Re-encryption failed: ${(error as Error)?.message ?? String(error)}`;
    process.stderr.write(
      JSON.stringify({ time: new Date().toISOString(), level: 'error', context: 'Keys', msg: message }) + '\n',
    );
    process.exit(1);
  },
);
