import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError } from '../common/errors/app.error';
import { AppConfig } from '../config/app.config';
import { JwksPublisher } from './jwks.publisher';
import { KeyCipher } from './key.cipher';
import { type GeneratedKey, generateRsaSigningKey } from './key.generator';
import { type KeyListRow, KeysRepository } from './keys.repository';

export type { GeneratedKey } from './key.generator';

/** Lifecycle of tool signing keys for the rest of the app: generate, store sealed, retire, publish. */
@Injectable()
export class KeysService {
  constructor(
    private readonly repository: KeysRepository,
    private readonly cipher: KeyCipher,
    private readonly publisher: JwksPublisher,
    private readonly config: AppConfig,
  ) {}

  /** Generates a key pair off the event loop. Call it before opening a transaction: it takes ~50-500 ms. */
  async generate(): Promise<GeneratedKey> {
    try {
      return await generateRsaSigningKey(this.config.KEY_SIZE_BITS);
    } catch (error) {
      throw new AppError('KEY_GENERATION_FAILED', { detail: (error as Error).message, cause: error });
    }
  }

  /** Seals the private half under the current KEK (kid bound as AAD) and inserts an active row with `manager`. */
  async insert(manager: EntityManager, key: GeneratedKey): Promise<{ id: string; kid: string }> {
    const der = key.privateKey.export({ format: 'der', type: 'pkcs8' });
    try {
      const sealed = this.cipher.seal(key.kid, der);
      return await this.repository.insert(manager, {
        kid: key.kid,
        alg: key.alg,
        publicJwk: key.publicJwk,
        envelope: sealed.envelope,
        kekId: sealed.kekId,
      });
    } finally {
      der.fill(0);
    }
  }

  /** Marks keys as no longer signing (still published until the retirement grace has passed). */
  retire(manager: EntityManager, jwkIds: string[], at: Date): Promise<void> {
    return this.repository.retire(manager, jwkIds, at);
  }

  /** Every key (published ones, or all) with the registrations using it; never private material. */
  list(includeInactive: boolean): Promise<KeyListRow[]> {
    return this.repository.listKeys(includeInactive);
  }

  /** Reloads the in-memory JWKS of this instance; call after the transaction that changed keys commits. */
  refreshPublished(): Promise<void> {
    return this.publisher.refresh();
  }
}
