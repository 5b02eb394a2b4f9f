import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { JsonLogger } from '../common/logging/json.logger';
import type { RegistrationView } from '../registrations/registration.store';
import { TokenEndpointClient } from './token-endpoint.client';

interface CachedToken {
  accessToken: string;
  /** Clock ms after which the token is no longer handed out (expiry minus a safety margin). */
  refreshAtMs: number;
}

/** Refresh this long before expiry: 10% of the lifetime, at most 60 s (clock skew, request time). */
export function refreshMarginSeconds(expiresIn: number): number {
  return Math.min(60, expiresIn / 10);
}

const MAX_CACHED = 10_000;

/** Client id and token endpoint are part of the key: after an admin edits them, old tokens are not reused. */
function cacheKey(registration: RegistrationView, scopes: readonly string[]): string {
  const sorted = [...new Set(scopes)].sort();
  return [registration.id, registration.clientId, registration.tokenEndpoint, ...sorted].join(' ');
}

/**
 * Access tokens for the platform services, cached per (registration, sorted scope set) until
 * shortly before they expire (ADR 0004). Concurrent callers for the same key share one token
 * request (single flight), so a burst of score posts costs one round trip to the token endpoint.
 * Time comes from the injected Clock.
 */
@Injectable()
export class ServiceTokenService {
  private readonly cache = new Map<string, CachedToken>();
  private readonly inflight = new Map<string, Promise<CachedToken>>();

  constructor(
    private readonly tokenEndpoint: TokenEndpointClient,
    private readonly clock: Clock,
    private readonly logger: JsonLogger,
  ) {}

  async accessToken(registration: RegistrationView, scopes: readonly string[]): Promise<string> {
    const scopeSet = [...new Set(scopes)].sort();
    const key = cacheKey(registration, scopeSet);
    const cached = this.cache.get(key);
    if (cached && cached.refreshAtMs > this.clock.nowMs()) return cached.accessToken;
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.fetch(registration, scopeSet, key).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return (await pending).accessToken;
  }

  /** After a service answered 401 to `accessToken`: forget it (unless a newer one replaced it already). */
  invalidate(registration: RegistrationView, scopes: readonly string[], accessToken: string): void {
    const key = cacheKey(registration, scopes);
    if (this.cache.get(key)?.accessToken === accessToken) this.cache.delete(key);
  }

  private async fetch(registration: RegistrationView, scopes: string[], key: string): Promise<CachedToken> {
    const issued = await this.tokenEndpoint.requestToken(registration, scopes);
    const lifetimeMs = (issued.expiresIn - refreshMarginSeconds(issued.expiresIn)) * 1000;
    const entry = { accessToken: issued.accessToken, refreshAtMs: this.clock.nowMs() + lifetimeMs };
    this.store(key, entry);
    this.logger.event('info', 'ServiceToken', 'platform access token issued', {
      registrationId: registration.id,
      scope: scopes.join(' '),
      grantedScope: issued.grantedScope,
      kid: issued.kid,
      expiresIn: issued.expiresIn,
    });
    return entry;
  }

  private store(key: string, entry: CachedToken): void {
    if (this.cache.size >= MAX_CACHED) {
      const now = this.clock.nowMs();
      for (const [k, v] of this.cache) if (v.refreshAtMs <= now) this.cache.delete(k);
      if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
    }
    this.cache.set(key, entry);
  }
}
