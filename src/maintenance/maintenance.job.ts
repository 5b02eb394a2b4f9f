import { type BeforeApplicationShutdown, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { JsonLogger } from '../common/logging/json.logger';
import { AppConfig } from '../config/app.config';
import { MaintenanceService } from './maintenance.service';

export const MAINTENANCE_INTERVAL_NAME = 'maintenance';

export interface MaintenanceSchedule {
  enabled: boolean;
  intervalSeconds: number;
  /** Wall-clock time of this instance's next tick; null when scheduling is off or stopped. */
  nextTickAt: Date | null;
}

/**
 * The schedule: a thin shell around MaintenanceService.runAll(). Decorators cannot read config,
 * so the interval (MAINTENANCE_INTERVAL_SECONDS) is registered with SchedulerRegistry at
 * bootstrap. It uses real timers and wall-clock time, not the injected Clock: it is when this
 * process wakes up, not application time.
 */
@Injectable()
export class MaintenanceJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private inFlight: Promise<void> | null = null;
  private nextTickAt: Date | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly scheduler: SchedulerRegistry,
    private readonly maintenance: MaintenanceService,
    private readonly logger: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.MAINTENANCE_ENABLED) return;
    const handle = setInterval(() => void this.tick(), this.periodMs);
    handle.unref();
    this.scheduler.addInterval(MAINTENANCE_INTERVAL_NAME, handle);
    this.nextTickAt = new Date(Date.now() + this.periodMs);
    this.logger.event('info', 'Maintenance', 'maintenance scheduled', {
      intervalSeconds: this.config.MAINTENANCE_INTERVAL_SECONDS,
      batchSize: this.config.MAINTENANCE_BATCH_SIZE,
      instanceId: this.maintenance.instanceId,
    });
  }

  /** One tick. Never overlaps a tick still running on this instance, never throws. */
  async tick(): Promise<void> {
    if (this.nextTickAt) this.nextTickAt = new Date(Date.now() + this.periodMs);
    if (this.inFlight) {
      this.logger.event('warn', 'Maintenance', 'previous maintenance tick still running; skipping this tick');
      return;
    }
    this.inFlight = this.maintenance
      .runAll()
      .then(
        () => undefined,
        (error: unknown) => this.logger.event('error', 'Maintenance', 'maintenance tick failed', { error }),
      )
      .finally(() => {
        this.inFlight = null;
      });
    await this.inFlight;
  }

  /** Stops the timer, then lets a running tick finish before the pool closes. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.scheduler.doesExist('interval', MAINTENANCE_INTERVAL_NAME)) {
      this.scheduler.deleteInterval(MAINTENANCE_INTERVAL_NAME);
    }
    this.nextTickAt = null;
    await this.inFlight;
  }

  schedule(): MaintenanceSchedule {
    return {
      enabled: this.config.MAINTENANCE_ENABLED,
      intervalSeconds: this.config.MAINTENANCE_INTERVAL_SECONDS,
      nextTickAt: this.nextTickAt,
    };
  }

  private get periodMs(): number {
    return this.config.MAINTENANCE_INTERVAL_SECONDS * 1000;
  }
}
