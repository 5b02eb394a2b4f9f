import { createPrivateKey, type KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app.error';
import { AppConfig } from '../config/app.config';
import { KeyAssignmentRepository, type CurrentKey } from './key-assignment.repository';
import { KeyCipher } from './key.cipher';
import { KeysRepository } from './keys.repository';

export interface SigningKey {
  jwkId: string;
  kid: string;
  privateKey: KeyObject;
}

/**
 * Which key signs for a registration, and the decrypted KeyObject per kid. A kid's key is decrypted
 * and imported once per process (kids are thumbprints, so the key behind a kid never changes). The
 * registration -> key pointer is cached for REGISTRATION_CACHE_TTL_MS, which bounds how long another
 * instance's rotation takes to reach this one; rotations on this instance invalidate it at once.
 */
@Injectable()
export class SigningKeyCache {
  private readonly privateKeys = new Map<string, Promise<KeyObject>>();
  private readonly pointers = new Map<string, { key: CurrentKey; until: number }>();
  private readonly firstSignRecorded = new Set<string>();

  constructor(
    private readonly assignments: KeyAssignmentRepository,
    private readonly keys: KeysRepository,
    private readonly cipher: KeyCipher,
    private readonly config: AppConfig,
  ) {}

  async forRegistration(registrationId: string): Promise<SigningKey> {
    const current = await this.pointer(registrationId);
    return { ...current, privateKey: await this.privateKey(current) };
  }

  /** Records first_signed_at once per key (the statement itself keeps the first value). */
  async noteSigned(jwkId: string, at: Date): Promise<void> {
    if (this.firstSignRecorded.has(jwkId)) return;
    await this.keys.markFirstSigned(jwkId, at);
    this.firstSignRecorded.add(jwkId);
  }

  /** After a rotation on this instance: the next signature reads the new pointer. */
  invalidate(registrationIds?: string[]): void {
    if (!registrationIds) this.pointers.clear();
    else for (const id of registrationIds) this.pointers.delete(id);
  }

  /** Deactivated keys never sign again; drop their decrypted material. */
  evict(kids: string[]): void {
    for (const kid of kids) this.privateKeys.delete(kid);
  }

  private async pointer(registrationId: string): Promise<CurrentKey> {
    const cached = this.pointers.get(registrationId);
    if (cached && cached.until > performance.now()) return cached.key;
    const key = await this.assignments.currentKey(registrationId);
    if (!key) throw new AppError('KEY_REGISTRATION_NOT_FOUND', { detail: `registration ${registrationId}` });
    this.pointers.set(registrationId, { key, until: performance.now() + this.config.REGISTRATION_CACHE_TTL_MS });
    return key;
  }

  private privateKey(current: CurrentKey): Promise<KeyObject> {
    let pending = this.privateKeys.get(current.kid);
    if (!pending) {
      pending = this.decrypt(current);
      this.privateKeys.set(current.kid, pending);
      pending.catch(() => this.privateKeys.delete(current.kid));
    }
    return pending;
  }

  private async decrypt(current: CurrentKey): Promise<KeyObject> {
    const row = await this.keys.sealedKey(current.jwkId);
    if (!row?.envelope) throw new AppError('KEY_NOT_USABLE', { detail: `kid ${current.kid} has no private key` });
    const der = this.cipher.open(row.kid, row.envelope);
    try {
      return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    } finally {
      der.fill(0);
    }
  }
}
