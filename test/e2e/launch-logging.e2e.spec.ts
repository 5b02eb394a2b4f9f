import { LaunchHarness } from '../support/launch-harness';

describe('launch credentials stay out of the logs', () => {
  let h: LaunchHarness;
  beforeAll(async () => {
    h = await LaunchHarness.start({ LOG_LEVEL: 'info' });
  });
  afterAll(() => h.close());

  it('logs route patterns, never the launch id, the id_token or the state', async () => {
    const platform = await h.platform();
    const { response, token, login } = await h.launch(platform);
    expect(response.status).toBe(302);
    const launchId = LaunchHarness.launchId(response);
    expect(launchId.length).toBeGreaterThanOrEqual(22);

    expect((await fetch(`${h.url}/lti/launches/${launchId}`)).status).toBe(200);
    expect((await fetch(`${h.url}/lti/launches/${launchId}/nope`)).status).toBe(404);
    expect((await fetch(`${h.url}/lti/app?launch_id=${launchId}`)).status).toBe(200);

    const logs = h.app.logs.join('\n');
    expect(logs).toContain('"path":"/lti/launches/:id"');
    expect(logs).toContain('"path":"/lti/launch"');
    for (const secret of [launchId, token, login.state]) {
      expect(h.app.logs.filter((line) => line.includes(secret))).toEqual([]);
    }
  });
});
