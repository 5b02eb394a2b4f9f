import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';
import { AppConfig } from './app.config';

/** Raised at boot when the environment does not describe a valid configuration. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

function knownVariables(): Set<string> {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(AppConfig, '', true, false);
  return new Set(metadata.map((m) => m.propertyName));
}

function describe(error: ValidationError): string {
  const expectations = Object.values(error.constraints ?? {}).map((text) => text.replace(error.property, '').trim());
  return `${error.property}: ${expectations.join('; ')}`;
}

/** Rules that span several variables or depend on NODE_ENV. */
function crossChecks(config: AppConfig): string[] {
  const problems: string[] = [];
  if (config.isProduction) {
    if (config.ALLOW_INSECURE_URLS) problems.push('ALLOW_INSECURE_URLS: must be false with NODE_ENV=production');
    if (!config.STATE_COOKIE_SECURE) problems.push('STATE_COOKIE_SECURE: must be true with NODE_ENV=production');
    if (!config.PUBLIC_URL?.startsWith('https://'))
      problems.push('PUBLIC_URL: required with NODE_ENV=production and must be an https:// URL');
    if (!config.DATABASE_URL)
      problems.push(
        'DATABASE_URL: required with NODE_ENV=production (the embedded database is for development and tests)',
      );
  }
  // A retired key must stay published until every token it signed has expired and every cached JWKS
  // copy has been refreshed, or platforms meet signatures they cannot verify.
  const minimumGrace = config.JWKS_MAX_AGE_SECONDS + config.SIGNED_TOKEN_LIFETIME_SECONDS;
  if (config.KEY_RETIREMENT_GRACE_SECONDS < minimumGrace) {
    problems.push(
      `KEY_RETIREMENT_GRACE_SECONDS: must be at least JWKS_MAX_AGE_SECONDS + SIGNED_TOKEN_LIFETIME_SECONDS (${minimumGrace})`,
    );
  }
  return problems;
}

/** Reads and validates the configuration once; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined>): AppConfig {
  const known = knownVariables();
  const plain: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (known.has(key) && value !== undefined && value.trim() !== '') plain[key] = value;
  }
  const config = plainToInstance(AppConfig, plain, { exposeDefaultValues: true });
  const errors = validateSync(config, { forbidUnknownValues: true });
  const problems = errors.map(describe);
  if (problems.length === 0) problems.push(...crossChecks(config));
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Test and embedding helper: a validated config from defaults plus overrides. */
export function buildConfig(overrides: Record<string, string | undefined> = {}): AppConfig {
  return loadConfig({ NODE_ENV: 'test', ...overrides });
}
