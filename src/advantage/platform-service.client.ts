import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app.error';
import type { AdvantageLaunch } from './advantage-launch';
import { nextLink } from './link-header.parser';
import { type HttpMethod, PlatformHttpClient, type PlatformResponse } from './platform-http.client';
import { isSuccess, parseJsonBody, serviceError } from './platform-response.mapper';
import { ServiceTokenService } from './service-token.service';

export interface ServiceCall {
  operation: string;
  launch: AdvantageLaunch;
  /** Exactly the scopes this operation needs (already checked against the launch's grant). */
  scopes: readonly string[];
  method: HttpMethod;
  url: URL;
  accept: string;
  contentType?: string;
  json?: unknown;
  retryable: boolean;
}

export interface Page {
  body: unknown;
  next: URL | null;
}

/**
 * An authorised call to an AGS or NRPS endpoint: a cached access token for exactly the needed
 * scopes, the service's media types, and one retry with a fresh token when the platform answers
 * 401 (a token revoked before its stated expiry). Non-2xx answers become one error code.
 */
@Injectable()
export class PlatformServiceClient {
  constructor(
    private readonly http: PlatformHttpClient,
    private readonly tokens: ServiceTokenService,
  ) {}

  async call(call: ServiceCall): Promise<PlatformResponse> {
    let response = await this.send(call);
    if (response.status === 401) response = await this.send(call);
    if (!isSuccess(response)) throw serviceError(call.operation, response);
    return response;
  }

  /** One page of a container and its rel="next" link, which must stay on the first page's origin. */
  async page(call: ServiceCall, origin: URL): Promise<Page> {
    const response = await this.call(call);
    const next = nextLink(response.headers.get('link'), call.url);
    if (next && next.origin !== origin.origin) {
      throw new AppError('PLATFORM_BAD_RESPONSE', {
        detail: `${call.operation}: next page link leaves ${origin.origin}`,
      });
    }
    return { body: parseJsonBody(call.operation, response), next };
  }

  private async send(call: ServiceCall): Promise<PlatformResponse> {
    const token = await this.tokens.accessToken(call.launch.registration, call.scopes);
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: call.accept };
    if (call.contentType) headers['content-type'] = call.contentType;
    const response = await this.http.send({
      operation: call.operation,
      method: call.method,
      url: call.url,
      headers,
      body: call.json === undefined ? undefined : JSON.stringify(call.json),
      retryable: call.retryable,
    });
    if (response.status === 401) this.tokens.invalidate(call.launch.registration, call.scopes, token);
    return response;
  }
}
