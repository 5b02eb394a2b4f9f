import { AppError } from '../common/errors/app.error';
import type { PlatformResponse } from './platform-http.client';
import { parseJsonBody } from './platform-response.mapper';

export interface IssuedToken {
  accessToken: string;
  /** Seconds, as the platform stated (or the default below when it did not). */
  expiresIn: number;
  /** Scopes the platform says it granted, when it says. */
  grantedScope?: string;
}

/** RFC 6749 §5.1 recommends expires_in; without it we assume a short life rather than a long one. */
const DEFAULT_EXPIRES_IN = 300;
const MAX_TOKEN_LENGTH = 8192;

/** Parses a successful token response (RFC 6749 §5.1); a Bearer token is the only type we can use. */
export function parseTokenResponse(response: PlatformResponse): IssuedToken {
  const body = parseJsonBody('token', response);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError('PLATFORM_BAD_RESPONSE', { detail: 'token: body is not a JSON object' });
  }
  const {
    access_token: accessToken,
    token_type: tokenType,
    expires_in: expiresIn,
    scope,
  } = body as Record<string, unknown>;
  if (typeof accessToken !== 'string' || accessToken.length === 0 || accessToken.length > MAX_TOKEN_LENGTH) {
    throw new AppError('PLATFORM_BAD_RESPONSE', { detail: 'token: access_token missing or not a string' });
  }
  if (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer') {
    throw new AppError('PLATFORM_BAD_RESPONSE', { detail: 'token: token_type is not Bearer' });
  }
  const seconds = typeof expiresIn === 'string' && /^\d+$/.test(expiresIn) ? Number(expiresIn) : expiresIn;
  return {
    accessToken,
    expiresIn: typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_EXPIRES_IN,
    grantedScope: typeof scope === 'string' ? scope : undefined,
  };
}

/**
 * An error answer of the token endpoint (RFC 6749 §5.2). 400/401 mean the platform refused us
 * (bad client, assertion, scope): PLATFORM_TOKEN_REJECTED, with the OAuth error code in the
 * private detail only. 429 is rate limiting; any other status is a broken endpoint.
 */
export function tokenError(response: PlatformResponse): AppError {
  const oauthError = oauthErrorCode(response.text);
  const detail = `token endpoint answered HTTP ${response.status}${oauthError ? ` (${oauthError})` : ''}`;
  if (response.status === 429) return new AppError('PLATFORM_RATE_LIMITED', { detail });
  if (response.status >= 400 && response.status < 500) return new AppError('PLATFORM_TOKEN_REJECTED', { detail });
  return new AppError('PLATFORM_BAD_RESPONSE', { detail });
}

function oauthErrorCode(text: string): string | undefined {
  try {
    const { error } = JSON.parse(text) as { error?: unknown };
    // Only the registered-looking code, never free text (error_description could echo our input).
    return typeof error === 'string' && /^[a-z_]{1,64}$/.test(error) ? error : undefined;
  } catch {
    return undefined;
  }
}
