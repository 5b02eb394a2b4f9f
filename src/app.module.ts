import { type DynamicModule, Module } from '@nestjs/common';
import { AdvantageModule } from './advantage/advantage.module';
import type { JsonLogger } from './common/logging/json.logger';
import type { AppConfig } from './config/app.config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { JwksModule } from './jwks/jwks.module';
import { LaunchModule } from './launch/launch.module';
import { MaintenanceModule } from './maintenance/maintenance.module';
import { MetricsModule } from './metrics/metrics.module';
import { NoncesModule } from './nonces/nonces.module';
import { RegistrationsModule } from './registrations/registrations.module';

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
        MetricsModule,
        HealthModule,
        JwksModule,
        RegistrationsModule,
        NoncesModule,
        LaunchModule,
        AdvantageModule,
      ],
    };
  }
}
