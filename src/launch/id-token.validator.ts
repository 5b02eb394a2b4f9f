import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors/app.error';
import { AppConfig } from '../config/app.config';
import { RegistrationStore, type RegistrationView } from '../registrations/registration.store';
import { checkClaims } from './id-token.checks';
import { parsePayload, storableJson } from './id-token.payload';
import { checkHeader, verifySignature } from './id-token.signature';
import { CLAIM, type LtiIdTokenClaims } from './lti-claims';
import { PlatformJwksCache } from './platform-jwks.cache';

export interface ValidatedIdToken {
  registration: RegistrationView;
  claims: LtiIdTokenClaims;
  /** The claims as JSON text, checked to be storable (what the launch record keeps). */
  claimsJson: string;
}

/**
 * Validates an id_token for the registration its login was made for (LTI-SECURITY.md steps 2-6
 * and 8-15), in this order: size, header, signature with that registration's keys, then the
 * claims, then the deployment. The nonce (step 7) is consumed by the caller only after all of
 * this has passed, so a forged or broken token can never burn a genuine login's nonce.
 */
@Injectable()
export class IdTokenValidator {
  constructor(
    private readonly registrations: RegistrationStore,
    private readonly jwks: PlatformJwksCache,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async validate(idToken: string, registrationId: string): Promise<ValidatedIdToken> {
    // Before any parsing, so an oversized token costs nothing.
    if (Buffer.byteLength(idToken) > this.config.ID_TOKEN_MAX_BYTES) throw new AppError('LTI_ID_TOKEN_TOO_LARGE');
    const header = checkHeader(idToken);
    const registration = await this.registrations.findById(registrationId);
    // Deleted between login and launch.
    if (!registration)
      throw new AppError('LTI_REGISTRATION_NOT_FOUND', { detail: `registration ${registrationId} is gone` });
    const payload = parsePayload(await verifySignature(idToken, header, this.jwks.keyResolver(registration)));
    const claims = checkClaims(payload, {
      issuer: registration.issuer,
      clientId: registration.clientId,
      nowSeconds: this.clock.nowSeconds(),
      clockToleranceSeconds: this.config.CLOCK_TOLERANCE_SECONDS,
      maxAgeSeconds: this.config.ID_TOKEN_MAX_AGE_SECONDS,
    });
    const claimsJson = storableJson(claims);
    await this.checkDeployment(registration, claims[CLAIM.deploymentId]);
    return { registration, claims, claimsJson };
  }

  /** LTI Core 1.3 §3.1.3: a deployment the platform has not told us about is not trusted. */
  private async checkDeployment(registration: RegistrationView, deploymentId: string): Promise<void> {
    if (await this.registrations.findDeployment(registration.id, deploymentId)) return;
    throw new AppError('LTI_DEPLOYMENT_UNKNOWN', {
      details: { issuer: registration.issuer, clientId: registration.clientId, deploymentId },
    });
  }
}
