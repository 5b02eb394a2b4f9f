import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../common/errors/app.error';
import type { KeyEncryptionKey } from './kek.parser';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SealedKey {
  /** `v1.<kekId>.<iv>.<ciphertext>.<tag>`, every part base64url. */
  envelope: string;
  kekId: string;
}

export interface EnvelopeHeader {
  version: string;
  kekId: string;
}

/** Version and KEK id of an envelope without decrypting it; null when it is not one of ours. */
export function readEnvelopeHeader(envelope: string): EnvelopeHeader | null {
  const parts = envelope.split('.');
  if (parts.length !== 5 || !parts[0] || !parts[1]) return null;
  return { version: parts[0], kekId: parts[1] };
}

/**
 * Envelope encryption of private signing keys: AES-256-GCM under the first configured KEK.
 * Version, KEK id and the row's kid are the authenticated data, so a ciphertext moved to another
 * row, a relabelled KEK id and any flipped bit all fail authentication (NIST SP 800-38D).
 */
export class KeyCipher {
  constructor(private readonly keks: readonly KeyEncryptionKey[]) {
    if (keks.length === 0) throw new Error('KeyCipher needs at least one key-encryption key');
  }

  /** The KEK new envelopes are sealed with. */
  get currentKekId(): string {
    return this.keks[0].id;
  }

  seal(kid: string, plaintext: Buffer): SealedKey {
    const kek = this.keks[0];
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', kek.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad(VERSION, kek.id, kid));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const parts = [iv, ciphertext, cipher.getAuthTag()].map((part) => part.toString('base64url'));
    return { envelope: [VERSION, kek.id, ...parts].join('.'), kekId: kek.id };
  }

  /** Decrypts an envelope stored for `kid`; throws KEY_DECRYPTION_FAILED / KEY_ENCRYPTION_KEY_UNKNOWN. */
  open(kid: string, envelope: string): Buffer {
    const header = readEnvelopeHeader(envelope);
    if (!header) throw failed(kid, 'not an envelope');
    if (header.version !== VERSION) throw failed(kid, `unsupported envelope version ${header.version}`);
    const kek = this.keks.find((candidate) => candidate.id === header.kekId);
    if (!kek) {
      throw new AppError('KEY_ENCRYPTION_KEY_UNKNOWN', { detail: `kid ${kid} is sealed with KEK "${header.kekId}"` });
    }
    const [, , iv, ciphertext, tag] = envelope.split('.').map((part) => Buffer.from(part, 'base64url'));
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw failed(kid, 'malformed envelope');
    try {
      const decipher = createDecipheriv('aes-256-gcm', kek.key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(aad(header.version, kek.id, kid));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    } catch (error) {
      throw failed(kid, `authentication failed under KEK "${kek.id}"`, error);
    }
  }

  /** True when the envelope is already sealed in the current format under the current KEK. */
  isCurrent(envelope: string): boolean {
    const header = readEnvelopeHeader(envelope);
    return header?.version === VERSION && header.kekId === this.currentKekId;
  }
}

function aad(version: string, kekId: string, kid: string): Buffer {
  return Buffer.from(`${version}.${kekId}.${kid}`, 'utf8');
}

function failed(kid: string, detail: string, cause?: unknown): AppError {
  return new AppError('KEY_DECRYPTION_FAILED', { detail: `kid ${kid}: ${detail}`, cause });
}
