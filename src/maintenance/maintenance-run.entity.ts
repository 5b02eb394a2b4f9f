import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import type { MaintenanceCounts } from './maintenance-task';

/** The last run of one maintenance task that held its lock (ok or failed), shared by all instances. */
@Entity({ name: 'lti_maintenance_runs' })
@Check('CHK_lti_maintenance_runs_outcome', `"outcome" IN ('ok', 'failed')`)
export class MaintenanceRunEntity {
  @PrimaryColumn({ type: 'varchar', length: 100, primaryKeyConstraintName: 'PK_lti_maintenance_runs' })
  task: string;

  @Column({ name: 'last_started_at', type: 'timestamptz' })
  lastStartedAt: Date;

  @Column({ name: 'last_finished_at', type: 'timestamptz' })
  lastFinishedAt: Date;

  @Column({ type: 'varchar', length: 16 })
  outcome: 'ok' | 'failed';

  @Column({ type: 'jsonb', default: () => "'{}'" })
  counts: MaintenanceCounts;

  @Column({ name: 'duration_ms', type: 'integer' })
  durationMs: number;

  /** Short, redacted error text of a failed run. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;

  @Column({ name: 'instance_id', type: 'varchar', length: 100 })
  instanceId: string;

  /** Last time an instance found the task locked by another one and skipped it. */
  @Column({ name: 'last_skipped_at', type: 'timestamptz', nullable: true })
  lastSkippedAt: Date | null;
}
