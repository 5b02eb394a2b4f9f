import { Injectable } from '@nestjs/common';
import type { MaintenanceContext, MaintenanceCounts, MaintenanceTask } from '../maintenance/maintenance-task';
import { LaunchRecordRepository } from './launch-record.repository';

/**
 * Deletes expired launch records in batches of MAINTENANCE_BATCH_SIZE, each batch one statement
 * that commits on its own ('batches' mode), until a short batch says the backlog is gone.
 */
@Injectable()
export class LaunchCleanupTask implements MaintenanceTask {
  readonly name = 'launch-cleanup';
  readonly mode = 'batches';

  constructor(private readonly launches: LaunchRecordRepository) {}

  async run({ manager, now, batchSize }: MaintenanceContext): Promise<MaintenanceCounts> {
    const counts = { deleted: 0, batches: 0 };
    for (;;) {
      const deleted = await this.launches.deleteExpiredBatch(manager, now, batchSize);
      if (deleted === 0) break;
      counts.deleted += deleted;
      counts.batches += 1;
      if (deleted < batchSize) break;
    }
    return counts;
  }
}
