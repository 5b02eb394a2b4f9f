import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config.loader';
import { resolveSecrets } from './secrets.resolver';

const TOKEN_A = 'admin-token-a-0123456789abcdefghijklmnop';
const TOKEN_B = 'admin-token-b-0123456789abcdefghijklmnop';
const KEK = `kek-1:${Buffer.alloc(32, 1).toString('base64')}`;

interface LogLine {
  message: string;
  fields: Record<string, unknown>;
}

describe('resolveSecrets', () => {
  let dir: string;
  let lines: LogLine[];
  const log = (message: string, fields: Record<string, unknown>) => lines.push({ message, fields });
  const config = (env: Record<string, string>) => loadConfig({ DATA_DIR: join(dir, 'data'), ...env });
  const problemsOf = (run: () => void): string[] => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).problems;
    }
    throw new Error('expected a ConfigError');
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lti-secrets-'));
    lines = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('with NODE_ENV=production', () => {
    const production = {
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://tool.example.edu',
      DATABASE_URL: 'postgres://db/lti',
    };

    it('refuses to start without admin tokens, naming the variables, and writes nothing', () => {
      const problems = problemsOf(() => resolveSecrets(config({ ...production, KEY_ENCRYPTION_KEYS: KEK }), log));
      expect(problems).toEqual([expect.stringMatching(/^ADMIN_TOKENS or ADMIN_TOKENS_FILE: required/)]);
      expect(() => statSync(join(dir, 'data'))).toThrow();
      expect(lines).toEqual([]);
    });

    it('refuses to start without key-encryption keys', () => {
      const problems = problemsOf(() => resolveSecrets(config({ ...production, ADMIN_TOKENS: TOKEN_A }), log));
      expect(problems).toEqual([expect.stringMatching(/^KEY_ENCRYPTION_KEYS or KEY_ENCRYPTION_KEYS_FILE: required/)]);
    });

    it('starts with tokens from a mounted file', () => {
      const file = join(dir, 'admin-tokens');
      writeFileSync(file, `# rotated 2026-01\n${TOKEN_A}\n\n${TOKEN_B}\n`);
      const resolved = config({ ...production, ADMIN_TOKENS_FILE: file, KEY_ENCRYPTION_KEYS: KEK });
      resolveSecrets(resolved, log);
      expect(resolved.ADMIN_TOKENS).toEqual([TOKEN_A, TOKEN_B]);
    });
  });

  describe('in development', () => {
    it('generates an admin token into DATA_DIR (0600) and logs the file, never the value', () => {
      const resolved = config({ NODE_ENV: 'development', KEY_ENCRYPTION_KEYS: KEK });
      resolveSecrets(resolved, log);
      const path = join(dir, 'data', 'admin-token');
      expect(statSync(path).mode & 0o777).toBe(0o600);
      const [token] = resolved.ADMIN_TOKENS;
      expect(resolved.ADMIN_TOKENS).toEqual([readFileSync(path, 'utf8').trim()]);
      expect(token.length).toBeGreaterThanOrEqual(32);
      expect(lines).toEqual([{ message: 'generated a development admin token', fields: { file: path } }]);
      expect(JSON.stringify(lines)).not.toContain(token);
    });

    it('keeps the generated token across restarts', () => {
      const first = config({ NODE_ENV: 'development', KEY_ENCRYPTION_KEYS: KEK });
      resolveSecrets(first, log);
      const second = config({ NODE_ENV: 'development', KEY_ENCRYPTION_KEYS: KEK });
      resolveSecrets(second, log);
      expect(second.ADMIN_TOKENS).toEqual(first.ADMIN_TOKENS);
      expect(lines.map((line) => line.message)).toEqual([
        'generated a development admin token',
        'using the development admin token',
      ]);
    });

    it('generates nothing when tokens are configured', () => {
      const resolved = config({
        NODE_ENV: 'development',
        ADMIN_TOKENS: `${TOKEN_A},${TOKEN_B}`,
        KEY_ENCRYPTION_KEYS: KEK,
      });
      resolveSecrets(resolved, log);
      expect(resolved.ADMIN_TOKENS).toEqual([TOKEN_A, TOKEN_B]);
      expect(lines).toEqual([]);
    });

    it('refuses an empty generated-token file instead of locking every admin out', () => {
      const resolved = config({ NODE_ENV: 'development', KEY_ENCRYPTION_KEYS: KEK });
      resolveSecrets(resolved, log);
      writeFileSync(join(dir, 'data', 'admin-token'), '\n');
      const problems = problemsOf(() =>
        resolveSecrets(config({ NODE_ENV: 'development', KEY_ENCRYPTION_KEYS: KEK }), log),
      );
      expect(problems).toEqual([expect.stringContaining('admin-token')]);
    });

    it('refuses a short token edited into the generated file', () => {
      resolveSecrets(config({ NODE_ENV: 'development', KEY_ENCRYPTION_KEYS: KEK }), log);
      writeFileSync(join(dir, 'data', 'admin-token'), 'short\n');
      const problems = problemsOf(() =>
        resolveSecrets(config({ NODE_ENV: 'development', KEY_ENCRYPTION_KEYS: KEK }), log),
      );
      expect(problems).toEqual([expect.stringMatching(/at least 32 characters/)]);
    });
  });

  describe('*_FILE variables', () => {
    it('appends file tokens to ADMIN_TOKENS and file keys to KEY_ENCRYPTION_KEYS', () => {
      const tokens = join(dir, 'tokens');
      const keks = join(dir, 'keks');
      writeFileSync(tokens, `${TOKEN_B}\r\n`);
      writeFileSync(keks, `${KEK}\n`);
      const resolved = config({ ADMIN_TOKENS: TOKEN_A, ADMIN_TOKENS_FILE: tokens, KEY_ENCRYPTION_KEYS_FILE: keks });
      resolveSecrets(resolved, log);
      expect(resolved.ADMIN_TOKENS).toEqual([TOKEN_A, TOKEN_B]);
      expect(resolved.KEY_ENCRYPTION_KEYS).toEqual([KEK]);
    });

    it('names the variable when its file cannot be read', () => {
      const problems = problemsOf(() => resolveSecrets(config({ ADMIN_TOKENS_FILE: join(dir, 'missing') }), log));
      expect(problems).toEqual([expect.stringMatching(/^ADMIN_TOKENS_FILE: cannot read .*ENOENT/)]);
    });

    it('refuses a short token from a file', () => {
      const file = join(dir, 'tokens');
      writeFileSync(file, 'too-short\n');
      const problems = problemsOf(() =>
        resolveSecrets(config({ ADMIN_TOKENS_FILE: file, KEY_ENCRYPTION_KEYS: KEK }), log),
      );
      expect(problems).toEqual([expect.stringMatching(/^ADMIN_TOKENS \/ ADMIN_TOKENS_FILE: .*at least 32 characters/)]);
    });
  });
});
