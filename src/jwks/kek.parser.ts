import { ConfigError } from '../config/config.loader';

/** A key-encryption key (KEK): seals the private halves of our signing keys at rest. */
export interface KeyEncryptionKey {
  /** Stored next to every ciphertext so the right KEK is found after the list changes. */
  readonly id: string;
  readonly key: Buffer;
}

// No '.' in ids: the envelope format uses '.' as its separator.
const KEK_ID = /^[A-Za-z0-9_-]{1,64}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$|^[A-Za-z0-9_-]+$/;

function parseOne(entry: string, index: number): KeyEncryptionKey | string {
  const separator = entry.indexOf(':');
  const where = `KEY_ENCRYPTION_KEYS entry ${index + 1}`;
  if (separator <= 0) return `${where}: expected "id:base64(32 bytes)"`;
  const id = entry.slice(0, separator).trim();
  const encoded = entry.slice(separator + 1).trim();
  if (!KEK_ID.test(id)) return `${where}: the id must be 1-64 characters of A-Z a-z 0-9 _ -`;
  if (!BASE64.test(encoded)) return `${where} ("${id}"): the key is not base64`;
  const key = Buffer.from(encoded, encoded.includes('-') || encoded.includes('_') ? 'base64url' : 'base64');
  if (key.length !== 32)
    return `${where} ("${id}"): the key must decode to exactly 32 bytes (AES-256), got ${key.length}`;
  return { id, key };
}

/**
 * Parses `id:base64(32 bytes)` entries (from KEY_ENCRYPTION_KEYS and KEY_ENCRYPTION_KEYS_FILE).
 * The first one encrypts, every one decrypts. Throws ConfigError naming every bad entry, never
 * echoing key material.
 */
export function parseKeyEncryptionKeys(entries: readonly string[]): KeyEncryptionKey[] {
  const problems: string[] = [];
  const keys: KeyEncryptionKey[] = [];
  entries.forEach((entry, index) => {
    const parsed = parseOne(entry, index);
    if (typeof parsed === 'string') problems.push(parsed);
    else {
      const twin = keys.find((existing) => existing.id === parsed.id);
      // The same entry in both the variable and the file is harmless; one id with two keys is not.
      if (!twin) keys.push(parsed);
      else if (!twin.key.equals(parsed.key))
        problems.push(`KEY_ENCRYPTION_KEYS: the id "${parsed.id}" is listed with two different keys`);
    }
  });
  if (entries.length === 0) problems.push('KEY_ENCRYPTION_KEYS: at least one key-encryption key is required');
  if (problems.length > 0) throw new ConfigError(problems);
  return keys;
}
