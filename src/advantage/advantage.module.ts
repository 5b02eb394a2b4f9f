import { Module } from '@nestjs/common';
import { JwksModule } from '../jwks/jwks.module';
import { LaunchModule } from '../launch/launch.module';
import { AdvantageLaunchSource } from './advantage-launch';
import { AgsController } from './ags.controller';
import { AgsService } from './ags.service';
import { ClientAssertionSigner } from './client-assertion.signer';
import { DeepLinkingController } from './deep-linking.controller';
import { DeepLinkingService } from './deep-linking.service';
import { DeepLinkingResponseRepository } from './deep-linking-response.repository';
import { LaunchBearerGuard } from './launch-bearer.guard';
import { LaunchContextSource } from './launch-context.source';
import { NrpsController } from './nrps.controller';
import { NrpsService } from './nrps.service';
import { PlatformHttpClient } from './platform-http.client';
import { PlatformServiceClient } from './platform-service.client';
import { ServiceTokenService } from './service-token.service';
import { TokenEndpointClient } from './token-endpoint.client';

/**
 * LTI Advantage for the tool's front end: deep linking responses, OAuth2 service tokens, grades
 * (AGS) and rosters (NRPS), each authorised by the launch id as bearer (ADR 0004).
 */
@Module({
  imports: [JwksModule, LaunchModule],
  controllers: [DeepLinkingController, AgsController, NrpsController],
  providers: [
    { provide: AdvantageLaunchSource, useClass: LaunchContextSource },
    LaunchBearerGuard,
    PlatformHttpClient,
    ClientAssertionSigner,
    TokenEndpointClient,
    ServiceTokenService,
    PlatformServiceClient,
    DeepLinkingResponseRepository,
    DeepLinkingService,
    AgsService,
    NrpsService,
  ],
  exports: [ServiceTokenService, AgsService, NrpsService, DeepLinkingService],
})
export class AdvantageModule {}
