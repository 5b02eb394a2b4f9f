/** Fixed secrets and defaults every test app and data source starts from. */
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdefghijklmnop';
export const TEST_ADMIN_TOKEN_2 = 'test-admin-token-second-0123456789abcdefgh';
export const TEST_KEK = `test-kek-1:${Buffer.alloc(32, 7).toString('base64')}`;

export function testEnv(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    ADMIN_TOKENS: `${TEST_ADMIN_TOKEN},${TEST_ADMIN_TOKEN_2}`,
    KEY_ENCRYPTION_KEYS: TEST_KEK,
    ALLOW_INSECURE_URLS: 'true',
    MAINTENANCE_ENABLED: 'false',
    DATABASE_POOL_SIZE: '4',
    ...overrides,
  };
}
