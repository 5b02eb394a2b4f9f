import { type DynamicModule, Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from '../common/clock';
import { JsonLogger } from '../common/logging/json.logger';
import { AppConfig } from './app.config';

/** Global providers every module may inject: the validated config, the clock and the logger. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig, logger: JsonLogger): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: JsonLogger, useValue: logger },
        { provide: Clock, useClass: SystemClock },
      ],
      exports: [AppConfig, JsonLogger, Clock],
    };
  }
}
