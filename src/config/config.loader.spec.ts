import 'reflect-metadata';
import { ConfigError, loadConfig } from './config.loader';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('applies documented defaults and ignores unrelated variables', () => {
    const config = loadConfig({ PATH: '/usr/bin', HOME: '/root' });
    expect(config.PORT).toBe(3000);
    expect(config.NODE_ENV).toBe('development');
    expect(config.JWKS_MAX_AGE_SECONDS).toBe(300);
    expect(config.NONCE_TTL_SECONDS).toBe(600);
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect((config as unknown as Record<string, unknown>).PATH).toBeUndefined();
  });

  it('converts integers, booleans and lists', () => {
    const config = loadConfig({
      PORT: '8080',
      STATE_COOKIE_SECURE: 'false',
      ALLOWED_TARGET_ORIGINS: 'https://a.example, https://b.example',
      PUBLIC_URL: 'https://tool.example.edu/',
    });
    expect(config.PORT).toBe(8080);
    expect(config.STATE_COOKIE_SECURE).toBe(false);
    expect(config.ALLOWED_TARGET_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
    expect(config.publicUrl).toBe('https://tool.example.edu');
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '  ', DATABASE_URL: '' }).PORT).toBe(3000);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['NODE_ENV', 'staging'],
    ['LOG_LEVEL', 'loud'],
    ['STATE_COOKIE_SECURE', 'maybe'],
    ['KEY_SIZE_BITS', '1024'],
    ['NONCE_TTL_SECONDS', '5'],
    ['PUBLIC_URL', 'not a url'],
    ['ALLOWED_TARGET_ORIGINS', 'https://ok.example,javascript:alert(1)'],
    ['ADMIN_TOKENS', 'short'],
  ])('rejects %s=%s naming the variable', (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.startsWith(`${name}:`))).toBe(true);
  });

  it('reports every bad variable at once', () => {
    const problems = problemsOf({ PORT: 'x', LOG_LEVEL: 'y' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['LOG_LEVEL', 'PORT']);
  });

  it('refuses development-only switches and missing essentials in production', () => {
    const problems = problemsOf({
      NODE_ENV: 'production',
      ALLOW_INSECURE_URLS: 'true',
      STATE_COOKIE_SECURE: 'false',
      PUBLIC_URL: 'http://tool.example.edu',
    });
    const names = problems.map((p) => p.split(':')[0]);
    expect(names).toEqual(
      expect.arrayContaining(['ALLOW_INSECURE_URLS', 'STATE_COOKIE_SECURE', 'PUBLIC_URL', 'DATABASE_URL']),
    );
  });

  it('accepts a complete production configuration', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://tool.example.edu',
      DATABASE_URL: 'postgres://db/lti',
    });
    expect(config.isProduction).toBe(true);
  });

  it('refuses a key retirement grace shorter than JWKS max-age plus signed token lifetime', () => {
    const problems = problemsOf({
      JWKS_MAX_AGE_SECONDS: '600',
      SIGNED_TOKEN_LIFETIME_SECONDS: '300',
      KEY_RETIREMENT_GRACE_SECONDS: '899',
    });
    expect(problems).toEqual([expect.stringMatching(/^KEY_RETIREMENT_GRACE_SECONDS: .*900/)]);
    expect(
      problemsOf({
        JWKS_MAX_AGE_SECONDS: '600',
        SIGNED_TOKEN_LIFETIME_SECONDS: '300',
        KEY_RETIREMENT_GRACE_SECONDS: '900',
      }),
    ).toEqual([]);
  });
});
