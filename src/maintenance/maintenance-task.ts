import type { EntityManager } from 'typeorm';

export interface MaintenanceContext {
  /** Use only this manager inside a task (the embedded database serializes transactions). */
  manager: EntityManager;
  now: Date;
  batchSize: number;
}

/** Counts a run reports, e.g. { deleted: 120 } or { activated: 1, deactivated: 2 }. */
export type MaintenanceCounts = Record<string, number>;

/**
 * How a run is isolated and locked (docs/adr/0003-maintenance-locking.md):
 * - 'transaction' (default): one transaction holding pg_try_advisory_xact_lock; `manager` is that
 *   transaction's, so the whole run commits or rolls back together. For short, all-or-nothing work.
 * - 'batches': a session-level advisory lock on a dedicated connection; `manager` is bound to that
 *   connection outside any transaction, so each statement commits on its own (use
 *   `manager.transaction(...)` for a multi-statement unit). For long batched deletes: no lock or
 *   transaction outlives one batch, and progress survives a failure.
 */
export type MaintenanceMode = 'transaction' | 'batches';

/**
 * A unit of scheduled work. Modules register their tasks with MaintenanceRegistry (in their
 * onModuleInit), so maintenance never imports the modules it serves.
 */
export interface MaintenanceTask {
  /** Stable name, also the key of its advisory lock and of GET /admin/maintenance. */
  readonly name: string;
  /** Defaults to 'transaction'. */
  readonly mode?: MaintenanceMode;
  run(context: MaintenanceContext): Promise<MaintenanceCounts>;
}
