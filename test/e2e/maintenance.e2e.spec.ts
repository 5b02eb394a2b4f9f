import { randomUUID } from 'node:crypto';
import { SchedulerRegistry } from '@nestjs/schedule';
import { FixedClock } from '../../src/common/clock';
import { MAINTENANCE_INTERVAL_NAME, MaintenanceJob } from '../../src/maintenance/maintenance.job';
import { MaintenanceRegistry } from '../../src/maintenance/maintenance.registry';
import { MaintenanceService } from '../../src/maintenance/maintenance.service';
import { countNonces, createNonceFixture, insertNonces } from '../support/nonce.builder';
import { startTestApp, type TestApp } from '../support/test-app';
import { TEST_ADMIN_TOKEN } from '../support/test-env';

const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const json = { ...auth, 'content-type': 'application/json' };

interface TaskView {
  name: string;
  mode: string;
  lastRun: { outcome: string; counts: Record<string, number>; startedAt: string; instanceId: string } | null;
}

interface StatusBody {
  schedulingEnabled: boolean;
  intervalSeconds: number;
  batchSize: number;
  nextTickAt: string;
  instanceId: string;
  tasks: TaskView[];
}

interface RunBody {
  results: {
    task: string;
    outcome: string;
    counts: Record<string, number>;
    error: string | null;
    instanceId: string;
  }[];
}

describe('maintenance: admin API and schedule', () => {
  let t: TestApp;
  let closed = false;
  // Now, not a fixed date in the past: run records keep the latest-started run, and other test
  // files sharing this database record real-time runs.
  const clock = new FixedClock(Date.now());

  beforeAll(async () => {
    t = await startTestApp({
      clock,
      env: { MAINTENANCE_ENABLED: 'true', MAINTENANCE_INTERVAL_SECONDS: '86400', LOG_LEVEL: 'info' },
    });
  });
  afterAll(async () => {
    if (!closed) await t.close();
  });

  const getStatus = async () => {
    const res = await fetch(`${t.url}/admin/maintenance`, { headers: auth });
    expect(res.status).toBe(200);
    return (await res.json()) as StatusBody;
  };
  const post = (body?: unknown) =>
    fetch(`${t.url}/admin/maintenance/run`, {
      method: 'POST',
      headers: body === undefined ? auth : json,
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it.each([
    ['GET', '/admin/maintenance'],
    ['POST', '/admin/maintenance/run'],
  ])('%s %s without an admin token is 401 ADMIN_UNAUTHORIZED', async (method, path) => {
    const res = await fetch(`${t.url}${path}`, { method });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('ADMIN_UNAUTHORIZED');
  });

  it('GET shows the tasks, the schedule and this instance', async () => {
    const status = await getStatus();
    expect(status).toMatchObject({
      schedulingEnabled: true,
      intervalSeconds: 86400,
      batchSize: t.config.MAINTENANCE_BATCH_SIZE,
      instanceId: t.get(MaintenanceService).instanceId,
    });
    expect(Date.parse(status.nextTickAt)).toBeGreaterThan(Date.now());
    expect(status.tasks).toContainEqual(expect.objectContaining({ name: 'nonce-cleanup', mode: 'batches' }));
  });

  it('POST /run with a task runs it now; GET then shows that run; the run is logged with counts', async () => {
    const fixture = await createNonceFixture(t.dataSource, 'e2e-maintenance');
    await insertNonces(t.dataSource, fixture, 50, new Date(clock.nowMs() - 3_600_000));
    const res = await post({ task: 'nonce-cleanup' });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as RunBody;
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ task: 'nonce-cleanup', outcome: 'ok', error: null });
    expect(results[0].counts.deleted).toBeGreaterThanOrEqual(50);
    expect(await countNonces(t.dataSource, fixture.issuer)).toBe(0);

    const task = (await getStatus()).tasks.find((item) => item.name === 'nonce-cleanup')!;
    expect(task.lastRun).toMatchObject({ outcome: 'ok', counts: results[0].counts, instanceId: results[0].instanceId });
    expect(task.lastRun?.startedAt).toBe(clock.now().toISOString());
    const line = t.logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'maintenance task finished');
    expect(line).toMatchObject({ context: 'Maintenance', task: 'nonce-cleanup', counts: results[0].counts });
    expect(typeof line.durationMs).toBe('number');
  });

  it.each([
    [{ task: 'no-such-task' }, 404, 'MAINTENANCE_TASK_NOT_FOUND'],
    [{ task: 42 }, 400, 'VALIDATION_FAILED'],
    [{ task: '' }, 400, 'VALIDATION_FAILED'],
    [{ tasks: ['nonce-cleanup'] }, 400, 'VALIDATION_FAILED'],
  ])('POST /run %j is %d %s', async (body, status, code) => {
    const res = await post(body);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
  });

  it('a failing task is recorded as failed, logged, and the next task still runs', async () => {
    const failing = `e2e-failing-${randomUUID()}`;
    const after = `e2e-after-${randomUUID()}`;
    let afterRuns = 0;
    const registry = t.get(MaintenanceRegistry);
    registry.register({ name: failing, run: () => Promise.reject(new Error('disk on fire')) });
    registry.register({ name: after, run: () => Promise.resolve({ touched: ++afterRuns }) });

    const res = await post(); // no body: every task
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as RunBody;
    const names = results.map((r) => r.task);
    expect(names.indexOf(after)).toBe(names.indexOf(failing) + 1);
    expect(results.find((r) => r.task === failing)).toMatchObject({ outcome: 'failed', counts: {} });
    expect(results.find((r) => r.task === failing)?.error).toEqual(expect.any(String));
    expect(results.find((r) => r.task === after)).toMatchObject({ outcome: 'ok', counts: { touched: 1 } });

    const { tasks } = await getStatus();
    expect(tasks.find((task) => task.name === failing)?.lastRun).toMatchObject({ outcome: 'failed' });
    expect(tasks.find((task) => task.name === after)?.lastRun).toMatchObject({ outcome: 'ok' });
    const logged = t.logs.map((l) => JSON.parse(l)).find((l) => l.task === failing);
    expect(logged).toMatchObject({ level: 'error', context: 'Maintenance', outcome: 'failed' });
  });

  it('a tick never overlaps a running tick on the same instance', async () => {
    let release!: () => void;
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    let runs = 0;
    t.get(MaintenanceRegistry).register({
      name: `e2e-slow-${randomUUID()}`,
      mode: 'batches',
      run: async () => {
        runs += 1;
        entered();
        await gate;
        return {};
      },
    });
    const job = t.get(MaintenanceJob);
    const first = job.tick();
    await inside;
    await job.tick(); // returns at once: the first tick is still running
    expect(
      t.logs.some((l) => JSON.parse(l).msg === 'previous maintenance tick still running; skipping this tick'),
    ).toBe(true);
    release();
    await first;
    expect(runs).toBe(1);
  });

  it('a tick that fails is logged and does not throw', async () => {
    const spy = jest.spyOn(t.get(MaintenanceService), 'runAll').mockRejectedValueOnce(new Error('database gone'));
    await expect(t.get(MaintenanceJob).tick()).resolves.toBeUndefined();
    spy.mockRestore();
    expect(t.logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'maintenance tick failed')).toMatchObject({
      level: 'error',
      error: { message: 'database gone' },
    });
  });

  it('the interval is registered while running and removed on shutdown', async () => {
    const scheduler = t.get(SchedulerRegistry);
    expect(scheduler.doesExist('interval', MAINTENANCE_INTERVAL_NAME)).toBe(true);
    await t.close();
    closed = true;
    expect(scheduler.doesExist('interval', MAINTENANCE_INTERVAL_NAME)).toBe(false);
    expect(t.get(MaintenanceJob).schedule().nextTickAt).toBeNull();
  });
});
