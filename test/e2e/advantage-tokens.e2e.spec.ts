import { decodeJwt, decodeProtectedHeader } from 'jose';
import { AGS_SCOPE, NRPS_SCOPE } from '../support/fake-platform-services';
import { AdvantageHarness, type AdvantagePlatform, errorOf } from '../support/advantage.fixtures';

const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * OAuth2 service tokens against a fake platform whose token endpoint verifies our client
 * assertions through our JWKS over HTTP. PLATFORM_REQUEST_TIMEOUT_MS is low so the timeout case
 * is quick; expiry is driven by the harness's FixedClock (no sleeping).
 */
describe('LTI Advantage: OAuth2 service tokens (RFC 7523 client assertion)', () => {
  let a: AdvantageHarness;
  beforeAll(async () => {
    a = await AdvantageHarness.start({ PLATFORM_REQUEST_TIMEOUT_MS: '300', PLATFORM_REQUEST_RETRIES: '2' });
  });
  afterAll(() => a.close());

  /** Each test gets its own registration, so its own token cache and counters. */
  async function readyLaunch(): Promise<{ p: AdvantagePlatform; launchId: string; lineItem: string }> {
    const p = await a.platform();
    const lineItem = p.services.addLineItem('Quiz', 10);
    const launchId = await a.serviceLaunch(p, { lineItem });
    return { p, launchId, lineItem };
  }

  const readLineItem = (launchId: string): Promise<Response> => a.api(launchId, 'GET', '/ags/lineitem');

  it('sends a client assertion the platform verifies through our JWKS: iss = sub = client_id, aud = token URL, unique jti, short exp, our kid', async () => {
    const { p, launchId } = await readyLaunch();
    expect((await readLineItem(launchId)).status).toBe(200);
    expect((await a.api(launchId, 'GET', '/members')).status).toBe(200);
    const accepted = p.services.tokenRequests.filter((r) => r.status === 200);
    expect(accepted).toHaveLength(2); // one per scope set
    expect(accepted.map((r) => r.scope).sort()).toEqual([AGS_SCOPE.lineItemReadOnly, NRPS_SCOPE]);
    for (const record of accepted) {
      const header = decodeProtectedHeader(record.assertion);
      const claims = decodeJwt(record.assertion);
      expect(header).toMatchObject({ alg: 'RS256', kid: p.registration.kid });
      expect(claims).toMatchObject({
        iss: p.platform.clientId,
        sub: p.platform.clientId,
        aud: p.services.tokenEndpoint,
      });
      expect(typeof claims.aud).toBe('string');
      expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(300);
      expect(claims.iat).toBe(a.h.clock.nowSeconds());
      expect(Buffer.from(String(claims.jti), 'base64url').length).toBeGreaterThanOrEqual(16);
    }
    expect(accepted[0].jti).not.toBe(accepted[1].jti);
  });

  it('the fake platform refuses a replayed assertion (reused jti), so every assertion we send must be fresh', async () => {
    const { p, launchId } = await readyLaunch();
    expect((await readLineItem(launchId)).status).toBe(200);
    const [sent] = p.services.tokenRequests;
    const replay = await p.services.postToken({
      grant_type: 'client_credentials',
      client_assertion_type: CLIENT_ASSERTION_TYPE,
      client_assertion: sent.assertion,
      scope: sent.scope,
    });
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('reuses a cached token for many calls and shares one token request among concurrent callers', async () => {
    const { p, launchId } = await readyLaunch();
    const results = await Promise.all(Array.from({ length: 8 }, () => readLineItem(launchId)));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    for (let i = 0; i < 5; i++) expect((await readLineItem(launchId)).status).toBe(200);
    expect(p.services.tokenRequests).toHaveLength(1);
    expect(p.services.requestsTo('/ags/')).toHaveLength(13);
  });

  it('requests a new token shortly before the cached one expires (clock moved, no sleeping)', async () => {
    const { p, launchId } = await readyLaunch();
    p.services.tokenLifetimeSeconds = 600; // refreshed 60 s before expiry
    expect((await readLineItem(launchId)).status).toBe(200);
    a.h.clock.advanceSeconds(530);
    expect((await readLineItem(launchId)).status).toBe(200);
    expect(p.services.tokenRequests).toHaveLength(1);
    a.h.clock.advanceSeconds(15);
    expect((await readLineItem(launchId)).status).toBe(200);
    expect(p.services.tokenRequests).toHaveLength(2);
    expect(p.services.tokenRequests.every((r) => r.status === 200)).toBe(true);
  });

  it('after a key rotation the next assertion carries the new kid and still verifies through our JWKS', async () => {
    const { p, launchId } = await readyLaunch();
    expect((await readLineItem(launchId)).status).toBe(200);
    const rotation = await a.rotateKey(p.registration.id);
    expect(rotation.status).toBe(201);
    const { kid: newKid } = (await rotation.json()) as { kid: string };
    expect(newKid).not.toBe(p.registration.kid);
    // A new scope set needs a new token: signed now, with the new key.
    expect((await a.api(launchId, 'GET', '/members')).status).toBe(200);
    const kids = p.services.tokenRequests.map((r) => ({ kid: r.kid, status: r.status }));
    expect(kids).toEqual([
      { kid: p.registration.kid, status: 200 },
      { kid: newKid, status: 200 },
    ]);
    // The old kid stays published: a platform still holding the previous assertion can verify it.
    const jwks = (await (await fetch(`${a.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([p.registration.kid, newKid]));
  });

  it('a token refused for a wrong aud, or because our assertion looks expired to the platform, is 502 PLATFORM_TOKEN_REJECTED', async () => {
    const wrongAud = await readyLaunch();
    wrongAud.p.services.expectedAudience = `${wrongAud.p.services.url}/oauth2/token`;
    expect(await errorOf(await readLineItem(wrongAud.launchId))).toEqual({
      status: 502,
      code: 'PLATFORM_TOKEN_REJECTED',
    });
    expect(wrongAud.p.services.tokenRequests.map((r) => r.status)).toEqual([401]); // 4xx: never retried

    const expired = await readyLaunch();
    expired.p.services.clockOffsetSeconds = 301;
    const res = await readLineItem(expired.launchId);
    const text = await res.text();
    expect(res.status).toBe(502);
    expect(JSON.parse(text).error.code).toBe('PLATFORM_TOKEN_REJECTED');
    expect(expired.p.services.tokenRequests.map((r) => r.error)).toEqual(['invalid_grant']);
    // The OAuth error code goes to the log only, never to the client.
    expect(text).not.toContain('invalid_grant');
    expect(
      a.h.app.logs.some((line) => line.includes('PLATFORM_TOKEN_REJECTED') && line.includes('invalid_grant')),
    ).toBe(true);
  });

  it('a platform 401 at the token endpoint is PLATFORM_TOKEN_REJECTED after one attempt', async () => {
    const { p, launchId } = await readyLaunch();
    p.services.fault({ path: '/token', status: 401 });
    expect(await errorOf(await readLineItem(launchId))).toEqual({ status: 502, code: 'PLATFORM_TOKEN_REJECTED' });
    expect(p.services.hitCount('/token')).toBe(1); // 4xx: never retried
    expect(p.services.hitCount('/ags/')).toBe(0);
  });

  it('a platform 500 is retried (PLATFORM_REQUEST_RETRIES) then mapped to 503 PLATFORM_UNAVAILABLE; a transient one is absorbed', async () => {
    const { p, launchId } = await readyLaunch();
    p.services.fault({ path: '/ags/', status: 500 });
    expect(await errorOf(await readLineItem(launchId))).toEqual({ status: 503, code: 'PLATFORM_UNAVAILABLE' });
    expect(p.services.hitCount('/ags/')).toBe(3); // first attempt + 2 retries
    p.services.clearFaults();
    p.services.fault({ path: '/token', status: 500, times: 1 });
    p.services.fault({ path: '/nrps/', status: 503, times: 2 });
    const absorbed = await a.api(launchId, 'GET', '/members');
    expect(absorbed.status).toBe(200);
    expect(p.services.hitCount('/token')).toBe(3); // the AGS token, then a 500 and its retry for the NRPS scope
    expect(p.services.hitCount('/nrps/')).toBe(3); // two 503s, then the answer
  });

  it('a platform that never answers is 504 PLATFORM_TIMEOUT after the bounded retries', async () => {
    const { p, launchId } = await readyLaunch();
    expect((await readLineItem(launchId)).status).toBe(200);
    p.services.fault({ path: '/ags/', hang: true });
    const before = p.services.hitCount('/ags/');
    expect(await errorOf(await readLineItem(launchId))).toEqual({ status: 504, code: 'PLATFORM_TIMEOUT' });
    expect(p.services.hitCount('/ags/') - before).toBe(3); // first attempt + 2 retries, each cut at 300 ms
  });

  it('a service 401 drops the cached token and retries once with a fresh one; a persistent 403 is PLATFORM_ACCESS_DENIED', async () => {
    const { p, launchId } = await readyLaunch();
    expect((await readLineItem(launchId)).status).toBe(200);
    p.services.fault({ path: '/ags/', status: 401, times: 1 });
    expect((await readLineItem(launchId)).status).toBe(200);
    expect(p.services.tokenRequests).toHaveLength(2);
    p.services.fault({ path: '/ags/', status: 403 });
    expect(await errorOf(await readLineItem(launchId))).toEqual({ status: 502, code: 'PLATFORM_ACCESS_DENIED' });
  });
});
