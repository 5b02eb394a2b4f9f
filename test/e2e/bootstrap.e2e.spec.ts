import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService } from '../../src/bootstrap';
import { ConfigError } from '../../src/config/config.loader';
import { testDatabaseUrl } from '../support/test-database';
import { TEST_KEK } from '../support/test-env';

async function healthOf(url: string): Promise<number> {
  return (await fetch(`${url}/health`)).status;
}

describe('service start-up and shutdown (the path `npm start` takes)', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'lti-boot-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('with no DATABASE_URL: embedded database, migrations, generated dev secrets (0600), health 200, clean stop', async () => {
    const service = await startService({
      NODE_ENV: 'development',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'error',
    });
    try {
      expect(await healthOf(await service.app.getUrl())).toBe(200);
      expect(existsSync(join(dataDir, 'embedded.lock'))).toBe(true);
      for (const file of ['admin-token', 'key-encryption-key']) {
        expect(statSync(join(dataDir, file)).mode & 0o777).toBe(0o600);
      }
      expect(service.config.ADMIN_TOKENS).toEqual([readFileSync(join(dataDir, 'admin-token'), 'utf8').trim()]);
    } finally {
      await service.stop();
    }
    expect(existsSync(join(dataDir, 'embedded.lock'))).toBe(false);
  });

  it('with DATABASE_URL: uses that server', async () => {
    const service = await startService({
      NODE_ENV: 'development',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: testDatabaseUrl(),
      // The shared test database holds keys sealed by other tests under the test KEK.
      KEY_ENCRYPTION_KEYS: TEST_KEK,
      LOG_LEVEL: 'error',
    });
    try {
      expect(await healthOf(await service.app.getUrl())).toBe(200);
      expect(existsSync(join(dataDir, 'pgdata'))).toBe(false);
    } finally {
      await service.stop();
    }
  });

  it('refuses to start in production without secrets, naming the variables', async () => {
    const start = startService({
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://tool.example.edu',
      DATABASE_URL: testDatabaseUrl(),
      DATA_DIR: dataDir,
    });
    await expect(start).rejects.toBeInstanceOf(ConfigError);
    await expect(start).rejects.toThrow(/ADMIN_TOKENS.*\n.*KEY_ENCRYPTION_KEYS/s);
    expect(existsSync(join(dataDir, 'admin-token'))).toBe(false);
  });
});
