import type { MaintenanceRunResultResponse, MaintenanceTaskResponse } from './maintenance.response';
import type { MaintenanceRunResult, MaintenanceTaskStatus } from './maintenance.service';

/** Service results to API responses (never the entity itself). */
export function toRunResponse(result: MaintenanceRunResult): MaintenanceRunResultResponse {
  const { task, outcome, counts, startedAt, finishedAt, durationMs, error, instanceId } = result;
  return { task, outcome, counts, startedAt, finishedAt, durationMs, error, instanceId };
}

export function toTaskResponse(status: MaintenanceTaskStatus): MaintenanceTaskResponse {
  const run = status.lastRun;
  return {
    name: status.name,
    mode: status.mode,
    lastRun: run && {
      outcome: run.outcome,
      counts: run.counts,
      startedAt: run.lastStartedAt,
      finishedAt: run.lastFinishedAt,
      durationMs: run.durationMs,
      error: run.error,
      instanceId: run.instanceId,
    },
    lastSkippedAt: status.lastSkippedAt,
  };
}
