import { FixedClock } from '../../src/common/clock';
import { MaintenanceService, type MaintenanceRunResult } from '../../src/maintenance/maintenance.service';
import { countNonces, createNonceFixture, insertNonces } from '../support/nonce.builder';
import { startTestApp, type TestApp } from '../support/test-app';
import { TEST_ADMIN_TOKEN } from '../support/test-env';

const ROUNDS = 3;
const NONCES_PER_ROUND = 10_000;

describe('maintenance on two instances sharing one database', () => {
  let a: TestApp;
  let b: TestApp;
  const start = Date.parse('2026-01-15T12:00:00Z');

  beforeAll(async () => {
    const env = { MAINTENANCE_BATCH_SIZE: '1000' };
    a = await startTestApp({ env, clock: new FixedClock(start) });
    b = await startTestApp({ env, clock: new FixedClock(start) });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('both run every job at the same moment; the work is done once', async () => {
    const fixture = await createNonceFixture(a.dataSource, 'two-instances');
    // Clears nonces other test files left behind, so the deleted counts below are ours alone.
    await a.get(MaintenanceService).run('nonce-cleanup');
    const outcomes: string[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      await insertNonces(a.dataSource, fixture, NONCES_PER_ROUND, new Date(start - 86_400_000));
      const [fromA, fromB] = await Promise.all([
        a.get(MaintenanceService).runAll(),
        b.get(MaintenanceService).runAll(),
      ]);
      const cleanup = (results: MaintenanceRunResult[]) => results.find((r) => r.task === 'nonce-cleanup')!;
      const [ca, cb] = [cleanup(fromA), cleanup(fromB)];
      expect([ca.outcome, cb.outcome]).not.toContain('failed');
      expect((ca.counts.deleted ?? 0) + (cb.counts.deleted ?? 0)).toBe(NONCES_PER_ROUND);
      expect([ca, cb].some((r) => r.outcome === 'skipped' || r.counts.deleted === 0)).toBe(true);
      expect(await countNonces(a.dataSource, fixture.issuer)).toBe(0);
      // Every other job too: never both instances reporting work for the same tick.
      for (const task of fromA.map((r) => r.task)) {
        const pair = [fromA, fromB].map((results) => results.find((r) => r.task === task)!);
        const worked = pair.filter((r) => r.outcome === 'ok' && Object.values(r.counts).some((n) => n > 0));
        expect(worked.length).toBeLessThanOrEqual(1);
      }
      outcomes.push(`${ca.outcome}/${ca.counts.deleted ?? '-'} vs ${cb.outcome}/${cb.counts.deleted ?? '-'}`);
    }
    console.log(`two instances, nonce-cleanup per round (A vs B): ${outcomes.join('; ')}`);
  });

  it('GET /admin/maintenance shows the same last runs on both instances', async () => {
    const view = async (app: TestApp) => {
      const res = await fetch(`${app.url}/admin/maintenance`, {
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      });
      return ((await res.json()) as { tasks: unknown[] }).tasks;
    };
    expect(await view(b)).toEqual(await view(a));
  });
});
