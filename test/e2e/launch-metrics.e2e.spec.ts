import { errorCode, LaunchHarness } from '../support/launch-harness';

function sample(metrics: string, series: string): number {
  const line = metrics.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('launch flow metrics', () => {
  let h: LaunchHarness;
  beforeAll(async () => {
    h = await LaunchHarness.start();
  });
  afterAll(() => h.close());

  async function scrape(): Promise<string> {
    return (await fetch(`${h.url}/metrics`)).text();
  }

  it('counts logins, launches by outcome code and platform JWKS fetches', async () => {
    const before = await scrape();
    const platform = await h.platform();
    expect((await h.launch(platform)).response.status).toBe(302);
    expect((await h.launch(platform)).response.status).toBe(302);
    const rejected = await h.launch(platform, {
      claims: { 'https://purl.imsglobal.org/spec/lti/claim/version': '1.1' },
    });
    expect(await errorCode(rejected.response)).toBe('LTI_VERSION_UNSUPPORTED');
    const badLogin = await fetch(`${h.url}/lti/login?iss=${encodeURIComponent('https://nobody.example')}`);
    expect(badLogin.status).toBe(400);

    const after = await scrape();
    const delta = (series: string): number => sample(after, series) - sample(before, series);
    expect(delta('lti_launches_total{outcome="ok"}')).toBe(2);
    expect(delta('lti_launches_total{outcome="LTI_VERSION_UNSUPPORTED"}')).toBe(1);
    expect(delta('lti_logins_total{outcome="ok"}')).toBe(3);
    expect(delta('lti_logins_total{outcome="LTI_LOGIN_PARAMETER_MISSING"}')).toBe(1);
    expect(delta('lti_platform_jwks_fetches_total{outcome="ok"}')).toBe(platform.jwksFetches);
    expect(platform.jwksFetches).toBe(1);
  });
});
