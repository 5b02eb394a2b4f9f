import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppError } from '../common/errors/app.error';
import { JsonLogger } from '../common/logging/json.logger';
import { ConfigError } from '../config/config.loader';
import { KeyCipher, readEnvelopeHeader } from './key.cipher';
import { KeysRepository } from './keys.repository';

/**
 * Proves at start-up that the configured KEKs open the stored keys: the newest sealed key of every
 * KEK id in use is decrypted. A missing or wrong KEK stops the boot with a message naming
 * KEY_ENCRYPTION_KEYS, instead of surfacing at the first signature in front of a user.
 */
@Injectable()
export class KeyStartupCheck implements OnModuleInit {
  constructor(
    private readonly keys: KeysRepository,
    private readonly cipher: KeyCipher,
    private readonly logger: JsonLogger,
  ) {}

  async onModuleInit(): Promise<void> {
    const samples = await this.keys.newestSealedPerKek();
    const problems: string[] = [];
    for (const sample of samples) {
      const kekId = readEnvelopeHeader(sample.envelope)?.kekId ?? sample.kekId ?? '?';
      try {
        this.cipher.open(sample.kid, sample.envelope).fill(0);
      } catch (error) {
        problems.push(describe(error, kekId, sample.kid));
      }
    }
    if (problems.length > 0) throw new ConfigError(problems);
    this.logger.event('info', 'Keys', 'key-encryption keys verified against stored signing keys', {
      kekIdsInUse: samples.map((sample) => sample.kekId),
      encryptingKekId: this.cipher.currentKekId,
    });
  }
}

function describe(error: unknown, kekId: string, kid: string): string {
  if (error instanceof AppError && error.code === 'KEY_ENCRYPTION_KEY_UNKNOWN') {
    return `KEY_ENCRYPTION_KEYS: stored signing keys are sealed with key-encryption key "${kekId}", which is not configured; add it (any position) to KEY_ENCRYPTION_KEYS or KEY_ENCRYPTION_KEYS_FILE`;
  }
  if (error instanceof AppError) {
    return `KEY_ENCRYPTION_KEYS: the configured key-encryption key "${kekId}" does not decrypt stored signing key ${kid}; it is not the key these rows were sealed with`;
  }
  throw error;
}
