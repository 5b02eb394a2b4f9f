import { Global, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { MaintenanceRunRepository } from './maintenance-run.repository';
import { MaintenanceController } from './maintenance.controller';
import { MaintenanceJob } from './maintenance.job';
import { MaintenanceRegistry } from './maintenance.registry';
import { MaintenanceRunner } from './maintenance.runner';
import { MaintenanceService } from './maintenance.service';

/**
 * Global so that any module can register its scheduled tasks without maintenance importing it.
 * The one place that calls ScheduleModule.forRoot() (all schedules live here).
 */
@Global()
@Module({
  imports: [ScheduleModule.forRoot()],
  controllers: [MaintenanceController],
  providers: [MaintenanceRegistry, MaintenanceRunner, MaintenanceRunRepository, MaintenanceService, MaintenanceJob],
  exports: [MaintenanceRegistry, MaintenanceService],
})
export class MaintenanceModule {}
