import { AppError } from '../common/errors/app.error';
import { KeyCipher, readEnvelopeHeader } from './key.cipher';
import type { KeyEncryptionKey } from './kek.parser';

const kek = (id: string, fill: number): KeyEncryptionKey => ({ id, key: Buffer.alloc(32, fill) });
const secret = Buffer.from('pkcs8 private key bytes');

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  throw new Error('expected an AppError');
}

/** Flips one bit of the base64url part `index` (2 = iv, 3 = ciphertext, 4 = tag). */
function flip(envelope: string, index: number): string {
  const parts = envelope.split('.');
  const bytes = Buffer.from(parts[index], 'base64url');
  bytes[0] ^= 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

describe('KeyCipher (AES-256-GCM envelopes)', () => {
  const cipher = new KeyCipher([kek('k2', 2), kek('k1', 1)]);

  it('round-trips and writes version and KEK id into the envelope', () => {
    const sealed = cipher.seal('kid-a', secret);
    expect(sealed.kekId).toBe('k2');
    expect(readEnvelopeHeader(sealed.envelope)).toEqual({ version: 'v1', kekId: 'k2' });
    expect(sealed.envelope).not.toContain(secret.toString('base64url'));
    expect(cipher.open('kid-a', sealed.envelope).equals(secret)).toBe(true);
    expect(cipher.isCurrent(sealed.envelope)).toBe(true);
  });

  it('uses a fresh IV per envelope', () => {
    expect(cipher.seal('kid-a', secret).envelope).not.toBe(cipher.seal('kid-a', secret).envelope);
  });

  it('decrypts with any configured KEK, not only the first', () => {
    const old = new KeyCipher([kek('k1', 1)]).seal('kid-a', secret);
    expect(cipher.open('kid-a', old.envelope).equals(secret)).toBe(true);
    expect(cipher.isCurrent(old.envelope)).toBe(false);
  });

  it.each([
    ['iv', 2],
    ['ciphertext', 3],
    ['tag', 4],
  ])('detects a tampered %s', (_part, index) => {
    const { envelope } = cipher.seal('kid-a', secret);
    expect(codeOf(() => cipher.open('kid-a', flip(envelope, index)))).toBe('KEY_DECRYPTION_FAILED');
  });

  it('detects a ciphertext swapped to another row (kid is authenticated data)', () => {
    const { envelope } = cipher.seal('kid-a', secret);
    expect(codeOf(() => cipher.open('kid-b', envelope))).toBe('KEY_DECRYPTION_FAILED');
  });

  it('detects a wrong KEK under the right id', () => {
    const { envelope } = cipher.seal('kid-a', secret);
    const impostor = new KeyCipher([kek('k2', 99)]);
    expect(codeOf(() => impostor.open('kid-a', envelope))).toBe('KEY_DECRYPTION_FAILED');
  });

  it('detects a relabelled KEK id (the id is authenticated data too)', () => {
    const both = new KeyCipher([kek('k2', 2), kek('k3', 2)]);
    const { envelope } = both.seal('kid-a', secret);
    const relabelled = envelope.replace(/^v1\.k2\./, 'v1.k3.');
    expect(codeOf(() => both.open('kid-a', relabelled))).toBe('KEY_DECRYPTION_FAILED');
  });

  it('reports an unconfigured KEK id as KEY_ENCRYPTION_KEY_UNKNOWN', () => {
    const { envelope } = new KeyCipher([kek('gone', 5)]).seal('kid-a', secret);
    expect(codeOf(() => cipher.open('kid-a', envelope))).toBe('KEY_ENCRYPTION_KEY_UNKNOWN');
  });

  it.each([
    ['an unknown version', (e: string) => e.replace(/^v1\./, 'v2.')],
    ['a missing part', (e: string) => e.split('.').slice(0, 4).join('.')],
    ['a truncated tag', (e: string) => e.replace(/\.[^.]+$/, '.AAAA')],
    ['garbage', () => 'not-an-envelope'],
  ])('rejects %s', (_case, mangle) => {
    const { envelope } = cipher.seal('kid-a', secret);
    expect(codeOf(() => cipher.open('kid-a', mangle(envelope)))).toBe('KEY_DECRYPTION_FAILED');
  });
});
