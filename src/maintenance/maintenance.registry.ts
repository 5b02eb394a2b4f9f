import { Injectable } from '@nestjs/common';
import type { MaintenanceTask } from './maintenance-task';

/** The tasks the scheduler runs, in registration order. */
@Injectable()
export class MaintenanceRegistry {
  private readonly tasks = new Map<string, MaintenanceTask>();

  register(task: MaintenanceTask): void {
    if (this.tasks.has(task.name)) throw new Error(`maintenance task "${task.name}" registered twice`);
    this.tasks.set(task.name, task);
  }

  list(): MaintenanceTask[] {
    return [...this.tasks.values()];
  }

  get(name: string): MaintenanceTask | undefined {
    return this.tasks.get(name);
  }
}
