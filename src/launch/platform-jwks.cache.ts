import { Injectable } from '@nestjs/common';
import { createRemoteJWKSet, customFetch, errors, type JWTVerifyGetKey } from 'jose';
import { AppConfig } from '../config/app.config';
import { MetricsService } from '../metrics/metrics.service';
import type { RegistrationView } from '../registrations/registration.store';

/** A JWKS larger than this is refused (real ones are a few KB); it would only cost memory. */
export const PLATFORM_JWKS_MAX_BYTES = 256 * 1024;
const MAX_CACHED_SETS = 10_000;

/** The platform's key set could not be fetched (connection refused, DNS, reset). */
export class PlatformJwksFetchError extends Error {
  override name = 'PlatformJwksFetchError';
}

/** The platform answered with more than PLATFORM_JWKS_MAX_BYTES. */
export class PlatformJwksTooLargeError extends Error {
  override name = 'PlatformJwksTooLargeError';
}

async function readLimited(response: Response, limit: number): Promise<Uint8Array> {
  if (Number(response.headers.get('content-length') ?? 0) > limit) {
    await response.body?.cancel();
    throw new PlatformJwksTooLargeError(`JWKS over ${limit} bytes`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of (response.body ?? []) as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > limit) throw new PlatformJwksTooLargeError(`JWKS over ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * jose's fetch, with the body size bounded and each outcome counted. A timeout (AbortSignal,
 * name TimeoutError) is passed through untouched so jose reports it as JWKSTimeout; other network
 * failures get our own class.
 */
function boundedFetch(metrics: MetricsService) {
  return async (url: string, init: RequestInit): Promise<Response> => {
    let response: Response;
    try {
      response = await fetch(url, init);
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      metrics.recordPlatformJwksFetch(timedOut ? 'timeout' : 'error');
      if (timedOut) throw error;
      throw new PlatformJwksFetchError(`JWKS fetch failed: ${(error as Error).message}`, { cause: error });
    }
    try {
      const body = await readLimited(response, PLATFORM_JWKS_MAX_BYTES);
      metrics.recordPlatformJwksFetch(response.ok ? 'ok' : 'error');
      return new Response(body, { status: response.status, headers: response.headers });
    } catch (error) {
      metrics.recordPlatformJwksFetch('error');
      throw error;
    }
  };
}

interface CachedSet {
  jwksUri: string;
  getKey: JWTVerifyGetKey;
}

/**
 * jose remembers a good set, not a failed fetch. So that launches against a platform whose JWKS
 * is down (or answers junk) cannot make us fetch on every attempt, a failed fetch is remembered
 * for the cooldown and later attempts fail at once. A missing kid in a good set is not a failure.
 */
function withFailureCooldown(getKey: JWTVerifyGetKey, cooldownMs: number): JWTVerifyGetKey {
  let failedAt = Number.NEGATIVE_INFINITY;
  return async (header, token) => {
    if (Date.now() - failedAt < cooldownMs) {
      throw new PlatformJwksFetchError('the last JWKS fetch failed; waiting for the cooldown before the next');
    }
    try {
      return await getKey(header, token);
    } catch (error) {
      const keySelection =
        error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys;
      if (!keySelection) failedAt = Date.now();
      throw error;
    }
  };
}

/**
 * One remote key set per registration, kept for the life of the process (LTI-SECURITY.md step 3):
 * fetched once, trusted for PLATFORM_JWKS_CACHE_MAX_AGE_SECONDS, refetched on an unknown kid at
 * most once per PLATFORM_JWKS_COOLDOWN_SECONDS (so a flood of bogus kids cannot make us hammer
 * the platform), each fetch bounded by PLATFORM_JWKS_TIMEOUT_MS and PLATFORM_JWKS_MAX_BYTES, a failed
 * fetch not retried before the cooldown either. A changed JWKS URL starts afresh.
 */
@Injectable()
export class PlatformJwksCache {
  private readonly sets = new Map<string, CachedSet>();

  private readonly fetch: ReturnType<typeof boundedFetch>;

  constructor(
    private readonly config: AppConfig,
    metrics: MetricsService,
  ) {
    this.fetch = boundedFetch(metrics);
  }

  keyResolver(registration: RegistrationView): JWTVerifyGetKey {
    const cached = this.sets.get(registration.id);
    if (cached && cached.jwksUri === registration.jwksUri) return cached.getKey;
    const cooldownMs = this.config.PLATFORM_JWKS_COOLDOWN_SECONDS * 1000;
    const remote = createRemoteJWKSet(new URL(registration.jwksUri), {
      timeoutDuration: this.config.PLATFORM_JWKS_TIMEOUT_MS,
      cooldownDuration: cooldownMs,
      cacheMaxAge: this.config.PLATFORM_JWKS_CACHE_MAX_AGE_SECONDS * 1000,
      [customFetch]: this.fetch,
    });
    const getKey = withFailureCooldown(remote, cooldownMs);
    this.sets.delete(registration.id);
    this.sets.set(registration.id, { jwksUri: registration.jwksUri, getKey });
    if (this.sets.size > MAX_CACHED_SETS) this.sets.delete(this.sets.keys().next().value as string);
    return getKey;
  }
}
