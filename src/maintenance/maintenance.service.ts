import { hostname } from 'node:os';
import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app.error';
import { JsonLogger } from '../common/logging/json.logger';
import { redactString } from '../common/logging/redact';
import { randomToken } from '../common/random';
import type { MaintenanceRunEntity } from './maintenance-run.entity';
import { MaintenanceRunRepository, type RecordedRun } from './maintenance-run.repository';
import type { MaintenanceMode, MaintenanceTask } from './maintenance-task';
import { MaintenanceRegistry } from './maintenance.registry';
import { MaintenanceRunner, type TaskExecution } from './maintenance.runner';

const ERROR_TEXT_MAX = 300;

/** A run as this instance saw it: a recorded run, or a skip (another instance held the lock). */
export interface MaintenanceRunResult extends Omit<RecordedRun, 'outcome'> {
  outcome: RecordedRun['outcome'] | 'skipped';
}

export interface MaintenanceTaskStatus {
  name: string;
  mode: MaintenanceMode;
  /** Last run that held the lock, by any instance (null: never ran). */
  lastRun: MaintenanceRunEntity | null;
  lastSkippedAt: Date | null;
}

/** Public, short and secret-free: error codes for AppErrors, otherwise the error's name and message. */
export function errorText(error: unknown): string {
  const text =
    error instanceof AppError
      ? error.code
      : error instanceof Error
        ? `${error.name}: ${error.message}`
        : `non-error thrown: ${typeof error}`;
  return redactString(text).slice(0, ERROR_TEXT_MAX);
}

/** Runs registered maintenance tasks one after the other, records and logs every run. */
@Injectable()
export class MaintenanceService {
  /** Names this instance in the shared runs table and in logs (not a secret). */
  readonly instanceId = `${hostname().slice(0, 60)}:${process.pid}:${randomToken(4)}`;

  constructor(
    private readonly registry: MaintenanceRegistry,
    private readonly runner: MaintenanceRunner,
    private readonly runs: MaintenanceRunRepository,
    private readonly logger: JsonLogger,
  ) {}

  /** Every task in registration order; a failed task never stops the next one. Never throws. */
  async runAll(): Promise<MaintenanceRunResult[]> {
    const started = performance.now();
    const results: MaintenanceRunResult[] = [];
    for (const task of this.registry.list()) results.push(await this.runTask(task));
    const tally = (outcome: MaintenanceRunResult['outcome']) => results.filter((r) => r.outcome === outcome).length;
    this.logger.event('info', 'Maintenance', 'maintenance run finished', {
      tasks: results.length,
      ok: tally('ok'),
      failed: tally('failed'),
      skipped: tally('skipped'),
      durationMs: Math.round(performance.now() - started),
    });
    return results;
  }

  /** One task by name (MAINTENANCE_TASK_NOT_FOUND when no such task is registered). */
  run(name: string): Promise<MaintenanceRunResult> {
    const task = this.registry.get(name);
    if (!task) throw new AppError('MAINTENANCE_TASK_NOT_FOUND', { detail: `task "${name}"` });
    return this.runTask(task);
  }

  async status(): Promise<MaintenanceTaskStatus[]> {
    const tasks = this.registry.list();
    const rows = tasks.length === 0 ? [] : await this.runs.findByTasks(tasks.map((task) => task.name));
    const byTask = new Map(rows.map((row) => [row.task, row]));
    return tasks.map((task) => ({
      name: task.name,
      mode: task.mode ?? 'transaction',
      lastRun: byTask.get(task.name) ?? null,
      lastSkippedAt: byTask.get(task.name)?.lastSkippedAt ?? null,
    }));
  }

  private async runTask(task: MaintenanceTask): Promise<MaintenanceRunResult> {
    const execution = await this.runner.execute(task);
    const result = this.toResult(task.name, execution);
    this.log(result, execution.error);
    await this.record(result);
    return result;
  }

  private toResult(task: string, execution: TaskExecution): MaintenanceRunResult {
    const { outcome, counts, startedAt, finishedAt, durationMs } = execution;
    const error = outcome === 'failed' ? errorText(execution.error) : null;
    return { task, outcome, counts, startedAt, finishedAt, durationMs, error, instanceId: this.instanceId };
  }

  private log(result: MaintenanceRunResult, error: unknown): void {
    const fields = { task: result.task, outcome: result.outcome, durationMs: result.durationMs, counts: result.counts };
    if (result.outcome === 'failed') {
      this.logger.event('error', 'Maintenance', 'maintenance task failed; retried next tick', { ...fields, error });
    } else if (result.outcome === 'skipped') {
      this.logger.event('info', 'Maintenance', 'maintenance task skipped: another instance holds its lock', fields);
    } else {
      this.logger.event('info', 'Maintenance', 'maintenance task finished', fields);
    }
  }

  /** Recording is best effort: losing one status row must not turn a done job into a failure. */
  private async record(result: MaintenanceRunResult): Promise<void> {
    try {
      if (result.outcome === 'skipped') await this.runs.recordSkip(result.task, result.startedAt);
      else await this.runs.recordRun({ ...result, outcome: result.outcome });
    } catch (error) {
      this.logger.event('error', 'Maintenance', 'could not record maintenance run', { task: result.task, error });
    }
  }
}
