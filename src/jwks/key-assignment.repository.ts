import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError } from '../common/errors/app.error';

export interface LockedAssignment {
  registrationId: string;
  jwkId: string;
  kid: string;
  pendingJwkId: string | null;
  pendingKid: string | null;
}

export interface CurrentKey {
  jwkId: string;
  kid: string;
}

/** SQL over the key pointers of platform_registrations (jwk_id, pending_jwk_id, pending_activates_at). */
@Injectable()
export class KeyAssignmentRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Runs `work` in a transaction holding the registration's row lock, so rotations of one
   * registration run one after another and each sees the key its predecessor installed.
   * The lock statement reads one table only: under READ COMMITTED a FOR UPDATE over a join would
   * re-check the join against stale rows of the other table after waiting.
   */
  async withLocked<T>(
    registrationId: string,
    work: (manager: EntityManager, current: LockedAssignment) => Promise<T>,
  ): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<Pick<LockedAssignment, 'registrationId' | 'jwkId' | 'pendingJwkId'>[]>(
        `SELECT id AS "registrationId", jwk_id AS "jwkId", pending_jwk_id AS "pendingJwkId"
         FROM platform_registrations WHERE id = $1 FOR UPDATE`,
        [registrationId],
      );
      if (!rows[0]) throw new AppError('KEY_REGISTRATION_NOT_FOUND', { detail: `registration ${registrationId}` });
      const { jwkId, pendingJwkId } = rows[0];
      const kids = await manager.query<{ id: string; kid: string }[]>(
        `SELECT id, kid FROM lti_jwks WHERE id IN ($1, $2)`,
        [jwkId, pendingJwkId ?? jwkId],
      );
      const kidOf = (id: string | null): string | null => kids.find((row) => row.id === id)?.kid ?? null;
      return work(manager, { ...rows[0], kid: kidOf(jwkId) ?? '', pendingKid: kidOf(pendingJwkId) });
    });
  }

  async point(
    manager: EntityManager,
    registrationId: string,
    jwkId: string,
    pending: { jwkId: string; at: Date } | null,
  ): Promise<void> {
    await manager.query(
      `UPDATE platform_registrations SET jwk_id = $2, pending_jwk_id = $3, pending_activates_at = $4, updated_at = now()
       WHERE id = $1`,
      [registrationId, jwkId, pending?.jwkId ?? null, pending?.at ?? null],
    );
  }

  async currentKey(registrationId: string): Promise<CurrentKey | null> {
    const rows = await this.dataSource.query<CurrentKey[]>(
      `SELECT j.id AS "jwkId", j.kid FROM platform_registrations r JOIN lti_jwks j ON j.id = r.jwk_id WHERE r.id = $1`,
      [registrationId],
    );
    return rows[0] ?? null;
  }

  async registrationIds(): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM platform_registrations ORDER BY created_at, id`,
    );
    return rows.map((row) => row.id);
  }

  /**
   * Makes due pending keys current and retires the keys they replace, in one statement.
   * SKIP LOCKED leaves registrations that a rotation holds to the next run. Returns the retired kids.
   */
  async activateDue(manager: EntityManager, now: Date, limit: number): Promise<string[]> {
    const [rows] = await manager.query<[{ kid: string }[], number]>(
      `WITH due AS (
         SELECT id, jwk_id AS old_jwk_id FROM platform_registrations
         WHERE pending_activates_at <= $1 ORDER BY pending_activates_at LIMIT $2 FOR UPDATE SKIP LOCKED),
       switched AS (
         UPDATE platform_registrations r
         SET jwk_id = r.pending_jwk_id, pending_jwk_id = NULL, pending_activates_at = NULL, updated_at = now()
         FROM due WHERE r.id = due.id RETURNING due.old_jwk_id)
       UPDATE lti_jwks SET retired_at = $1
       WHERE id IN (SELECT old_jwk_id FROM switched) AND retired_at IS NULL
       RETURNING kid`,
      [now, limit],
    );
    return rows.map((row) => row.kid);
  }
}
