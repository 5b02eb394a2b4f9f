import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app.config';
import type { RegistrationView } from '../registrations/registration.store';
import { CLIENT_ASSERTION_TYPE, ClientAssertionSigner } from './client-assertion.signer';
import { PlatformHttpClient } from './platform-http.client';
import { parsePlatformUrl } from './platform-url';
import { type IssuedToken, parseTokenResponse, tokenError } from './token-response.parser';

/**
 * One OAuth2 client-credentials exchange (1EdTech Security Framework §4.1, RFC 6749 §4.4 with an
 * RFC 7523 §2.2 client assertion): form-encoded grant_type, client_assertion_type,
 * client_assertion and the space-separated scopes. Safe to retry: each attempt signs a fresh
 * assertion, so a retry never reuses a jti the platform may already have seen.
 */
@Injectable()
export class TokenEndpointClient {
  constructor(
    private readonly assertions: ClientAssertionSigner,
    private readonly http: PlatformHttpClient,
    private readonly config: AppConfig,
  ) {}

  async requestToken(
    registration: RegistrationView,
    scopes: readonly string[],
  ): Promise<IssuedToken & { kid: string }> {
    const url = parsePlatformUrl(registration.tokenEndpoint, this.config.ALLOW_INSECURE_URLS, 'token endpoint');
    let kid = '';
    const body = async (): Promise<string> => {
      const assertion = await this.assertions.sign(registration);
      kid = assertion.kid;
      return new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: CLIENT_ASSERTION_TYPE,
        client_assertion: assertion.jwt,
        scope: scopes.join(' '),
      }).toString();
    };
    const response = await this.http.send({
      operation: 'token',
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      retryable: true,
    });
    if (response.status !== 200 && response.status !== 201) throw tokenError(response);
    return { ...parseTokenResponse(response), kid };
  }
}
