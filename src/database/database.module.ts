import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app.config';
import { buildDataSourceOptions } from './database.options';

@Module({})
export class DatabaseModule {
  /** `url` is resolved before the app starts: DATABASE_URL, or the embedded server's address. */
  static forRoot(url: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            ...buildDataSourceOptions(config, url),
            // Retrying here would hide a wrong URL at boot; fail and let the operator see why.
            retryAttempts: 0,
          }),
        }),
      ],
    };
  }
}
