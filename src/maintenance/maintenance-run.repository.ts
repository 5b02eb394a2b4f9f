import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { MaintenanceRunEntity } from './maintenance-run.entity';
import type { MaintenanceCounts } from './maintenance-task';

export interface RecordedRun {
  task: string;
  outcome: 'ok' | 'failed';
  counts: MaintenanceCounts;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
  error: string | null;
  instanceId: string;
}

/** lti_maintenance_runs: the last run of each task, written as single autocommit statements. */
@Injectable()
export class MaintenanceRunRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Upsert that keeps the run that started last: records are written after the lock is released,
   * so a slower writer from an earlier run must not overwrite a newer one.
   */
  async recordRun(run: RecordedRun): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO "lti_maintenance_runs" AS r
         ("task", "last_started_at", "last_finished_at", "outcome", "counts", "duration_ms", "error", "instance_id")
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8)
       ON CONFLICT ("task") DO UPDATE SET
         "last_started_at" = EXCLUDED."last_started_at", "last_finished_at" = EXCLUDED."last_finished_at",
         "outcome" = EXCLUDED."outcome", "counts" = EXCLUDED."counts", "duration_ms" = EXCLUDED."duration_ms",
         "error" = EXCLUDED."error", "instance_id" = EXCLUDED."instance_id"
       WHERE r."last_started_at" <= EXCLUDED."last_started_at"`,
      [
        run.task,
        run.startedAt,
        run.finishedAt,
        run.outcome,
        JSON.stringify(run.counts),
        run.durationMs,
        run.error,
        run.instanceId,
      ],
    );
  }

  /** A skip only stamps last_skipped_at: it must not hide what the instance holding the lock did. */
  async recordSkip(task: string, at: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE "lti_maintenance_runs"
       SET "last_skipped_at" = GREATEST(COALESCE("last_skipped_at", $2), $2)
       WHERE "task" = $1`,
      [task, at],
    );
  }

  findByTasks(tasks: string[]): Promise<MaintenanceRunEntity[]> {
    return this.dataSource.getRepository(MaintenanceRunEntity).findBy({ task: In(tasks) });
  }
}
