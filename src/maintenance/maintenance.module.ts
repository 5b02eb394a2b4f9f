import { Global, Module } from '@nestjs/common';
import { MaintenanceRegistry } from './maintenance.registry';

/** Global so that any module can register its scheduled tasks without maintenance importing it. */
@Global()
@Module({ providers: [MaintenanceRegistry], exports: [MaintenanceRegistry] })
export class MaintenanceModule {}
