import { Injectable } from '@nestjs/common';
import { randomToken } from '../common/random';
import { AppConfig } from '../config/app.config';
import { SigningService } from '../jwks/signing.service';
import type { RegistrationView } from '../registrations/registration.store';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Assertions live at most this long (RFC 7523 §3 item 4: "a limited lifetime"). */
const MAX_ASSERTION_SECONDS = 300;

/**
 * The client assertion of 1EdTech Security Framework §4.1.1 / RFC 7523 §3: iss = sub = client_id,
 * aud = the token endpoint URL as a single string, a unique jti (256 random bits) so the platform
 * can refuse replays, and iat/exp from the injected Clock (set by SigningService). Signed with the
 * registration's current key, so the platform verifies it through our JWKS by kid.
 */
@Injectable()
export class ClientAssertionSigner {
  constructor(
    private readonly signing: SigningService,
    private readonly config: AppConfig,
  ) {}

  async sign(registration: RegistrationView): Promise<{ jwt: string; kid: string; jti: string }> {
    const jti = randomToken(32);
    const claims = { iss: registration.clientId, sub: registration.clientId, aud: registration.tokenEndpoint, jti };
    const lifetime = Math.min(MAX_ASSERTION_SECONDS, this.config.SIGNED_TOKEN_LIFETIME_SECONDS);
    const { jwt, kid } = await this.signing.sign(registration.id, claims, { expiresInSeconds: lifetime });
    return { jwt, kid, jti };
  }
}
