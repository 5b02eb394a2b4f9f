import { type DynamicModule, Module } from '@nestjs/common';
import type { JsonLogger } from './common/logging/json.logger';
import type { AppConfig } from './config/app.config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { MaintenanceModule } from './maintenance/maintenance.module';

export interface AppModuleOptions {
  config: AppConfig;
  logger: JsonLogger;
  databaseUrl: string;
}

@Module({})
export class AppModule {
  static forRoot({ config, logger, databaseUrl }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, logger),
        DatabaseModule.forRoot(databaseUrl),
        MaintenanceModule,
        HealthModule,
      ],
    };
  }
}
