import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { PublicRsaJwk } from './jwk.entity';

export interface NewKeyRow {
  kid: string;
  alg: string;
  publicJwk: PublicRsaJwk;
  envelope: string;
  kekId: string;
}

export interface SealedKeyRow {
  id: string;
  kid: string;
  envelope: string;
  kekId: string | null;
}

export interface KeyListRow {
  id: string;
  kid: string;
  alg: string;
  active: boolean;
  createdAt: Date;
  firstSignedAt: Date | null;
  retiredAt: Date | null;
  deactivatedAt: Date | null;
  registrations: {
    id: string;
    issuer: string;
    clientId: string;
    role: 'current' | 'pending';
    activatesAt: string | null;
  }[];
}

/** SQL over lti_jwks. Statements that are part of a caller's transaction take its manager. */
@Injectable()
export class KeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, row: NewKeyRow): Promise<{ id: string; kid: string }> {
    const [inserted] = await manager.query<{ id: string; kid: string }[]>(
      `INSERT INTO lti_jwks (kid, alg, public_jwk, private_key_encrypted, kek_id, active)
       VALUES ($1, $2, $3::jsonb, $4, $5, true) RETURNING id, kid`,
      [row.kid, row.alg, JSON.stringify(row.publicJwk), row.envelope, row.kekId],
    );
    return inserted;
  }

  /** Stops keys signing; the first retirement time wins. */
  async retire(manager: EntityManager, ids: string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(`UPDATE lti_jwks SET retired_at = $2 WHERE id = ANY($1::uuid[]) AND retired_at IS NULL`, [
      ids,
      at,
    ]);
  }

  /** Public JWKs of every published key, oldest first (a stable order keeps the ETag stable). */
  async activePublicJwks(): Promise<PublicRsaJwk[]> {
    const rows = await this.dataSource.query<{ public_jwk: PublicRsaJwk }[]>(
      `SELECT public_jwk FROM lti_jwks WHERE active ORDER BY created_at, kid`,
    );
    return rows.map((row) => row.public_jwk);
  }

  /** A digest of the published kid set: a cheap poll that tells whether a reload is needed. */
  async activeFingerprint(): Promise<string> {
    const rows = await this.dataSource.query<{ digest: string | null }[]>(
      `SELECT md5(string_agg(kid, ',' ORDER BY kid COLLATE "C")) AS digest FROM lti_jwks WHERE active`,
    );
    return rows[0]?.digest ?? 'empty';
  }

  async sealedKey(id: string): Promise<SealedKeyRow | null> {
    const rows = await this.dataSource.query<SealedKeyRow[]>(
      `SELECT id, kid, private_key_encrypted AS envelope, kek_id AS "kekId" FROM lti_jwks WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async markFirstSigned(id: string, at: Date): Promise<void> {
    await this.dataSource.query(`UPDATE lti_jwks SET first_signed_at = $2 WHERE id = $1 AND first_signed_at IS NULL`, [
      id,
      at,
    ]);
  }

  /** The newest sealed key per KEK id: enough to prove at start-up that every KEK in use is present and right. */
  async newestSealedPerKek(): Promise<SealedKeyRow[]> {
    return this.dataSource.query<SealedKeyRow[]>(
      `SELECT DISTINCT ON (kek_id) id, kid, private_key_encrypted AS envelope, kek_id AS "kekId"
       FROM lti_jwks WHERE private_key_encrypted IS NOT NULL
       ORDER BY kek_id, created_at DESC`,
    );
  }

  /**
   * Unpublishes keys that stopped signing before `retiredBefore` and that no registration uses as
   * current or pending key, and wipes their private half. Returns the kids.
   */
  async deactivateRetired(manager: EntityManager, retiredBefore: Date, now: Date, limit: number): Promise<string[]> {
    const [rows] = await manager.query<[{ kid: string }[], number]>(
      `UPDATE lti_jwks SET active = false, deactivated_at = $2, private_key_encrypted = NULL, kek_id = NULL
       WHERE id IN (
         SELECT k.id FROM lti_jwks k
         WHERE k.active AND k.retired_at IS NOT NULL AND k.retired_at <= $1
           AND NOT EXISTS (SELECT 1 FROM platform_registrations r WHERE r.jwk_id = k.id OR r.pending_jwk_id = k.id)
         ORDER BY k.retired_at LIMIT $3 FOR UPDATE OF k SKIP LOCKED)
       RETURNING kid`,
      [retiredBefore, now, limit],
    );
    return rows.map((row) => row.kid);
  }

  /** Every key with the registrations that use it; never private material. */
  async listKeys(includeInactive: boolean): Promise<KeyListRow[]> {
    return this.dataSource.query<KeyListRow[]>(
      `SELECT j.id, j.kid, j.alg, j.active, j.created_at AS "createdAt", j.first_signed_at AS "firstSignedAt",
              j.retired_at AS "retiredAt", j.deactivated_at AS "deactivatedAt",
              COALESCE(json_agg(json_build_object('id', r.id, 'issuer', r.issuer, 'clientId', r.client_id,
                'role', CASE WHEN r.jwk_id = j.id THEN 'current' ELSE 'pending' END,
                'activatesAt', CASE WHEN r.jwk_id = j.id THEN NULL ELSE r.pending_activates_at END))
                FILTER (WHERE r.id IS NOT NULL), '[]') AS registrations
       FROM lti_jwks j
       LEFT JOIN platform_registrations r ON r.jwk_id = j.id OR r.pending_jwk_id = j.id
       WHERE $1 OR j.active
       GROUP BY j.id ORDER BY j.created_at DESC, j.kid`,
      [includeInactive],
    );
  }
}
