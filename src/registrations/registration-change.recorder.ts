import { Injectable } from '@nestjs/common';
import { JsonLogger } from '../common/logging/json.logger';
import { LookupCache } from './lookup.cache';

export type RegistrationChange =
  'registration created' | 'registration updated' | 'registration deleted' | 'deployment added' | 'deployment removed';

/** Fields of an audit line: which admin token acted, on which registration, and what changed. */
export interface ChangeFields {
  tokenId: string;
  registrationId: string;
  [field: string]: unknown;
}

/**
 * What follows every committed admin change: this instance's lookup cache is cleared at once (other
 * instances follow within REGISTRATION_CACHE_TTL_MS) and an audit line is written.
 */
@Injectable()
export class RegistrationChangeRecorder {
  constructor(
    private readonly cache: LookupCache,
    private readonly logger: JsonLogger,
  ) {}

  record(change: RegistrationChange, fields: ChangeFields): void {
    this.cache.clear();
    this.logger.event('info', 'Admin', change, fields);
  }

  /** A follow-up step of a committed change failed (the change itself stands). */
  warn(message: string, error: unknown): void {
    this.logger.event('warn', 'Admin', message, { error });
  }
}
