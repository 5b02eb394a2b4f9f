import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AppConfig } from './app.config';
import { ConfigError } from './config.loader';

export type SecretsLog = (message: string, fields: Record<string, unknown>) => void;

function readLines(path: string, variable: string): string[] {
  try {
    return readFileSync(path, 'utf8')
      .split(/\r?\n|,/)
      .map((line) => line.trim())
      .filter((line) => line.length > 0 && !line.startsWith('#'));
  } catch (error) {
    throw new ConfigError([`${variable}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
}

/** Writes a generated development secret once (mode 0600) and returns its lines. */
function devSecret(config: AppConfig, file: string, make: () => string, log: SecretsLog, what: string): string[] {
  const dir = resolve(config.DATA_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, file);
  if (!existsSync(path)) {
    writeFileSync(path, make() + '\n', { mode: 0o600 });
    chmodSync(path, 0o600);
    log(`generated a development ${what}`, { file: path });
  } else {
    log(`using the development ${what}`, { file: path });
  }
  const lines = readLines(path, file);
  // An emptied file would otherwise leave the service running with nothing accepted, silently.
  if (lines.length === 0) throw new ConfigError([`${path}: holds no ${what}; delete the file to generate a new one`]);
  return lines;
}

const MIN_ADMIN_TOKEN_LENGTH = 32;

function hasShortToken(tokens: string[]): boolean {
  return tokens.some((token) => token.length < MIN_ADMIN_TOKEN_LENGTH);
}

/**
 * Completes ADMIN_TOKENS and KEY_ENCRYPTION_KEYS from their *_FILE variables (mounted secrets).
 * In production both must be given explicitly; elsewhere missing ones are generated into DATA_DIR
 * and only the file location is logged, never the value.
 */
export function resolveSecrets(config: AppConfig, log: SecretsLog): void {
  if (config.ADMIN_TOKENS_FILE) {
    config.ADMIN_TOKENS = [...config.ADMIN_TOKENS, ...readLines(config.ADMIN_TOKENS_FILE, 'ADMIN_TOKENS_FILE')];
  }
  if (config.KEY_ENCRYPTION_KEYS_FILE) {
    config.KEY_ENCRYPTION_KEYS = [
      ...config.KEY_ENCRYPTION_KEYS,
      ...readLines(config.KEY_ENCRYPTION_KEYS_FILE, 'KEY_ENCRYPTION_KEYS_FILE'),
    ];
  }
  const problems: string[] = [];
  if (hasShortToken(config.ADMIN_TOKENS)) {
    problems.push('ADMIN_TOKENS / ADMIN_TOKENS_FILE: every admin token must be at least 32 characters');
  }
  if (config.isProduction) {
    if (config.ADMIN_TOKENS.length === 0)
      problems.push('ADMIN_TOKENS or ADMIN_TOKENS_FILE: required with NODE_ENV=production');
    if (config.KEY_ENCRYPTION_KEYS.length === 0) {
      problems.push('KEY_ENCRYPTION_KEYS or KEY_ENCRYPTION_KEYS_FILE: required with NODE_ENV=production');
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  if (config.ADMIN_TOKENS.length === 0) {
    config.ADMIN_TOKENS = devSecret(
      config,
      'admin-token',
      () => randomBytes(32).toString('base64url'),
      log,
      'admin token',
    );
    if (hasShortToken(config.ADMIN_TOKENS)) {
      const file = join(resolve(config.DATA_DIR), 'admin-token');
      throw new ConfigError([`${file}: every admin token must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters`]);
    }
  }
  if (config.KEY_ENCRYPTION_KEYS.length === 0) {
    config.KEY_ENCRYPTION_KEYS = devSecret(
      config,
      'key-encryption-key',
      () => `dev-${randomBytes(4).toString('hex')}:${randomBytes(32).toString('base64')}`,
      log,
      'key-encryption key',
    );
  }
}
