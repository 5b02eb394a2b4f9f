import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { buildAdapter, configureApp } from '../../src/app.factory';
import { AppModule } from '../../src/app.module';
import { JsonLogger } from '../../src/common/logging/json.logger';
import { ConfigError, loadConfig } from '../../src/config/config.loader';
import { KeysService } from '../../src/jwks/keys.service';
import { createKeyedRegistration, type KeyedRegistration, removeKeyedRegistrations } from '../support/keys.builder';
import { startTestApp, type TestApp } from '../support/test-app';
import { testDatabaseUrl } from '../support/test-database';
import { testEnv } from '../support/test-env';

/** Boots the whole app like main.ts does (init runs every onModuleInit) and always closes it. */
async function boot(env: Record<string, string>): Promise<unknown> {
  const databaseUrl = testDatabaseUrl();
  const config = loadConfig(testEnv({ DATABASE_URL: databaseUrl, ...env }));
  const logger = new JsonLogger('error', () => undefined);
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot({ config, logger, databaseUrl })],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(buildAdapter(config), { logger });
  try {
    await configureApp(app, config, logger);
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await app.close();
  }
}

describe('start-up against stored keys', () => {
  let t: TestApp;
  let reg: KeyedRegistration;

  beforeAll(async () => {
    t = await startTestApp();
    reg = await createKeyedRegistration(t.get(KeysService), t.dataSource);
  });
  afterAll(async () => {
    await removeKeyedRegistrations(t.dataSource, [reg.registrationId]);
    await t.close();
  });

  it.each([
    ['a wrong key under the stored KEK id', `test-kek-1:${Buffer.alloc(32, 1).toString('base64')}`, 'does not decrypt'],
    ['a missing KEK', `another-kek:${Buffer.alloc(32, 7).toString('base64')}`, 'not configured'],
  ])('refuses to start with %s, naming KEY_ENCRYPTION_KEYS', async (_case, keks, fragment) => {
    const error = await boot({ KEY_ENCRYPTION_KEYS: keks });
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.some((p) => p.startsWith('KEY_ENCRYPTION_KEYS') && p.includes(fragment))).toBe(true);
    expect(problems.join(' ')).not.toContain(Buffer.alloc(32, 1).toString('base64'));
  });

  it('starts with the stored KEK listed second behind a new one (key-encryption key rotation)', async () => {
    const error = await boot({
      KEY_ENCRYPTION_KEYS: `new-kek:${Buffer.alloc(32, 9).toString('base64')},test-kek-1:${Buffer.alloc(32, 7).toString('base64')}`,
    });
    expect(error).toBeUndefined();
  });
});
