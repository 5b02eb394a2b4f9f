import type { DataSource, Migration } from 'typeorm';

// Fixed advisory lock id so instances starting together apply migrations one at a time.
const MIGRATION_LOCK_ID = 74_210_001;

/** Applies pending migrations under an advisory lock; returns the names applied. */
export async function runPendingMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    const applied: Migration[] = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await runner.release();
  }
}
