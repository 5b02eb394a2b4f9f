import { Module, type OnModuleInit } from '@nestjs/common';
import { MaintenanceRegistry } from '../maintenance/maintenance.registry';
import { NoncesModule } from '../nonces/nonces.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { IdTokenValidator } from './id-token.validator';
import { LandingController } from './landing.controller';
import { LaunchCleanupTask } from './launch-cleanup.task';
import { LaunchRecordRepository } from './launch-record.repository';
import { LaunchController } from './launch.controller';
import { LaunchService } from './launch.service';
import { LaunchUrls } from './launch.urls';
import { LaunchesService } from './launches.service';
import { LoginController } from './login.controller';
import { LoginService } from './login.service';
import { PlatformJwksCache } from './platform-jwks.cache';
import { SetupController } from './setup.controller';
import { TargetLinkPolicy } from './target-link.policy';
import { ToolSetupService } from './tool-setup.service';

/**
 * LTI 1.3 launch: OIDC login, id_token validation, launch records and their context API, the
 * built-in landing page and set-up help. Exports LaunchesService (LTI Advantage reads launches).
 */
@Module({
  imports: [RegistrationsModule, NoncesModule],
  controllers: [LoginController, LaunchController, LandingController, SetupController],
  providers: [
    LaunchUrls,
    TargetLinkPolicy,
    LoginService,
    PlatformJwksCache,
    IdTokenValidator,
    LaunchRecordRepository,
    LaunchesService,
    LaunchService,
    LaunchCleanupTask,
    ToolSetupService,
  ],
  exports: [LaunchesService],
})
export class LaunchModule implements OnModuleInit {
  constructor(
    private readonly maintenance: MaintenanceRegistry,
    private readonly cleanup: LaunchCleanupTask,
  ) {}

  onModuleInit(): void {
    this.maintenance.register(this.cleanup);
  }
}
