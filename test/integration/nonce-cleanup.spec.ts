import type { DataSource, EntityManager } from 'typeorm';
import { FixedClock } from '../../src/common/clock';
import type { AppConfig } from '../../src/config/app.config';
import { loadConfig } from '../../src/config/config.loader';
import { MaintenanceRunner } from '../../src/maintenance/maintenance.runner';
import { MetricsService } from '../../src/metrics/metrics.service';
import { NonceCleanupTask } from '../../src/nonces/nonce-cleanup.task';
import { NonceRepository } from '../../src/nonces/nonce.repository';
import { NoncesService } from '../../src/nonces/nonces.service';
import { buildLoginBinding, countNonces, createNonceFixture, insertNonces } from '../support/nonce.builder';
import { openTestDataSource } from '../support/test-data-source';
import { testEnv } from '../support/test-env';

const OLD_NONCES = 100_000;
const BATCH_SIZE = 5000;
const TTL_SECONDS = 600;

/** The real repository, timing each batch and calling back after the n-th one (no behaviour changed). */
class TimedNonceRepository extends NonceRepository {
  readonly batches: { deleted: number; ms: number }[] = [];
  afterBatch?: (index: number) => void;

  override async deleteExpiredBatch(manager: EntityManager, cutoff: Date, limit: number): Promise<number> {
    const started = performance.now();
    const deleted = await super.deleteExpiredBatch(manager, cutoff, limit);
    this.batches.push({ deleted, ms: performance.now() - started });
    this.afterBatch?.(this.batches.length);
    return deleted;
  }
}

describe('nonce cleanup (maintenance task, batches mode)', () => {
  let dataSource: DataSource;
  let clock: FixedClock;
  let config: AppConfig;
  let nonces: NoncesService;

  beforeAll(async () => {
    dataSource = await openTestDataSource(4);
    clock = new FixedClock();
    config = loadConfig(
      testEnv({ NONCE_TTL_SECONDS: String(TTL_SECONDS), MAINTENANCE_BATCH_SIZE: String(BATCH_SIZE) }),
    );
    nonces = new NoncesService(new NonceRepository(dataSource), clock, config);
  });
  afterAll(() => dataSource.destroy());

  it(`deletes ${OLD_NONCES} expired nonces in batches, keeps fresh ones and never blocks a launch for long`, async () => {
    const fixture = await createNonceFixture(dataSource, 'cleanup');
    let started = performance.now();
    await insertNonces(dataSource, fixture, OLD_NONCES, new Date(clock.nowMs() - 86_400_000));
    const insertMs = performance.now() - started;
    const fresh = [buildLoginBinding(fixture), buildLoginBinding(fixture), buildLoginBinding(fixture)];
    for (const binding of fresh) await nonces.issue(binding);

    const repository = new TimedNonceRepository(dataSource);
    let launch: Promise<{ ms: number; consumed: boolean; batchesBefore: number; batchesAfter: number }> | undefined;
    // A launch arrives while the cleanup is between its second and third batch.
    repository.afterBatch = (index) => {
      if (index !== 2) return;
      launch = (async () => {
        const launchStarted = performance.now();
        const binding = buildLoginBinding(fixture);
        await nonces.issue(binding);
        const consumed = await nonces.consume({
          nonce: binding.nonce,
          issuer: binding.issuer,
          stateHash: binding.stateHash,
        });
        return {
          ms: performance.now() - launchStarted,
          consumed: consumed !== null,
          batchesBefore: index,
          batchesAfter: repository.batches.length,
        };
      })();
    };
    started = performance.now();
    const metrics = new MetricsService();
    const task = new NonceCleanupTask(repository, config);
    const execution = await new MaintenanceRunner(dataSource, config, clock, metrics).execute(task);
    const cleanupMs = performance.now() - started;

    expect(execution).toMatchObject({ outcome: 'ok' });
    expect(execution.counts.deleted).toBeGreaterThanOrEqual(OLD_NONCES);
    expect(metrics.render()).toContain(`lti_maintenance_runs_total{task="${task.name}",outcome="ok"} 1`);
    expect(execution.counts.largestBatch).toBeLessThanOrEqual(BATCH_SIZE);
    expect(execution.counts.batches).toBeGreaterThanOrEqual(OLD_NONCES / BATCH_SIZE);
    expect(Math.max(...repository.batches.map((batch) => batch.deleted))).toBeLessThanOrEqual(BATCH_SIZE);
    expect(launch).toBeDefined();
    const probe = await launch!;
    expect(probe.consumed).toBe(true);
    expect(await countNonces(dataSource, fixture.issuer)).toBe(fresh.length);

    const batchMs = repository.batches.map((batch) => batch.ms);
    console.log(
      `nonce cleanup: inserted ${OLD_NONCES} in ${Math.round(insertMs)} ms; deleted ${execution.counts.deleted} in ` +
        `${execution.counts.batches} batches of <= ${BATCH_SIZE} in ${Math.round(cleanupMs)} ms ` +
        `(batch max ${Math.round(Math.max(...batchMs))} ms, mean ${Math.round(batchMs.reduce((a, b) => a + b, 0) / batchMs.length)} ms); ` +
        `a launch (issue + consume) issued after batch ${probe.batchesBefore} took ${Math.round(probe.ms)} ms ` +
        `and finished after batch ${probe.batchesAfter}`,
    );
  });

  it('deletes exactly what consume refuses: created at or before now - NONCE_TTL_SECONDS', async () => {
    const fixture = await createNonceFixture(dataSource, 'cleanup-edge');
    const cutoff = clock.nowMs() - TTL_SECONDS * 1000;
    const atCutoff = buildLoginBinding(fixture);
    const justAfter = buildLoginBinding(fixture);
    clock.set(cutoff);
    await nonces.issue(atCutoff);
    clock.set(cutoff + 1);
    await nonces.issue(justAfter);
    clock.set(cutoff + TTL_SECONDS * 1000);

    const execution = await new MaintenanceRunner(dataSource, config, clock, new MetricsService()).execute(
      new NonceCleanupTask(new NonceRepository(dataSource), config),
    );
    expect(execution.outcome).toBe('ok');
    expect(await countNonces(dataSource, fixture.issuer)).toBe(1);
    const query = (b: typeof atCutoff) => ({ nonce: b.nonce, issuer: b.issuer, stateHash: b.stateHash });
    expect(await nonces.consume(query(justAfter))).not.toBeNull();
  });

  it('reports zero batches when nothing has expired', async () => {
    const config1 = loadConfig(testEnv({ MAINTENANCE_BATCH_SIZE: '100' }));
    const runner = new MaintenanceRunner(dataSource, config1, clock, new MetricsService());
    const task = new NonceCleanupTask(new NonceRepository(dataSource), config1);
    await runner.execute(task);
    expect(await runner.execute(task)).toMatchObject({ outcome: 'ok', counts: { deleted: 0, batches: 0 } });
  });
});
