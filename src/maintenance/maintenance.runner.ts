import { Injectable } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app.config';
import { MetricsService } from '../metrics/metrics.service';
import {
  type AdvisoryLockKey,
  advisoryLockKey,
  SESSION_UNLOCK_SQL,
  TRY_SESSION_LOCK_SQL,
  TRY_XACT_LOCK_SQL,
} from './maintenance.lock';
import type { MaintenanceCounts, MaintenanceTask } from './maintenance-task';

export interface TaskExecution {
  outcome: 'ok' | 'failed' | 'skipped';
  counts: MaintenanceCounts;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
  error?: unknown;
}

/**
 * Runs one task under its PostgreSQL advisory lock, so that of several instances sharing a
 * database only one does the work per tick; the others see the lock taken and skip (they never
 * wait). See docs/adr/0003-maintenance-locking.md for the two modes.
 */
@Injectable()
export class MaintenanceRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
  ) {}

  /** Never throws: a failure comes back as outcome 'failed' with the error. */
  async execute(task: MaintenanceTask): Promise<TaskExecution> {
    const startedAt = this.clock.now();
    const started = performance.now();
    const finish = (outcome: TaskExecution['outcome'], counts: MaintenanceCounts, error?: unknown): TaskExecution => {
      const durationMs = Math.round(performance.now() - started);
      this.metrics.recordMaintenance(task.name, outcome, counts, durationMs / 1000);
      return { outcome, counts, startedAt, finishedAt: this.clock.now(), durationMs, error };
    };
    try {
      const lock = advisoryLockKey(task.name);
      const counts =
        task.mode === 'batches'
          ? await this.inSession(task, lock, startedAt)
          : await this.inTransaction(task, lock, startedAt);
      return counts === null ? finish('skipped', {}) : finish('ok', counts);
    } catch (error) {
      return finish('failed', {}, error);
    }
  }

  /** One transaction; the xact lock is released by its commit or rollback. Null: lock held elsewhere. */
  private inTransaction(task: MaintenanceTask, lock: AdvisoryLockKey, now: Date): Promise<MaintenanceCounts | null> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<{ acquired: boolean }[]>(TRY_XACT_LOCK_SQL, [lock.key]);
      if (rows[0]?.acquired !== true) return null;
      return task.run({ manager, now, batchSize: this.config.MAINTENANCE_BATCH_SIZE });
    });
  }

  /**
   * A dedicated connection holds a session lock for the whole run while each statement of the task
   * commits on its own. Unlocked in finally; if the process dies, the closing connection frees it.
   */
  private async inSession(task: MaintenanceTask, lock: AdvisoryLockKey, now: Date): Promise<MaintenanceCounts | null> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      if (!(await this.trySessionLock(runner, lock))) return null;
      try {
        const counts = await task.run({ manager: runner.manager, now, batchSize: this.config.MAINTENANCE_BATCH_SIZE });
        if (runner.isTransactionActive) throw new Error('the task left a transaction open; it was rolled back');
        return counts;
      } finally {
        // Never unlock inside a transaction a task left open, nor return the connection with one.
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        await runner.query(SESSION_UNLOCK_SQL, [lock.key]);
      }
    } finally {
      await runner.release();
    }
  }

  private async trySessionLock(runner: QueryRunner, lock: AdvisoryLockKey): Promise<boolean> {
    const rows = (await runner.query(TRY_SESSION_LOCK_SQL, [lock.key, lock.classid, lock.objid])) as {
      acquired: boolean;
    }[];
    return rows[0]?.acquired === true;
  }
}
