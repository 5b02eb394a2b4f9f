import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app.config';
import type { MaintenanceContext, MaintenanceCounts, MaintenanceTask } from '../maintenance/maintenance-task';
import { NonceRepository } from './nonce.repository';

/**
 * Deletes nonces older than NONCE_TTL_SECONDS in batches of MAINTENANCE_BATCH_SIZE. Runs in
 * 'batches' mode: each batch is one statement that commits on its own, so no batch holds row locks
 * or an open transaction longer than it takes to delete one batch (see docs/adr/0003).
 */
@Injectable()
export class NonceCleanupTask implements MaintenanceTask {
  readonly name = 'nonce-cleanup';
  readonly mode = 'batches';

  constructor(
    private readonly nonces: NonceRepository,
    private readonly config: AppConfig,
  ) {}

  async run({ manager, now, batchSize }: MaintenanceContext): Promise<MaintenanceCounts> {
    // Fixed for the whole run, so the loop ends even while new logins keep inserting nonces.
    const cutoff = new Date(now.getTime() - this.config.NONCE_TTL_SECONDS * 1000);
    const counts = { deleted: 0, batches: 0, largestBatch: 0 };
    for (;;) {
      const deleted = await this.nonces.deleteExpiredBatch(manager, cutoff, batchSize);
      if (deleted === 0) break;
      counts.deleted += deleted;
      counts.batches += 1;
      counts.largestBatch = Math.max(counts.largestBatch, deleted);
      if (deleted < batchSize) break;
    }
    return counts;
  }
}
