import { createHash } from 'node:crypto';

/** Keeps our keys apart from advisory locks other software may take on the same database. */
const NAMESPACE = 'lti-tool-backend/maintenance/';

export interface AdvisoryLockKey {
  /** Signed 64-bit key as a decimal string, passed as `$1::bigint`. */
  key: string;
  /** The halves pg_locks shows for a bigint key: classid = high 32 bits, objid = low 32 bits. */
  classid: number;
  objid: number;
}

/** A stable lock key for a task name: the first 8 bytes of sha256(namespace + name). */
export function advisoryLockKey(taskName: string): AdvisoryLockKey {
  const digest = createHash('sha256')
    .update(NAMESPACE + taskName)
    .digest();
  return { key: digest.readBigInt64BE(0).toString(), classid: digest.readUInt32BE(0), objid: digest.readUInt32BE(4) };
}

export const TRY_XACT_LOCK_SQL = 'SELECT pg_try_advisory_xact_lock($1::bigint) AS "acquired"';

/**
 * Session-level try-lock that also refuses a lock this very session already holds. On real
 * PostgreSQL every connection is its own session, so the NOT EXISTS never matches and this is a
 * plain pg_try_advisory_lock. The embedded database (PGlite) runs every connection in ONE session,
 * where advisory locks are re-entrant: without the check a second instance would "acquire" the
 * lock the first one holds. No row returned means not acquired.
 */
export const TRY_SESSION_LOCK_SQL = `
  SELECT pg_try_advisory_lock($1::bigint) AS "acquired"
  WHERE NOT EXISTS (
    SELECT 1 FROM pg_locks
    WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
      AND classid = $2::oid AND objid = $3::oid AND objsubid = 1
  )`;

export const SESSION_UNLOCK_SQL = 'SELECT pg_advisory_unlock($1::bigint) AS "released"';
