import { Module } from '@nestjs/common';
import { JwksModule } from '../jwks/jwks.module';
import { DeploymentRepository } from './deployment.repository';
import { DeploymentsController } from './deployments.controller';
import { DeploymentsService } from './deployments.service';
import { LookupCache } from './lookup.cache';
import { RegistrationChangeRecorder } from './registration-change.recorder';
import { RegistrationRepository } from './registration.repository';
import { RegistrationStore } from './registration.store';
import { RegistrationUrlPolicyPipe } from './registration-url-policy.pipe';
import { RegistrationsController } from './registrations.controller';
import { RegistrationsService } from './registrations.service';
import { TypeormRegistrationStore } from './typeorm-registration.store';

/**
 * Platform registrations and deployments: the admin API, and RegistrationStore for the launch
 * flow (the TypeORM store by default; override the token to swap in another).
 */
@Module({
  imports: [JwksModule],
  controllers: [RegistrationsController, DeploymentsController],
  providers: [
    RegistrationRepository,
    DeploymentRepository,
    LookupCache,
    RegistrationChangeRecorder,
    RegistrationUrlPolicyPipe,
    RegistrationsService,
    DeploymentsService,
    { provide: RegistrationStore, useClass: TypeormRegistrationStore },
  ],
  exports: [RegistrationStore, RegistrationsService],
})
export class RegistrationsModule {}
