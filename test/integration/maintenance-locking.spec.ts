import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { FixedClock } from '../../src/common/clock';
import { loadConfig } from '../../src/config/config.loader';
import { MaintenanceRunRepository } from '../../src/maintenance/maintenance-run.repository';
import type { MaintenanceMode, MaintenanceTask } from '../../src/maintenance/maintenance-task';
import { MaintenanceRunner } from '../../src/maintenance/maintenance.runner';
import { MetricsService } from '../../src/metrics/metrics.service';
import { openTestDataSource } from '../support/test-data-source';
import { testEnv } from '../support/test-env';

/** PGlite serves every connection from one session and serializes transactions (ADR 0001). */
const EMBEDDED = Boolean(process.env.LTI_TEST_EMBEDDED_URL);

interface Gate {
  entered: Promise<void>;
  open(): void;
  task: MaintenanceTask;
  runs: number;
}

/** A task that signals when it holds its lock and then waits until the test opens the gate. */
function gatedTask(name: string, mode: MaintenanceMode): Gate {
  let signalEntered!: () => void;
  let open!: () => void;
  const entered = new Promise<void>((resolve) => (signalEntered = resolve));
  const opened = new Promise<void>((resolve) => (open = resolve));
  const gate: Gate = {
    entered,
    open,
    runs: 0,
    task: {
      name,
      mode,
      run: async ({ manager }) => {
        gate.runs += 1;
        signalEntered();
        await opened;
        await manager.query('SELECT 1');
        return { ran: 1 };
      },
    },
  };
  return gate;
}

describe('maintenance runner: advisory locks across instances', () => {
  // Two pools stand for two instances sharing one database.
  let first: DataSource;
  let second: DataSource;
  let runnerA: MaintenanceRunner;
  let runnerB: MaintenanceRunner;

  beforeAll(async () => {
    first = await openTestDataSource(3);
    second = await openTestDataSource(3);
    const config = loadConfig(testEnv());
    runnerA = new MaintenanceRunner(first, config, new FixedClock(), new MetricsService());
    runnerB = new MaintenanceRunner(second, config, new FixedClock(), new MetricsService());
  });
  afterAll(async () => {
    await first.destroy();
    await second.destroy();
  });

  it('batches mode: while one instance holds the lock another skips; afterwards it acquires', async () => {
    const gate = gatedTask(`it-batches-${randomUUID()}`, 'batches');
    const running = runnerA.execute(gate.task);
    await gate.entered;
    expect(await runnerB.execute(gate.task)).toMatchObject({ outcome: 'skipped', counts: {} });
    // The same instance asking again (a manual run during a tick) skips too, also on the embedded DB.
    expect(await runnerA.execute(gate.task)).toMatchObject({ outcome: 'skipped' });
    gate.open();
    expect(await running).toMatchObject({ outcome: 'ok', counts: { ran: 1 } });
    expect(await runnerB.execute(gate.task)).toMatchObject({ outcome: 'ok', counts: { ran: 1 } });
    expect(gate.runs).toBe(2);
  });

  it('transaction mode: a second instance skips on PostgreSQL; on the embedded DB it waits its turn', async () => {
    const gate = gatedTask(`it-transaction-${randomUUID()}`, 'transaction');
    const running = runnerA.execute(gate.task);
    await gate.entered;
    const other = runnerB.execute(gate.task);
    if (EMBEDDED) {
      // Its transaction cannot even begin while the first is open, so it runs after it.
      gate.open();
      expect(await running).toMatchObject({ outcome: 'ok' });
      expect(await other).toMatchObject({ outcome: 'ok' });
      expect(gate.runs).toBe(2);
    } else {
      expect(await other).toMatchObject({ outcome: 'skipped' });
      gate.open();
      expect(await running).toMatchObject({ outcome: 'ok' });
      expect(gate.runs).toBe(1);
    }
  });

  it.each<MaintenanceMode>(['batches', 'transaction'])(
    '%s mode: a failing task releases its lock and its connection',
    async (mode) => {
      const name = `it-failing-${mode}-${randomUUID()}`;
      const failing: MaintenanceTask = {
        name,
        mode,
        run: async ({ manager }) => {
          await manager.query('SELECT 1');
          throw new Error('task broke');
        },
      };
      // More failures than the pool has connections: a leaked connection or lock would hang or skip.
      for (let i = 0; i < 5; i += 1) {
        const execution = await runnerA.execute(failing);
        expect(execution).toMatchObject({ outcome: 'failed' });
        expect((execution.error as Error).message).toBe('task broke');
      }
      const ok: MaintenanceTask = { name, mode, run: () => Promise.resolve({ done: 1 }) };
      expect(await runnerB.execute(ok)).toMatchObject({ outcome: 'ok', counts: { done: 1 } });
    },
  );

  it('transaction mode: a failed run rolls its writes back', async () => {
    const task = `it-rollback-${randomUUID()}`;
    const execution = await runnerA.execute({
      name: task,
      run: async ({ manager }) => {
        await manager.query(
          `INSERT INTO "lti_maintenance_runs" ("task", "last_started_at", "last_finished_at", "outcome", "duration_ms", "instance_id")
           VALUES ($1, now(), now(), 'ok', 0, 'test')`,
          [task],
        );
        throw new Error('after the write');
      },
    });
    expect(execution.outcome).toBe('failed');
    expect(await first.query('SELECT 1 FROM "lti_maintenance_runs" WHERE "task" = $1', [task])).toEqual([]);
  });

  it('batches mode: statements commit one by one, manager.transaction groups them, an open one is refused', async () => {
    const task = `it-commits-${randomUUID()}`;
    const insert = `INSERT INTO "lti_maintenance_runs" ("task", "last_started_at", "last_finished_at", "outcome", "duration_ms", "instance_id")
                    VALUES ($1, now(), now(), 'ok', 0, 'test')`;
    const execution = await runnerA.execute({
      name: task,
      mode: 'batches',
      run: async ({ manager }) => {
        await manager.query(insert, [`${task}-1`]);
        await manager.transaction(async (em) => {
          await em.query(insert, [`${task}-2`]);
          await em.query(insert, [`${task}-3`]);
        });
        throw new Error('after three commits');
      },
    });
    expect(execution.outcome).toBe('failed');
    const rows = await first.query<{ task: string }[]>(
      'SELECT "task" FROM "lti_maintenance_runs" WHERE "task" LIKE $1 ORDER BY 1',
      [`${task}-%`],
    );
    expect(rows.map((row) => row.task)).toEqual([`${task}-1`, `${task}-2`, `${task}-3`]);

    const leftOpen = await runnerA.execute({
      name: task,
      mode: 'batches',
      run: async ({ manager }) => {
        await manager.queryRunner!.startTransaction();
        await manager.query(insert, [`${task}-4`]);
        return { inserted: 1 };
      },
    });
    expect(leftOpen.outcome).toBe('failed');
    expect(await first.query('SELECT 1 FROM "lti_maintenance_runs" WHERE "task" = $1', [`${task}-4`])).toEqual([]);
    expect(await runnerB.execute({ name: task, mode: 'batches', run: () => Promise.resolve({}) })).toMatchObject({
      outcome: 'ok',
    });
  });
});

describe('maintenance runs table', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await openTestDataSource(2);
  });
  afterAll(() => dataSource.destroy());

  it('keeps the run that started last and stamps skips without touching it', async () => {
    const runs = new MaintenanceRunRepository(dataSource);
    const task = `it-record-${randomUUID()}`;
    const base = { task, counts: { deleted: 3 }, durationMs: 5, error: null };
    const newer = new Date('2026-01-15T12:05:00Z');
    const older = new Date('2026-01-15T12:00:00Z');
    await runs.recordSkip(task, older);
    await runs.recordRun({ ...base, outcome: 'ok', startedAt: newer, finishedAt: newer, instanceId: 'b' });
    await runs.recordRun({ ...base, outcome: 'failed', startedAt: older, finishedAt: newer, instanceId: 'a' });
    await runs.recordSkip(task, newer);
    const [row] = await runs.findByTasks([task]);
    expect(row).toMatchObject({ outcome: 'ok', instanceId: 'b', counts: { deleted: 3 }, lastSkippedAt: newer });
    expect(row.lastStartedAt).toEqual(newer);
  });
});
