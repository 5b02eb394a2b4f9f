import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { LtiIdTokenClaims, LtiMessageType } from './lti-claims';

export interface LaunchRecord {
  id: string;
  registrationId: string;
  deploymentId: string;
  messageType: LtiMessageType;
  claims: LtiIdTokenClaims;
  createdAt: Date;
  expiresAt: Date;
}

interface LaunchRow {
  id: string;
  registration_id: string;
  deployment_id: string;
  message_type: LtiMessageType;
  claims: LtiIdTokenClaims;
  created_at: Date;
  expires_at: Date;
}

function toRecord(row: LaunchRow): LaunchRecord {
  return {
    id: row.id,
    registrationId: row.registration_id,
    deploymentId: row.deployment_id,
    messageType: row.message_type,
    claims: row.claims,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

/** All SQL on lti_launches: one statement per operation, on the primary key or the expiry index. */
@Injectable()
export class LaunchRecordRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(record: LaunchRecord, claimsJson: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO "lti_launches" ("id", "registration_id", "deployment_id", "message_type", "claims", "created_at", "expires_at")
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        record.id,
        record.registrationId,
        record.deploymentId,
        record.messageType,
        claimsJson,
        record.createdAt,
        record.expiresAt,
      ],
    );
  }

  /** The record when it exists and has not expired at `now`. */
  async findLive(id: string, now: Date): Promise<LaunchRecord | null> {
    const rows = await this.dataSource.query<LaunchRow[]>(
      `SELECT "id", "registration_id", "deployment_id", "message_type", "claims", "created_at", "expires_at"
       FROM "lti_launches" WHERE "id" = $1 AND "expires_at" > $2`,
      [id, now],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /**
   * Deletes at most `limit` records expired at `now` in one statement on `manager`; rows locked
   * by someone else (a registration being deleted) are skipped, the next batch gets them.
   */
  async deleteExpiredBatch(manager: EntityManager, now: Date, limit: number): Promise<number> {
    const [, affected] = await manager.query<[unknown[], number]>(
      `DELETE FROM "lti_launches" AS l
       USING (SELECT "id" FROM "lti_launches" WHERE "expires_at" <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED) AS expired
       WHERE l."id" = expired."id"`,
      [now, limit],
    );
    return affected;
  }
}
