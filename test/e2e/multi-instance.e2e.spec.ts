import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { advisoryLockKey, SESSION_UNLOCK_SQL, TRY_SESSION_LOCK_SQL } from '../../src/maintenance/maintenance.lock';
import { FakePlatform } from '../support/fake-platform';
import { LANDING_URL, TOOL_URL } from '../support/launch-harness';
import { countNonces, createNonceFixture, insertNonces } from '../support/nonce.builder';
import { adminFetch, createRegistration } from '../support/registration.builder';
import { metricValue } from '../support/prometheus-text';
import { freePort } from '../support/free-port';
import { buildService, type ServiceBuild, ServiceProcess } from '../support/service-process';
import { openTestDataSource } from '../support/test-data-source';
import { testDatabaseUrl } from '../support/test-database';
import { testEnv } from '../support/test-env';

/**
 * Two instances of the service, compiled, as separate processes behind one "load balancer" (the same
 * PUBLIC_URL), sharing nothing but the database: no memory, no cache, no timer.
 */
const JWKS_MAX_AGE_SECONDS = 3;
const NONCES = 3000;
const BATCH_SIZE = 500;
const POLL_MS = 100;

async function waitFor(what: string, withinMs: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > withinMs) throw new Error(`${what}: not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return Date.now() - started;
}

async function distinctPorts(): Promise<[number, number]> {
  for (;;) {
    const [a, b] = [await freePort(), await freePort()];
    if (a !== b) return [a, b];
  }
}

function serviceEnv(port: number): Record<string, string> {
  const env = testEnv({
    PORT: String(port),
    PUBLIC_URL: TOOL_URL,
    DATABASE_URL: testDatabaseUrl(),
    LOG_LEVEL: 'info',
    MAINTENANCE_ENABLED: 'true',
    MAINTENANCE_INTERVAL_SECONDS: '1',
    MAINTENANCE_BATCH_SIZE: String(BATCH_SIZE),
    JWKS_MAX_AGE_SECONDS: String(JWKS_MAX_AGE_SECONDS),
  });
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

async function publishedKids(service: ServiceProcess): Promise<string[]> {
  const res = await fetch(`${service.url}/.well-known/jwks.json`);
  return ((await res.json()) as { keys: { kid: string }[] }).keys.map((key) => key.kid);
}

async function skippedCleanups(service: ServiceProcess): Promise<number> {
  const text = await (await fetch(`${service.url}/metrics`)).text();
  return metricValue(text, 'lti_maintenance_runs_total', { task: 'nonce-cleanup', outcome: 'skipped' });
}

async function maintenanceView(service: ServiceProcess): Promise<{ instanceId: string; tasks: TaskView[] }> {
  return (await (await adminFetch(service, 'GET', '/admin/maintenance')).json()) as {
    instanceId: string;
    tasks: TaskView[];
  };
}
interface TaskView {
  name: string;
  lastRun: { instanceId: string; outcome: string } | null;
  lastSkippedAt: string | null;
}

function postLaunch(service: ServiceProcess, form: Record<string, string>, cookie: string): Promise<Response> {
  return fetch(`${service.url}/lti/launch`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams(form).toString(),
  });
}

describe('two service processes on one database', () => {
  let a: ServiceProcess;
  let b: ServiceProcess;
  let platform: FakePlatform;
  let db: DataSource;
  let build: ServiceBuild;

  beforeAll(async () => {
    build = buildService();
    db = await openTestDataSource(2);
    platform = await FakePlatform.start();
    const [portA, portB] = await distinctPorts();
    [a, b] = await Promise.all([
      ServiceProcess.start(build.mainJs, serviceEnv(portA)),
      ServiceProcess.start(build.mainJs, serviceEnv(portB)),
    ]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await platform?.close();
    await db?.destroy();
    build?.remove();
  });

  it('a login on A and its launch on B succeed; A then serves the launch and refuses its replay', async () => {
    await createRegistration(a, {
      issuer: platform.issuer,
      clientId: platform.clientId,
      authEndpoint: platform.authEndpoint,
      jwksUri: platform.jwksUri,
      tokenEndpoint: platform.tokenEndpoint,
      deploymentIds: [platform.deploymentId],
    });
    const query = new URLSearchParams({
      iss: platform.issuer,
      client_id: platform.clientId,
      login_hint: 'hint-42',
      target_link_uri: LANDING_URL,
    });
    const login = await fetch(`${a.url}/lti/login?${query.toString()}`, { redirect: 'manual' });
    expect(login.status).toBe(302);
    const authorize = new URL(login.headers.get('location') ?? '');
    const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0];
    const nonce = authorize.searchParams.get('nonce') ?? '';
    const idToken = await platform.sign(platform.claims({ nonce, targetLinkUri: LANDING_URL }));
    const form = { id_token: idToken, state: authorize.searchParams.get('state') ?? '' };

    const launch = await postLaunch(b, form, cookie);
    expect(launch.status).toBe(302);
    const launchId = new URL(launch.headers.get('location') ?? '').searchParams.get('launch_id') ?? '';
    const context = await fetch(`${a.url}/lti/launches/${launchId}`);
    expect(context.status).toBe(200);
    expect(((await context.json()) as { user: { sub: string } }).user.sub).toBe('user-1234');

    const replay = await postLaunch(a, form, cookie);
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { error: { code: string } }).error.code).toBe('LTI_NONCE_INVALID');
  });

  it("a key rotation through A's admin API is in B's JWKS within JWKS_MAX_AGE_SECONDS", async () => {
    const registration = await createRegistration(a);
    await waitFor('B publishes the new registration key', JWKS_MAX_AGE_SECONDS * 1000, async () =>
      (await publishedKids(b)).includes(registration.kid),
    );
    const res = await adminFetch(a, 'POST', `/admin/registrations/${registration.id}/rotate-key`, {});
    expect(res.status).toBe(201);
    const { kid, previousKid } = (await res.json()) as { kid: string; previousKid: string };
    expect(previousKid).toBe(registration.kid);
    expect(await publishedKids(a)).toEqual(expect.arrayContaining([kid, previousKid]));

    const seenAfterMs = await waitFor("B publishes A's rotated key", JWKS_MAX_AGE_SECONDS * 1000, async () =>
      (await publishedKids(b)).includes(kid),
    );
    expect(await publishedKids(b)).toContain(previousKid);
    console.log(`rotation on A visible in B's JWKS after ${seenAfterMs} ms (max-age ${JWKS_MAX_AGE_SECONDS} s)`);
  });

  it('maintenance: both instances skip while the lock is held elsewhere; then one run does the work', async () => {
    const fixture = await createNonceFixture(db, 'instances');
    const lock = advisoryLockKey('nonce-cleanup');
    const holder = new Client({ connectionString: testDatabaseUrl() });
    await holder.connect();
    try {
      // Held like a third instance would hold it mid-run (same statement the instances use).
      await waitFor('the test takes the nonce-cleanup lock', 10_000, async () => {
        const { rows } = await holder.query(TRY_SESSION_LOCK_SQL, [lock.key, lock.classid, lock.objid]);
        return rows.length === 1 && (rows[0] as { acquired: boolean }).acquired;
      });
      await insertNonces(db, fixture, NONCES, new Date(Date.now() - 86_400_000));
      const before = await Promise.all([skippedCleanups(a), skippedCleanups(b)]);
      await waitFor('both instances skip two ticks', 15_000, async () => {
        const now = await Promise.all([skippedCleanups(a), skippedCleanups(b)]);
        return now[0] >= before[0] + 2 && now[1] >= before[1] + 2;
      });
      expect(await countNonces(db, fixture.issuer)).toBe(NONCES);
      // Both read the one shared record: every last run names one of the two instances.
      const views = await Promise.all([maintenanceView(a), maintenanceView(b)]);
      const instanceIds = views.map((view) => view.instanceId);
      expect(new Set(instanceIds).size).toBe(2);
      for (const view of views) {
        expect(view.tasks.find((task) => task.name === 'nonce-cleanup')?.lastSkippedAt).not.toBeNull();
        for (const task of view.tasks.filter((t) => t.name !== 'nonce-cleanup'))
          expect(instanceIds).toContain(task.lastRun?.instanceId);
      }
    } finally {
      await holder.query(SESSION_UNLOCK_SQL, [lock.key]);
      await holder.end();
    }
    const released = Date.now();

    const runsSinceRelease = (service: ServiceProcess): number[] =>
      service
        .find('maintenance task finished', { task: 'nonce-cleanup' })
        .filter((line) => Date.parse(line.time) >= released)
        .map((line) => (line.counts as { deleted: number }).deleted);
    await waitFor('the expired nonces are deleted', 15_000, async () => (await countNonces(db, fixture.issuer)) === 0);
    await waitFor('both instances run the task again', 10_000, () =>
      Promise.resolve(runsSinceRelease(a).length > 0 && runsSinceRelease(b).length > 0),
    );
    // One run took every batch of the NONCES rows; two runs at once would have shared them.
    const bulk = [a, b].map((service) => runsSinceRelease(service).filter((deleted) => deleted >= NONCES).length);
    expect(bulk.sort()).toEqual([0, 1]);
  });

  it('both exit with code 0 on SIGTERM (graceful shutdown)', async () => {
    const [exitA, exitB] = await Promise.all([a.stop(), b.stop()]);
    expect(exitA).toEqual({ code: 0, signal: null });
    expect(exitB).toEqual({ code: 0, signal: null });
    expect(a.find('shutting down')).toHaveLength(1);
  });
});
