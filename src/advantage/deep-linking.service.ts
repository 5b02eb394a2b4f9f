import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors/app.error';
import { JsonLogger } from '../common/logging/json.logger';
import { randomToken } from '../common/random';
import { AppConfig } from '../config/app.config';
import { SigningService } from '../jwks/signing.service';
import { CLAIM, type DeepLinkingSettingsClaim } from '../launch/lti-claims';
import type { AdvantageLaunch } from './advantage-launch';
import { checkContentItems } from './content-item.checks';
import { deepLinkingResponseClaims } from './deep-linking.claims';
import type { DeepLinkingResponseDto } from './deep-linking.dto';
import { renderAutoSubmitPage } from './deep-linking.page';
import { DeepLinkingResult } from './deep-linking.response';
import { DeepLinkingResponseRepository } from './deep-linking-response.repository';
import { parsePlatformUrl } from './platform-url';

/** Deep linking responses live at most this long (the platform receives them within seconds). */
const MAX_RESPONSE_SECONDS = 300;

export interface DeepLinkingRequest {
  settings: DeepLinkingSettingsClaim;
  returnUrl: URL;
}

/**
 * Builds, signs and records the one LtiDeepLinkingResponse of an LtiDeepLinkingRequest launch
 * (Deep Linking 2.0 §4.2). The items are checked first; the response is signed before the launch's
 * single slot is claimed, so a signing failure does not use the slot up, and of two concurrent
 * requests exactly one gets a JWT (the other DEEP_LINKING_ALREADY_RESPONDED).
 */
@Injectable()
export class DeepLinkingService {
  constructor(
    private readonly signing: SigningService,
    private readonly responses: DeepLinkingResponseRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly logger: JsonLogger,
  ) {}

  /** The request's settings and its https return URL; DEEP_LINKING_NOT_ALLOWED for other launches. */
  request(launch: AdvantageLaunch): DeepLinkingRequest {
    const settings = launch.claims[CLAIM.deepLinkingSettings];
    if (launch.messageType !== 'LtiDeepLinkingRequest' || typeof settings !== 'object' || settings === null) {
      throw new AppError('DEEP_LINKING_NOT_ALLOWED', { detail: `message type ${launch.messageType}` });
    }
    const returnUrl = parsePlatformUrl(
      settings.deep_link_return_url,
      this.config.ALLOW_INSECURE_URLS,
      'deep_link_return_url',
    );
    return { settings, returnUrl };
  }

  async respond(launch: AdvantageLaunch, dto: DeepLinkingResponseDto): Promise<DeepLinkingResult> {
    const { settings, returnUrl } = this.request(launch);
    checkContentItems(dto.contentItems, settings);
    if (await this.responses.exists(launch.launchId)) throw new AppError('DEEP_LINKING_ALREADY_RESPONDED');
    const nonce = randomToken(24);
    const claims = deepLinkingResponseClaims({
      clientId: launch.registration.clientId,
      issuer: launch.registration.issuer,
      deploymentId: launch.deploymentId,
      nonce,
      contentItems: dto.contentItems,
      data: settings.data,
      message: dto.message,
      log: dto.log,
      errorMessage: dto.errorMessage,
      errorLog: dto.errorLog,
    });
    const lifetime = Math.min(MAX_RESPONSE_SECONDS, this.config.SIGNED_TOKEN_LIFETIME_SECONDS);
    const { jwt, kid } = await this.signing.sign(launch.registration.id, claims, { expiresInSeconds: lifetime });
    const claimed = await this.responses.claim({
      launchId: launch.launchId,
      nonce,
      itemCount: dto.contentItems.length,
      createdAt: this.clock.now(),
    });
    if (!claimed) throw new AppError('DEEP_LINKING_ALREADY_RESPONDED', { detail: 'lost a concurrent response race' });
    this.logger.event('info', 'DeepLinking', 'deep linking response issued', {
      registrationId: launch.registration.id,
      items: dto.contentItems.length,
      kid,
      nonce,
    });
    return Object.assign(new DeepLinkingResult(), {
      jwt,
      returnUrl: returnUrl.href,
      html: renderAutoSubmitPage(returnUrl, jwt),
    });
  }
}
