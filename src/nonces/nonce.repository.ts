import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ConsumedNonce, LoginBinding, NonceQuery } from './login-binding';

interface ConsumedRow {
  registration_id: string;
  target_link_uri: string;
}

/** All SQL on lti_nonces. Every operation is one statement, so none can race with another. */
@Injectable()
export class NonceRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Plain INSERT: a duplicate (nonce, issuer) fails on UQ_lti_nonces_nonce_issuer, never overwrites. */
  async insert(binding: LoginBinding, createdAt: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO "lti_nonces" ("nonce", "issuer", "registration_id", "state_hash", "target_link_uri", "created_at")
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [binding.nonce, binding.issuer, binding.registrationId, binding.stateHash, binding.targetLinkUri, createdAt],
    );
  }

  /**
   * Consumes a nonce atomically (Security Framework §5.1.3; LTI-SECURITY.md step 7): ONE DELETE
   * that matches only a live row bound to this login, and whose affected count decides. Concurrent
   * callers queue on the row lock; after the winner commits, the others re-check the row, find it
   * gone and delete nothing. There is no SELECT first, so there is no check-then-delete window.
   */
  async consume(query: NonceQuery, createdAfter: Date): Promise<ConsumedNonce | null> {
    const [rows, affected] = await this.dataSource.query<[ConsumedRow[], number]>(
      `DELETE FROM "lti_nonces"
       WHERE "nonce" = $1 AND "issuer" = $2 AND "state_hash" = $3 AND "created_at" > $4
       RETURNING "registration_id", "target_link_uri"`,
      [query.nonce, query.issuer, query.stateHash, createdAfter],
    );
    if (affected !== 1) return null;
    return { registrationId: rows[0].registration_id, targetLinkUri: rows[0].target_link_uri };
  }

  /**
   * Deletes at most `limit` nonces created at or before `cutoff`, in one short statement on
   * `manager`. Rows locked by someone else (a registration being deleted) are skipped rather than
   * waited for; the next batch or tick gets them. Returns the number deleted.
   */
  async deleteExpiredBatch(manager: EntityManager, cutoff: Date, limit: number): Promise<number> {
    const [, affected] = await manager.query<[unknown[], number]>(
      `DELETE FROM "lti_nonces" AS n
       USING (
         SELECT "nonce", "issuer" FROM "lti_nonces" WHERE "created_at" <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED
       ) AS expired
       WHERE n."nonce" = expired."nonce" AND n."issuer" = expired."issuer"`,
      [cutoff, limit],
    );
    return affected;
  }
}
