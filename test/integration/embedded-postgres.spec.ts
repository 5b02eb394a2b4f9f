import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';

describe('embedded PostgreSQL', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lti-embedded-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('serves real SQL over the pg driver, persists across restarts and releases its lock', async () => {
    const first = await startEmbeddedPostgres({ dataDir: dir, maxConnections: 4 });
    expect(first.freshlyInitialised).toBe(true);
    expect(readFileSync(join(dir, 'embedded.lock'), 'utf8')).toBe(String(process.pid));
    const client = new Client({ connectionString: first.url });
    await client.connect();
    await client.query('CREATE TABLE kept (v int)');
    await client.query('INSERT INTO kept VALUES (42)');
    await client.end();
    await first.stop();
    expect(existsSync(join(dir, 'embedded.lock'))).toBe(false);

    const second = await startEmbeddedPostgres({ dataDir: dir, maxConnections: 4 });
    expect(second.freshlyInitialised).toBe(false);
    const again = new Client({ connectionString: second.url });
    await again.connect();
    const { rows } = await again.query<{ v: number }>('SELECT v FROM kept');
    await again.end();
    await second.stop();
    expect(rows).toEqual([{ v: 42 }]);
  });

  it('refuses a data directory locked by a live process, naming it', async () => {
    writeFileSync(join(dir, 'embedded.lock'), String(process.ppid));
    await expect(startEmbeddedPostgres({ dataDir: dir })).rejects.toThrow(
      new RegExp(`in use by process ${process.ppid}`),
    );
    expect(readFileSync(join(dir, 'embedded.lock'), 'utf8')).toBe(String(process.ppid));
  });

  it('reclaims a stale lock left by a process that is gone', async () => {
    writeFileSync(join(dir, 'embedded.lock'), '999999999');
    const embedded = await startEmbeddedPostgres({ dataDir: dir, maxConnections: 2 });
    expect(readFileSync(join(dir, 'embedded.lock'), 'utf8')).toBe(String(process.pid));
    await embedded.stop();
  });
});
