import { ConfigError } from '../config/config.loader';
import { parseKeyEncryptionKeys } from './kek.parser';

const key32 = (fill: number): string => Buffer.alloc(32, fill).toString('base64');

function problemsOf(entries: string[]): string[] {
  try {
    parseKeyEncryptionKeys(entries);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('parseKeyEncryptionKeys', () => {
  it('parses id:base64 entries in order; the first one encrypts', () => {
    const keys = parseKeyEncryptionKeys([`new-2:${key32(2)}`, `old_1:${key32(1)}`]);
    expect(keys.map((k) => k.id)).toEqual(['new-2', 'old_1']);
    expect(keys[0].key.equals(Buffer.alloc(32, 2))).toBe(true);
  });

  it('accepts base64url keys and tolerates the same entry twice (variable and file)', () => {
    const url = Buffer.alloc(32, 0xfb).toString('base64url');
    expect(url).toMatch(/[-_]/);
    const keys = parseKeyEncryptionKeys([`a:${url}`, `a:${url}`]);
    expect(keys).toHaveLength(1);
    expect(keys[0].key.equals(Buffer.alloc(32, 0xfb))).toBe(true);
  });

  it.each([
    ['no separator', [key32(1)]],
    ['empty id', [`:${key32(1)}`]],
    ['id with a dot (the envelope separator)', [`a.b:${key32(1)}`]],
    ['id longer than 64', [`${'x'.repeat(65)}:${key32(1)}`]],
    ['not base64', ['a:not base64!!']],
    ['16-byte key', [`a:${Buffer.alloc(16).toString('base64')}`]],
    ['33-byte key', [`a:${Buffer.alloc(33).toString('base64')}`]],
    ['one id with two keys', [`a:${key32(1)}`, `a:${key32(2)}`]],
    ['an empty list', []],
  ])('rejects %s with a message naming KEY_ENCRYPTION_KEYS', (_case, entries) => {
    const problems = problemsOf(entries);
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) expect(problem).toMatch(/^KEY_ENCRYPTION_KEYS/);
  });

  it('never echoes key material in its messages', () => {
    const secret = Buffer.alloc(20, 9).toString('base64');
    const problems = problemsOf([`a:${secret}`]);
    expect(problems.join(' ')).not.toContain(secret);
  });
});
