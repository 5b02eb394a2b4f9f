import { buildConfig, ConfigError } from './config.loader';

function problemsOf(env: Record<string, string>): string[] {
  try {
    buildConfig(env);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
}

describe('KEY_RETIREMENT_GRACE_SECONDS >= JWKS_MAX_AGE_SECONDS + SIGNED_TOKEN_LIFETIME_SECONDS', () => {
  it('defaults satisfy the rule (48 h >= 300 s + 300 s)', () => {
    expect(buildConfig().KEY_RETIREMENT_GRACE_SECONDS).toBe(172800);
  });

  it.each([
    [{ KEY_RETIREMENT_GRACE_SECONDS: '599' }, 600],
    [
      { KEY_RETIREMENT_GRACE_SECONDS: '3600', JWKS_MAX_AGE_SECONDS: '3500', SIGNED_TOKEN_LIFETIME_SECONDS: '120' },
      3620,
    ],
    [{ KEY_RETIREMENT_GRACE_SECONDS: '0', JWKS_MAX_AGE_SECONDS: '0', SIGNED_TOKEN_LIFETIME_SECONDS: '30' }, 30],
  ])('refuses %j at start-up', (env, minimum) => {
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^KEY_RETIREMENT_GRACE_SECONDS:/);
    expect(problems[0]).toContain(`(${minimum})`);
  });

  it.each([
    [{ KEY_RETIREMENT_GRACE_SECONDS: '600' }],
    [{ KEY_RETIREMENT_GRACE_SECONDS: '30', JWKS_MAX_AGE_SECONDS: '0', SIGNED_TOKEN_LIFETIME_SECONDS: '30' }],
  ])('accepts the exact minimum %j', (env) => {
    expect(problemsOf(env)).toEqual([]);
  });
});
