import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app.config';
import type { MaintenanceContext, MaintenanceCounts, MaintenanceTask } from '../maintenance/maintenance-task';
import { MaintenanceRegistry } from '../maintenance/maintenance.registry';
import { KeysRepository } from './keys.repository';
import { SigningKeyCache } from './signing-key.cache';

/**
 * Unpublishes keys that stopped signing more than KEY_RETIREMENT_GRACE_SECONDS ago and that no
 * registration references, and wipes their private ciphertext. The grace is at least the JWKS
 * max-age plus the lifetime of our tokens (checked at boot), so everything they signed has expired
 * and every cached JWKS copy has been refetched. Instances drop the key from their in-memory JWKS
 * at their next poll (the task may run inside a transaction, so no reload happens here).
 */
@Injectable()
export class KeyRetirementJob implements MaintenanceTask, OnModuleInit {
  readonly name = 'key-retirement';

  constructor(
    private readonly registry: MaintenanceRegistry,
    private readonly keys: KeysRepository,
    private readonly signingKeys: SigningKeyCache,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async run({ manager, now, batchSize }: MaintenanceContext): Promise<MaintenanceCounts> {
    const retiredBefore = new Date(now.getTime() - this.config.KEY_RETIREMENT_GRACE_SECONDS * 1000);
    const kids = await this.keys.deactivateRetired(manager, retiredBefore, now, batchSize);
    this.signingKeys.evict(kids);
    return { deactivated: kids.length };
  }
}
