import type { DataSource, EntityManager } from 'typeorm';
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

const FIRST_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Re-seals every stored private key under the current (first) KEK, batch by batch. Each batch is
 * one short transaction that locks its rows with FOR NO KEY UPDATE SKIP LOCKED: it never waits for,
 * nor blocks, signing, rotation or registration traffic (their FK checks take KEY SHARE locks, which
 * do not conflict), and rows busy at that moment are picked up by a later pass.
 */
export function reencryptKeys(
  dataSource: DataSource,
  cipher: KeyCipher,
  options: ReencryptOptions = {},
): Promise<ReencryptReport> {
  return new Reencryption(dataSource, cipher, options).run();
}

class Reencryption {
  private readonly report: ReencryptReport = { scanned: 0, reencrypted: 0, alreadyCurrent: 0, failed: 0, remaining: 0 };
  private readonly seen = new Set<string>();
  private readonly failed = new Set<string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: KeyCipher,
    private readonly options: ReencryptOptions,
  ) {}

  async run(): Promise<ReencryptReport> {
    for (let pass = 0; pass < (this.options.maxPasses ?? 3); pass += 1) {
      // The first pass visits every sealed row (to count those already current); later ones only stragglers.
      for (let after = FIRST_ID; ;) {
        const rows = await this.dataSource.transaction((manager) => this.batch(manager, after, pass === 0));
        if (rows.length === 0) break;
        after = rows[rows.length - 1].id;
        await this.options.onBatch?.(this.progress());
      }
      this.report.remaining = await this.countRemaining();
      if (this.report.remaining <= this.failed.size) break;
    }
    return this.progress();
  }

  private async batch(manager: EntityManager, after: string, everyRow: boolean): Promise<SealedRow[]> {
    const rows = await manager.query<SealedRow[]>(
      `SELECT id, kid, private_key_encrypted AS envelope FROM lti_jwks
       WHERE private_key_encrypted IS NOT NULL AND id > $1 AND (kek_id IS DISTINCT FROM $2 OR $3)
       ORDER BY id LIMIT $4 FOR NO KEY UPDATE SKIP LOCKED`,
      [after, this.cipher.currentKekId, everyRow, this.options.batchSize ?? 200],
    );
    for (const row of rows) await this.visit(manager, row);
    return rows;
  }

  private async visit(manager: EntityManager, row: SealedRow): Promise<void> {
    if (!this.seen.has(row.id)) this.report.scanned += 1;
    this.seen.add(row.id);
    if (this.failed.has(row.id)) return;
    if (this.cipher.isCurrent(row.envelope)) {
      this.report.alreadyCurrent += 1;
      return;
    }
    const outcome = this.reseal(row);
    if (typeof outcome === 'string') {
      this.failed.add(row.id);
      this.options.onFailure?.(row.kid, outcome);
      return;
    }
    await manager.query(`UPDATE lti_jwks SET private_key_encrypted = $2, kek_id = $3 WHERE id = $1`, [
      row.id,
      outcome.envelope,
      outcome.kekId,
    ]);
    this.report.reencrypted += 1;
  }

  /** The new envelope, or the error code when no configured KEK opens the row. */
  private reseal(row: SealedRow): { envelope: string; kekId: string } | string {
    try {
      const plaintext = this.cipher.open(row.kid, row.envelope);
      try {
        return this.cipher.seal(row.kid, plaintext);
      } finally {
        plaintext.fill(0);
      }
    } catch (error) {
      if (error instanceof AppError) return error.code;
      throw error;
    }
  }

  private async countRemaining(): Promise<number> {
    const [{ count }] = await this.dataSource.query<{ count: string }[]>(
      `SELECT count(*) AS count FROM lti_jwks WHERE private_key_encrypted IS NOT NULL AND kek_id IS DISTINCT FROM $1`,
      [this.cipher.currentKekId],
    );
    return Number(count);
  }

  private progress(): ReencryptReport {
    return { ...this.report, failed: this.failed.size };
  }
}
