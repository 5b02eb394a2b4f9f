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
 * A unit of scheduled work. Modules register their tasks with MaintenanceRegistry (in their
 * onModuleInit), so maintenance never imports the modules it serves.
 */
export interface MaintenanceTask {
  /** Stable name, also the key of its advisory lock and of GET /admin/maintenance. */
  readonly name: string;
  run(context: MaintenanceContext): Promise<MaintenanceCounts>;
}
