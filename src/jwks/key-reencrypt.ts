import type { DataSource } from 'typeorm';
import { AppError } from '../common/errors/app.error';
import type { KeyCipher } from './key.cipher';

export interface ReencryptReport {
  /** Distinct sealed rows examined. */
  scanned: number;
  reencrypted: number;
  alreadyCurrent: number;
  failed: number;
  /** Sealed rows still not under the current KEK at the end (locked by live traffic, or failed). */
  remaining: number;
}

export interface ReencryptOptions {
  batchSize?: number;
  /** Passes over rows skipped because live traffic held their lock. */
  maxPasses?: number;
  onFailure?: (kid: string, code: string) => void;
  /** Called after each committed batch (progress reporting). */
  onBatch?: (progress: Readonly<ReencryptReport>) => Promise<void> | void;
}

interface SealedRow {
  id: string;
  kid: string;
  envelope: string;
}

/**
 * Re-seals every stored private key under the current (first) KEK, batch by batch. Each batch is one
 * short transaction that locks its rows with FOR NO KEY UPDATE SKIP LOCKED: it never waits for, nor
 * blocks, signing, rotation or registration traffic (their FK checks take KEY SHARE locks, which do
 * not conflict), and rows busy right now are picked up by a later pass.
 */
export async function reencryptKeys(
  dataSource: DataSource,
  cipher: KeyCipher,
  options: ReencryptOptions = {},
): Promise<ReencryptReport> {
  const batchSize = options.batchSize ?? 200;
  const report: ReencryptReport = { scanned: 0, reencrypted: 0, alreadyCurrent: 0, failed: 0, remaining: 0 };
  const seen = new Set<string>();
  const failed = new Set<string>();
  for (let pass = 0; pass < (options.maxPasses ?? 3); pass += 1) {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await dataSource.transaction(async (manager) => {
        const batch = await manager.query<SealedRow[]>(
          `SELECT id, kid, private_key_encrypted AS envelope FROM lti_jwks
           WHERE private_key_encrypted IS NOT NULL AND id > $1 AND (kek_id IS DISTINCT FROM $2 OR $3)
           ORDER BY id LIMIT $4 FOR NO KEY UPDATE SKIP LOCKED`,
          [after, cipher.currentKekId, pass === 0, batchSize],
        );
        for (const row of batch) {
          if (!seen.has(row.id)) report.scanned += 1;
          seen.add(row.id);
          if (failed.has(row.id)) continue;
          if (cipher.isCurrent(row.envelope)) {
            report.alreadyCurrent += 1;
            continue;
          }
          const outcome = reseal(cipher, row);
          if (typeof outcome === 'string') {
            failed.add(row.id);
            options.onFailure?.(row.kid, outcome);
            continue;
          }
          await manager.query(`UPDATE lti_jwks SET private_key_encrypted = $2, kek_id = $3 WHERE id = $1`, [
            row.id,
            outcome.envelope,
            outcome.kekId,
          ]);
          report.reencrypted += 1;
        }
        return batch;
      });
      if (rows.length === 0) break;
      after = rows[rows.length - 1].id;
      await options.onBatch?.({ ...report, failed: failed.size });
    }
    report.remaining = await countRemaining(dataSource, cipher.currentKekId);
    if (report.remaining <= failed.size) break;
  }
  report.failed = failed.size;
  return report;
}

function reseal(cipher: KeyCipher, row: SealedRow): { envelope: string; kekId: string } | string {
  try {
    const plaintext = cipher.open(row.kid, row.envelope);
    try {
      return cipher.seal(row.kid, plaintext);
    } finally {
      plaintext.fill(0);
    }
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

async function countRemaining(dataSource: DataSource, currentKekId: string): Promise<number> {
  const [{ count }] = await dataSource.query<{ count: string }[]>(
    `SELECT count(*) AS count FROM lti_jwks WHERE private_key_encrypted IS NOT NULL AND kek_id IS DISTINCT FROM $1`,
    [currentKekId],
  );
  return Number(count);
}
