import { LaunchesService } from '../../src/launch/launches.service';
import { MaintenanceRegistry } from '../../src/maintenance/maintenance.registry';
import { errorCode, LaunchHarness } from '../support/launch-harness';

describe('launch records: lifetime, the exported service, cleanup', () => {
  let h: LaunchHarness;
  beforeAll(async () => {
    h = await LaunchHarness.start({ LAUNCH_TTL_SECONDS: '120' });
  });
  afterAll(() => h.close());

  it('stores registration, deployment, message type, the validated claims and LAUNCH_TTL_SECONDS expiry', async () => {
    const platform = await h.platform();
    const { response } = await h.launch(platform);
    const id = LaunchHarness.launchId(response);
    const launch = await h.app.get(LaunchesService).get(id);
    expect(launch).toMatchObject({
      id,
      registrationId: platform.registration!.registrationId,
      deploymentId: platform.deploymentId,
      messageType: 'LtiResourceLinkRequest',
      registration: { issuer: platform.issuer, clientId: platform.clientId, tokenEndpoint: platform.tokenEndpoint },
    });
    expect(launch.claims.sub).toBe('user-1234');
    expect(launch.createdAt.getTime()).toBe(h.clock.nowMs());
    expect(launch.expiresAt.getTime() - launch.createdAt.getTime()).toBe(120_000);

    h.clock.advanceSeconds(121);
    try {
      await expect(h.app.get(LaunchesService).get(id)).rejects.toMatchObject({ code: 'LTI_LAUNCH_NOT_FOUND' });
    } finally {
      h.clock.advanceSeconds(-121);
    }
  });

  it('the cleanup task deletes expired records in batches, and only expired ones', async () => {
    const platform = await h.platform();
    const expiring: string[] = [];
    for (let i = 0; i < 5; i += 1) expiring.push(LaunchHarness.launchId((await h.launch(platform)).response));
    h.clock.advanceSeconds(100);
    const fresh = LaunchHarness.launchId((await h.launch(platform)).response);

    const task = h.app.get(MaintenanceRegistry).get('launch-cleanup')!;
    const now = new Date(h.clock.nowMs() + 30_000);
    const counts = await task.run({ manager: h.app.dataSource.manager, now, batchSize: 2 });
    expect(counts.deleted).toBeGreaterThanOrEqual(5);
    expect(counts.batches).toBeGreaterThanOrEqual(3);

    const rows = await h.app.dataSource.query<{ id: string }[]>('SELECT id FROM lti_launches WHERE id = ANY($1)', [
      [...expiring, fresh],
    ]);
    expect(rows.map((row) => row.id)).toEqual([fresh]);
    h.clock.advanceSeconds(-100);
    const res = await fetch(`${h.url}/lti/launches/${expiring[0]}`);
    expect(await errorCode(res)).toBe('LTI_LAUNCH_NOT_FOUND');
  });

  it('records go with their registration', async () => {
    const platform = await h.platform();
    const id = LaunchHarness.launchId((await h.launch(platform)).response);
    await h.app.dataSource.query('DELETE FROM platform_registrations WHERE id = $1', [
      platform.registration!.registrationId,
    ]);
    const rows = await h.app.dataSource.query<unknown[]>('SELECT id FROM lti_launches WHERE id = $1', [id]);
    expect(rows).toHaveLength(0);
  });
});
