import { createHash } from 'node:crypto';
import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { JsonLogger } from '../common/logging/json.logger';
import { AppConfig } from '../config/app.config';
import type { PublicRsaJwk } from './jwk.entity';
import { KeysRepository } from './keys.repository';

export interface PublishedJwks {
  /** The exact response body, serialized once per change. */
  body: Buffer;
  /** Strong validator over the body (RFC 9110 §8.8.3). */
  etag: string;
  kids: string[];
}

/** Only the public members (RFC 7518 §6.3.1); never d, p, q, dp, dq, qi, whatever the row holds. */
function publicMembers(jwk: PublicRsaJwk): PublicRsaJwk {
  return { kty: 'RSA', kid: jwk.kid, use: 'sig', alg: jwk.alg, n: jwk.n, e: jwk.e };
}

/** Same digest as KeysRepository.activeFingerprint (kids in C collation order, comma-joined, md5). */
function kidSetDigest(kids: string[]): string {
  if (kids.length === 0) return 'empty';
  return createHash('md5')
    .update([...kids].sort().join(','))
    .digest('hex');
}

/**
 * Holds /.well-known/jwks.json in memory so a request never touches the database. This instance
 * refreshes right after its own key changes; changes made by other instances are picked up by a
 * poll of a digest of the published kid set, well within JWKS_MAX_AGE_SECONDS.
 */
@Injectable()
export class JwksPublisher implements OnModuleInit, OnApplicationShutdown {
  private current: PublishedJwks = this.build([]);
  private fingerprint = '';
  private timer?: NodeJS.Timeout;
  private polling = false;
  private issued = 0;
  private applied = 0;

  constructor(
    private readonly keys: KeysRepository,
    private readonly config: AppConfig,
    private readonly logger: JsonLogger,
  ) {}

  get published(): PublishedJwks {
    return this.current;
  }

  /** Polls at most every 5 s, and at least twice per max-age so short max-ages stay honest. */
  get pollIntervalMs(): number {
    return Math.min(5000, Math.max(1000, (this.config.JWKS_MAX_AGE_SECONDS * 1000) / 2));
  }

  async onModuleInit(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.reloadIfChanged(), this.pollIntervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Reloads now. A reload started later sees at least as much committed data, so it alone may win. */
  async refresh(): Promise<void> {
    const ticket = ++this.issued;
    const jwks = await this.keys.activePublicJwks();
    if (ticket < this.applied) return;
    this.applied = ticket;
    this.current = this.build(jwks);
    this.fingerprint = kidSetDigest(this.current.kids);
  }

  /** The periodic check: one tiny query, a reload only when the published kid set changed elsewhere. */
  async reloadIfChanged(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      if ((await this.keys.activeFingerprint()) !== this.fingerprint) await this.refresh();
    } catch (error) {
      this.logger.event('warn', 'Jwks', 'JWKS reload failed; serving the last known set', { error });
    } finally {
      this.polling = false;
    }
  }

  private build(jwks: PublicRsaJwk[]): PublishedJwks {
    const keys = jwks.map(publicMembers);
    const body = Buffer.from(JSON.stringify({ keys }));
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    return { body, etag, kids: keys.map((key) => key.kid) };
  }
}
