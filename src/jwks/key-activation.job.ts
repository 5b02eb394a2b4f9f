import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { MaintenanceContext, MaintenanceCounts, MaintenanceTask } from '../maintenance/maintenance-task';
import { MaintenanceRegistry } from '../maintenance/maintenance.registry';
import { KeyAssignmentRepository } from './key-assignment.repository';
import { SigningKeyCache } from './signing-key.cache';

/**
 * Ends pre-publication: registrations whose pending key is due sign with it from now on, and the
 * key it replaces is retired (still published for the retirement grace).
 */
@Injectable()
export class KeyActivationJob implements MaintenanceTask, OnModuleInit {
  readonly name = 'key-activation';

  constructor(
    private readonly registry: MaintenanceRegistry,
    private readonly assignments: KeyAssignmentRepository,
    private readonly signingKeys: SigningKeyCache,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async run({ manager, now, batchSize }: MaintenanceContext): Promise<MaintenanceCounts> {
    const retiredKids = await this.assignments.activateDue(manager, now, batchSize);
    // Other instances follow within REGISTRATION_CACHE_TTL_MS; the new key is already published.
    if (retiredKids.length > 0) this.signingKeys.invalidate();
    return { activated: retiredKids.length };
  }
}
