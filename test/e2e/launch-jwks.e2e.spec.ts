import type { ServerResponse } from 'node:http';
import { registerFakePlatform } from '../support/launch-fixtures';
import { errorCode, LaunchHarness } from '../support/launch-harness';

describe('platform JWKS: fetched once, refetched on rotation, failures closed (cooldown 0)', () => {
  let h: LaunchHarness;
  beforeAll(async () => {
    h = await LaunchHarness.start({ PLATFORM_JWKS_COOLDOWN_SECONDS: '0', PLATFORM_JWKS_TIMEOUT_MS: '200' });
  });
  afterAll(() => h.close());

  it('many launches fetch the JWKS once; a key rotation costs exactly one more fetch', async () => {
    const platform = await h.platform();
    for (let i = 0; i < 8; i += 1) expect((await h.launch(platform)).response.status).toBe(302);
    expect(platform.jwksFetches).toBe(1);

    await platform.rotateKey();
    for (let i = 0; i < 4; i += 1) expect((await h.launch(platform)).response.status).toBe(302);
    expect(platform.jwksFetches).toBe(2);
  });

  it('a kid still unknown after the refetch → LTI_ID_TOKEN_KID_UNKNOWN', async () => {
    const platform = await h.platform();
    expect((await h.launch(platform)).response.status).toBe(302);
    const { response } = await h.launch(platform, { header: { kid: 'retired-long-ago' } });
    expect(await errorCode(response)).toBe('LTI_ID_TOKEN_KID_UNKNOWN');
    expect(platform.jwksFetches).toBe(2);
  });

  const failures: [string, number, string, (response: ServerResponse) => void][] = [
    ['a 500 answer', 502, 'LTI_PLATFORM_JWKS_UNAVAILABLE', (r) => r.writeHead(500).end('oops')],
    [
      'a body that is not JSON',
      502,
      'LTI_PLATFORM_JWKS_INVALID',
      (r) => r.writeHead(200, { 'content-type': 'application/json' }).end('{"keys": ['),
    ],
    ['JSON that is not a key set', 502, 'LTI_PLATFORM_JWKS_INVALID', (r) => r.writeHead(200).end('{"keys": "none"}')],
    [
      'a key set over the size limit',
      502,
      'LTI_PLATFORM_JWKS_INVALID',
      (r) => r.writeHead(200).end(`{"keys": [], "pad": "${'x'.repeat(300_000)}"}`),
    ],
    ['no answer within the timeout', 502, 'LTI_PLATFORM_JWKS_UNAVAILABLE', (r) => r.writeHead(200).write('{"keys"')],
  ];

  it.each(failures)(
    '%s fails the launch closed (%i %s), and the launch works once the platform recovers',
    async (_label, status, code, responder) => {
      const platform = await h.platform();
      platform.jwksResponder = responder;
      const failed = await h.launch(platform);
      expect(failed.response.status).toBe(status);
      expect(await errorCode(failed.response)).toBe(code);
      platform.jwksResponder = undefined;
      expect((await h.launch(platform)).response.status).toBe(302);
    },
  );

  it('an unreachable JWKS URL → 502 LTI_PLATFORM_JWKS_UNAVAILABLE', async () => {
    const platform = await h.platform({ register: false });
    await registerFakePlatform(h.app.dataSource, platform, { jwksUri: 'http://127.0.0.1:9/jwks' });
    const { response } = await h.launch(platform);
    expect(response.status).toBe(502);
    expect(await errorCode(response)).toBe('LTI_PLATFORM_JWKS_UNAVAILABLE');
  });
});

describe('platform JWKS with the default cooldown (30 s)', () => {
  let h: LaunchHarness;
  beforeAll(async () => {
    h = await LaunchHarness.start();
  });
  afterAll(() => h.close());

  it('bogus kids cannot make the tool refetch: an unknown kid within the cooldown fails without a fetch', async () => {
    const platform = await h.platform();
    expect((await h.launch(platform)).response.status).toBe(302);
    for (let i = 0; i < 5; i += 1) {
      const { response } = await h.launch(platform, { header: { kid: `bogus-${i}` } });
      expect(await errorCode(response)).toBe('LTI_ID_TOKEN_KID_UNKNOWN');
    }
    expect(platform.jwksFetches).toBe(1);
  });

  it('a failed fetch is not retried within the cooldown', async () => {
    const platform = await h.platform();
    platform.jwksResponder = (r) => r.writeHead(503).end();
    for (let i = 0; i < 3; i += 1) {
      const { response } = await h.launch(platform);
      expect(await errorCode(response)).toBe('LTI_PLATFORM_JWKS_UNAVAILABLE');
    }
    expect(platform.jwksFetches).toBe(1);
  });
});
