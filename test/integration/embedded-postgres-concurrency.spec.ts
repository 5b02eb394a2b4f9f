import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Pool, QueryConfig } from 'pg';
import { EmbeddedPostgres, startEmbeddedPostgres } from '../../src/database/embedded-postgres';

/**
 * The embedded server multiplexes many `pg` connections onto PGlite's single session. Each
 * connection's extended-query sequence (Parse/Bind/Describe/Execute/Sync) and each transaction
 * must run without another connection's messages in between.
 */
describe('embedded PostgreSQL under concurrent connections', () => {
  let dir: string;
  let embedded: EmbeddedPostgres;
  const clients: Client[] = [];

  async function connect(): Promise<Client> {
    const client = new Client({ connectionString: embedded.url });
    await client.connect();
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lti-embedded-conc-'));
    // Headroom: the server learns of a closed pool connection slightly after `pool.end()` resolves.
    embedded = await startEmbeddedPostgres({ dataDir: dir, maxConnections: 32 });
    const setup = await connect();
    await setup.query('CREATE TABLE conc_rows (id int PRIMARY KEY, label text NOT NULL)');
    await setup.query('INSERT INTO conc_rows SELECT g, $1 || g FROM generate_series(1, 5) g', ['row-']);
  });

  afterAll(async () => {
    await Promise.allSettled(clients.map((client) => client.end()));
    await embedded?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns each parameterised query its own result when a pool of 8 queries at once', async () => {
    const pool = new Pool({ connectionString: embedded.url, max: 8 });
    try {
      // Large parameters make a Bind message span several TCP reads, the moment another
      // connection's messages used to slip in between this connection's Parse and Bind.
      const big = 'x'.repeat(200_000);
      const runs = Array.from({ length: 240 }, async (_, i) => {
        if (i % 4 === 3) {
          const { rows } = await pool.query<{ n: number; v: number }>('SELECT length($1::text) AS n, $2::int AS v', [
            big + i,
            i,
          ]);
          return rows[0].n === big.length + String(i).length && rows[0].v === i
            ? null
            : `#${i}: ${JSON.stringify(rows)}`;
        }
        if (i % 3 === 0) {
          const { rows } = await pool.query<{ v: number }>('SELECT $1::int + 1 AS v', [i]);
          return rows[0].v === i + 1 ? null : `#${i}: ${JSON.stringify(rows)}`;
        }
        if (i % 3 === 1) {
          const { rows } = await pool.query<{ v: number; s: string }>('SELECT $1::int * $2::int AS v, $3::text AS s', [
            i,
            3,
            `q${i}`,
          ]);
          return rows[0].v === i * 3 && rows[0].s === `q${i}` ? null : `#${i}: ${JSON.stringify(rows)}`;
        }
        const { rows } = await pool.query<{ label: string }>('SELECT label FROM conc_rows WHERE id = $1', [
          (i % 5) + 1,
        ]);
        return rows.length === 1 && rows[0].label === `row-${(i % 5) + 1}` ? null : `#${i}: ${JSON.stringify(rows)}`;
      });
      const outcomes = await Promise.allSettled(runs);
      const problems = outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : o.value)).filter(Boolean);
      expect(problems).toEqual([]);
    } finally {
      await pool.end();
    }
  });

  it('keeps a paged (Execute with row limit + Flush) query on its connection until it syncs', async () => {
    const pool = new Pool({ connectionString: embedded.url, max: 6 });
    try {
      // `rows` (pg's page size, missing from its typings) makes pg fetch one row per Execute and
      // send Flush instead of Sync between pages.
      const pagedQuery = (offset: number) =>
        ({ text: 'SELECT id + $1::int AS v FROM conc_rows ORDER BY id', values: [offset], rows: 1 }) as QueryConfig;
      const paged = Array.from({ length: 12 }, (_, i) => pool.query<{ v: number }>(pagedQuery(i * 100)));
      const plain = Array.from({ length: 24 }, (_, i) => pool.query<{ v: number }>('SELECT $1::int AS v', [i]));
      const pagedRows = (await Promise.all(paged)).map((result) => result.rows.map((row) => row.v));
      expect(pagedRows).toEqual(Array.from({ length: 12 }, (_, i) => [1, 2, 3, 4, 5].map((id) => id + i * 100)));
      expect((await Promise.all(plain)).map((result) => result.rows[0].v)).toEqual(
        Array.from({ length: 24 }, (_, i) => i),
      );
    } finally {
      await pool.end();
    }
  });

  it("runs another connection's statement only after an open transaction ends", async () => {
    const [a, b] = [await connect(), await connect()];
    const order: string[] = [];
    await a.query('BEGIN');
    await a.query('INSERT INTO conc_rows VALUES ($1, $2)', [101, 'from-a']);
    const fromB = b.query('INSERT INTO conc_rows VALUES ($1, $2)', [102, 'from-b']).then(() => order.push('b-insert'));
    await a.query('SELECT 1');
    await a.query('ROLLBACK').then(() => order.push('a-rollback'));
    await fromB;
    // Had B's insert run inside A's transaction, A's rollback would have removed it too.
    const { rows } = await b.query<{ id: number }>('SELECT id FROM conc_rows WHERE id IN (101, 102) ORDER BY id');
    expect(order).toEqual(['a-rollback', 'b-insert']);
    expect(rows).toEqual([{ id: 102 }]);
  });

  it('lets the waiting connection see rows committed by the transaction it waited for', async () => {
    const [a, b] = [await connect(), await connect()];
    await a.query('BEGIN');
    await a.query('INSERT INTO conc_rows VALUES ($1, $2)', [201, 'committed']);
    const seenByB = b.query<{ label: string }>('SELECT label FROM conc_rows WHERE id = $1', [201]);
    await a.query('COMMIT');
    expect((await seenByB).rows).toEqual([{ label: 'committed' }]);
  });

  it('rolls back and releases the database when a connection closes mid-transaction', async () => {
    const [a, b] = [await connect(), await connect()];
    await a.query('BEGIN');
    await a.query('INSERT INTO conc_rows VALUES ($1, $2)', [301, 'abandoned']);
    const seenByB = b.query<{ n: string }>('SELECT count(*) AS n FROM conc_rows WHERE id = $1', [301]);
    await a.end();
    expect((await seenByB).rows).toEqual([{ n: '0' }]);
    await b.query('BEGIN');
    await b.query('INSERT INTO conc_rows VALUES ($1, $2)', [302, 'after']);
    await b.query('COMMIT');
    expect((await b.query('SELECT label FROM conc_rows WHERE id = 302')).rows).toEqual([{ label: 'after' }]);
  });

  it('rolls back when a connection in a failed extended query is reset', async () => {
    const [a, b] = [await connect(), await connect()];
    await a.query('BEGIN');
    await a.query('INSERT INTO conc_rows VALUES ($1, $2)', [401, 'reset']);
    await expect(a.query('SELECT 1 / $1::int', [0])).rejects.toMatchObject({ code: '22012' });
    const seenByB = b.query<{ n: string }>('SELECT count(*) AS n FROM conc_rows WHERE id = $1', [401]);
    // Simulates a crashed client: the socket goes away without a Terminate message.
    a.on('error', () => undefined);
    (a as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    expect((await seenByB).rows).toEqual([{ n: '0' }]);
  });

  it('refuses connections beyond maxConnections with a PostgreSQL error', async () => {
    const small = await startEmbeddedPostgres({ dataDir: mkdtempSync(join(dir, 'small-')), maxConnections: 1 });
    const first = new Client({ connectionString: small.url });
    const second = new Client({ connectionString: small.url });
    try {
      await first.connect();
      await expect(second.connect()).rejects.toMatchObject({ code: '53300' });
      expect((await first.query('SELECT $1::int AS v', [7])).rows).toEqual([{ v: 7 }]);
    } finally {
      await first.end();
      await small.stop();
    }
  });
});
