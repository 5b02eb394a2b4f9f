import { sign as signAsync } from 'node:crypto';
import { promisify } from 'node:util';
import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { JsonLogger } from '../common/logging/json.logger';
import { AppConfig } from '../config/app.config';
import { SIGNING_ALG } from './key.generator';
import { SigningKeyCache } from './signing-key.cache';

const rsaSign = promisify(signAsync);

export interface SignOptions {
  /** Lifetime when the claims carry no exp; at most SIGNED_TOKEN_LIFETIME_SECONDS (default). */
  expiresInSeconds?: number;
  typ?: string;
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/**
 * Signs JWTs (deep linking responses, client assertions) with a registration's current key.
 * RS256 (RFC 7518 §3.3) with the kid in the header, so platforms pick the key from our JWKS.
 * Lifetimes are capped by SIGNED_TOKEN_LIFETIME_SECONDS because the retirement grace period is
 * computed from it: a longer-lived token could outlive its key's publication.
 */
@Injectable()
export class SigningService {
  constructor(
    private readonly keys: SigningKeyCache,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly logger: JsonLogger,
  ) {}

  async sign(
    registrationId: string,
    claims: Record<string, unknown>,
    options: SignOptions = {},
  ): Promise<{ jwt: string; kid: string }> {
    const key = await this.keys.forRegistration(registrationId);
    const payload = this.withTimes(claims, options.expiresInSeconds);
    const input = `${encode({ alg: SIGNING_ALG, typ: options.typ ?? 'JWT', kid: key.kid })}.${encode(payload)}`;
    // The callback form runs on libuv's thread pool: an RSA signature does not stall the event loop.
    const signature = await rsaSign('sha256', Buffer.from(input), key.privateKey);
    await this.keys.noteSigned(key.jwkId, this.clock.now()).catch((error: unknown) => {
      // Bookkeeping only: a database hiccup must not fail a signature; the next one retries.
      this.logger.event('warn', 'Keys', 'could not record first_signed_at', { kid: key.kid, error });
    });
    return { jwt: `${input}.${signature.toString('base64url')}`, kid: key.kid };
  }

  private withTimes(claims: Record<string, unknown>, expiresInSeconds?: number): Record<string, unknown> {
    const lifetime = this.config.SIGNED_TOKEN_LIFETIME_SECONDS;
    if (
      expiresInSeconds !== undefined &&
      !(Number.isInteger(expiresInSeconds) && expiresInSeconds > 0 && expiresInSeconds <= lifetime)
    ) {
      throw new RangeError(`expiresInSeconds must be an integer in 1..${lifetime} (SIGNED_TOKEN_LIFETIME_SECONDS)`);
    }
    const iat = typeof claims.iat === 'number' ? claims.iat : this.clock.nowSeconds();
    const exp = typeof claims.exp === 'number' ? claims.exp : iat + (expiresInSeconds ?? lifetime);
    if (exp - this.clock.nowSeconds() > lifetime) {
      throw new RangeError(`exp lies more than SIGNED_TOKEN_LIFETIME_SECONDS (${lifetime}) in the future`);
    }
    return { ...claims, iat, exp };
  }
}
