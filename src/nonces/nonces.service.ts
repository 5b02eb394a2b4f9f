import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app.config';
import {
  type ConsumedNonce,
  ISSUER_MAX_LENGTH,
  type LoginBinding,
  NONCE_MAX_LENGTH,
  type NonceQuery,
  STATE_HASH_LENGTH,
} from './login-binding';
import { NonceRepository } from './nonce.repository';

export type { ConsumedNonce, LoginBinding, NonceQuery } from './login-binding';

function fits(value: unknown, min: number, max: number): value is string {
  return typeof value === 'string' && value.length >= min && value.length <= max;
}

/** Nonces issued at login and consumed once at launch; time comes from the injected Clock. */
@Injectable()
export class NoncesService {
  constructor(
    private readonly nonces: NonceRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** Stores the nonce of a login; created_at is the clock's now. */
  issue(binding: LoginBinding): Promise<void> {
    return this.nonces.insert(binding, this.clock.now());
  }

  /**
   * Consumes the nonce of a launch. Null means unknown, already used, older than NONCE_TTL_SECONDS
   * or issued for another login (state) or issuer; callers must not tell these apart to the user.
   */
  async consume(query: NonceQuery): Promise<ConsumedNonce | null> {
    // Values that could never have been stored are refused without a round trip.
    if (!fits(query.nonce, 1, NONCE_MAX_LENGTH) || !fits(query.issuer, 1, ISSUER_MAX_LENGTH)) return null;
    if (!fits(query.stateHash, STATE_HASH_LENGTH, STATE_HASH_LENGTH)) return null;
    const createdAfter = new Date(this.clock.nowMs() - this.config.NONCE_TTL_SECONDS * 1000);
    return this.nonces.consume(query, createdAfter);
  }
}
