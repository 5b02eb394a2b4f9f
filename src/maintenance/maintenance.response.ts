import { ApiProperty } from '@nestjs/swagger';
import type { MaintenanceCounts } from './maintenance-task';

const COUNTS = {
  type: 'object',
  additionalProperties: { type: 'integer' },
  example: { deleted: 1200, batches: 1 },
} as const;

/** What every run record carries, whichever instance made it. */
class MaintenanceRunFields {
  @ApiProperty(COUNTS)
  counts: MaintenanceCounts;

  @ApiProperty({ type: String, format: 'date-time' })
  startedAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  finishedAt: Date;

  @ApiProperty()
  durationMs: number;

  @ApiProperty({ type: String, nullable: true, description: 'Short error text of a failed run' })
  error: string | null;

  @ApiProperty({ description: 'Instance that ran it (host:pid:random)' })
  instanceId: string;
}

/** The outcome of one task run by this request. */
export class MaintenanceRunResultResponse extends MaintenanceRunFields {
  @ApiProperty({ example: 'nonce-cleanup' })
  task: string;

  @ApiProperty({ enum: ['ok', 'failed', 'skipped'], description: 'skipped: another instance held the lock' })
  outcome: 'ok' | 'failed' | 'skipped';
}

export class MaintenanceRunResponse {
  @ApiProperty({ type: [MaintenanceRunResultResponse] })
  results: MaintenanceRunResultResponse[];
}

/** The last run of a task that held its lock, on whichever instance. */
export class MaintenanceLastRunResponse extends MaintenanceRunFields {
  @ApiProperty({ enum: ['ok', 'failed'] })
  outcome: 'ok' | 'failed';
}

export class MaintenanceTaskResponse {
  @ApiProperty({ example: 'nonce-cleanup' })
  name: string;

  @ApiProperty({ enum: ['transaction', 'batches'], description: 'Locking mode (docs/adr/0003-maintenance-locking.md)' })
  mode: 'transaction' | 'batches';

  @ApiProperty({ type: MaintenanceLastRunResponse, nullable: true })
  lastRun: MaintenanceLastRunResponse | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Last time an instance skipped it' })
  lastSkippedAt: Date | null;
}

/** GET /admin/maintenance: the shared per-task view plus this instance's schedule. */
export class MaintenanceStatusResponse {
  @ApiProperty({ description: 'MAINTENANCE_ENABLED on this instance' })
  schedulingEnabled: boolean;

  @ApiProperty()
  intervalSeconds: number;

  @ApiProperty()
  batchSize: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: "This instance's next tick" })
  nextTickAt: Date | null;

  @ApiProperty()
  instanceId: string;

  @ApiProperty({ type: [MaintenanceTaskResponse] })
  tasks: MaintenanceTaskResponse[];
}
