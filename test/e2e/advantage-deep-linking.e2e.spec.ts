import { createRemoteJWKSet, jwtVerify } from 'jose';
import { LTI_CLAIM, ROLE } from '../support/fake-platform';
import { AdvantageHarness, type AdvantagePlatform, errorOf } from '../support/advantage.fixtures';

const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';
const RESOURCE_LINK = {
  type: 'ltiResourceLink',
  title: 'Chapter 5 quiz',
  lineItem: { scoreMaximum: 10, label: 'Chapter 5' },
  custom: { ch: '5' },
};

interface DeepLinkingBody {
  jwt: string;
  returnUrl: string;
  html: string;
}

describe('LTI Advantage: deep linking responses', () => {
  let a: AdvantageHarness;
  let p: AdvantagePlatform;
  let jwks: ReturnType<typeof createRemoteJWKSet>;

  beforeAll(async () => {
    a = await AdvantageHarness.start();
    p = await a.platform();
    jwks = createRemoteJWKSet(new URL(`${a.url}/.well-known/jwks.json`));
  });
  afterAll(() => a.close());

  const respond = (launchId: string, body: unknown, accept?: string): Promise<Response> =>
    a.api(launchId, 'POST', '/deep-linking-response', { body, accept });

  it('signs an LtiDeepLinkingResponse the platform verifies through our JWKS, echoing data verbatim', async () => {
    const launchId = await a.deepLinkingLaunch(p);
    const res = await respond(launchId, { contentItems: [RESOURCE_LINK], message: 'Added 1 item', log: 'picker v1' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as DeepLinkingBody;
    expect(body.returnUrl).toBe(`${p.platform.url}/deep_links?course=1`);
    const { payload, protectedHeader } = await jwtVerify(body.jwt, jwks, {
      algorithms: ['RS256'],
      issuer: p.platform.clientId,
      audience: p.platform.issuer,
      currentDate: new Date(a.h.clock.nowMs()),
    });
    expect(protectedHeader.kid).toBe(p.registration.kid);
    expect(payload).toMatchObject({
      [`${LTI_CLAIM}deployment_id`]: p.platform.deploymentId,
      [`${LTI_CLAIM}message_type`]: 'LtiDeepLinkingResponse',
      [`${LTI_CLAIM}version`]: '1.3.0',
      [`${DL}content_items`]: [RESOURCE_LINK],
      [`${DL}data`]: 'csrf-token-<&>"\'',
      [`${DL}msg`]: 'Added 1 item',
      [`${DL}log`]: 'picker v1',
    });
    expect(payload.aud).toBe(p.platform.issuer);
    expect(typeof payload.nonce).toBe('string');
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(300);
    expect(payload[`${DL}errormsg`]).toBeUndefined();
  });

  it('delivers the JWT in an escaped, auto-submitting form with a no-script button', async () => {
    const launchId = await a.deepLinkingLaunch(p);
    const body = (await (await respond(launchId, { contentItems: [] })).json()) as DeepLinkingBody;
    expect(body.html).toContain(`action="${p.platform.url}/deep_links?course=1"`);
    expect(body.html).toContain(`name="JWT" value="${body.jwt}"`);
    expect(body.html).toContain('<noscript>');
    expect(body.html).toMatch(/Content-Security-Policy" content="[^"]*form-action http:\/\/127\.0\.0\.1:\d+/);
  });

  it('with Accept: text/html answers the page itself under a CSP allowing only its script hash and the return origin', async () => {
    const launchId = await a.deepLinkingLaunch(p);
    const res = await respond(
      launchId,
      { contentItems: [{ type: 'link', url: 'https://example.org/x', title: 'X' }] },
      'text/html',
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`form-action ${p.platform.url}`);
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toMatch(/<form id="lti-dl-return" method="post" action="[^"]+"/);
  });

  it('the request\u2019s data is echoed exactly, whatever it holds; absent data is not invented', async () => {
    const data = JSON.stringify({ nested: ['x', 1], 'weird key': '\u00e9\u2028' });
    const withData = await a.deepLinkingLaunch(p, { data });
    const jwt = ((await (await respond(withData, { contentItems: [] })).json()) as DeepLinkingBody).jwt;
    const { payload } = await jwtVerify(jwt, jwks, { currentDate: new Date(a.h.clock.nowMs()) });
    expect(payload[`${DL}data`]).toBe(data);

    const withoutData = await a.deepLinkingLaunch(p, { data: undefined });
    const jwt2 = (
      (await (
        await respond(withoutData, { contentItems: [], errorMessage: 'nothing', errorLog: 'none' })
      ).json()) as DeepLinkingBody
    ).jwt;
    const { payload: payload2 } = await jwtVerify(jwt2, jwks, { currentDate: new Date(a.h.clock.nowMs()) });
    expect(`${DL}data` in payload2).toBe(false);
    expect(payload2).toMatchObject({ [`${DL}errormsg`]: 'nothing', [`${DL}errorlog`]: 'none' });
  });

  it('gives one response per launch, also under concurrency', async () => {
    const launchId = await a.deepLinkingLaunch(p);
    expect((await respond(launchId, { contentItems: [RESOURCE_LINK] })).status).toBe(200);
    expect(await errorOf(await respond(launchId, { contentItems: [RESOURCE_LINK] }))).toEqual({
      status: 409,
      code: 'DEEP_LINKING_ALREADY_RESPONDED',
    });

    const raced = await a.deepLinkingLaunch(p);
    const results = await Promise.all(
      Array.from({ length: 4 }, () => respond(raced, { contentItems: [RESOURCE_LINK] })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
  });

  it.each([
    ['a type not in accept_types', { accept_types: ['link'] }, [RESOURCE_LINK], 'DEEP_LINKING_ITEM_TYPE_NOT_ACCEPTED'],
    ['two items without accept_multiple', {}, [RESOURCE_LINK, RESOURCE_LINK], 'DEEP_LINKING_MULTIPLE_NOT_ACCEPTED'],
    [
      'two items with accept_multiple absent',
      { accept_multiple: undefined },
      [RESOURCE_LINK, RESOURCE_LINK],
      'DEEP_LINKING_MULTIPLE_NOT_ACCEPTED',
    ],
    [
      'an iframe item when only window is accepted',
      { accept_presentation_document_targets: ['window'] },
      [{ ...RESOURCE_LINK, iframe: { width: 300 } }],
      'DEEP_LINKING_PRESENTATION_NOT_ACCEPTED',
    ],
    ['a link without url', {}, [{ type: 'link', title: 'x' }], 'DEEP_LINKING_ITEM_INVALID'],
    ['a javascript: url', {}, [{ type: 'link', url: 'javascript:alert(1)' }], 'DEEP_LINKING_ITEM_INVALID'],
    ['an item without type', {}, [{ title: 'x' }], 'DEEP_LINKING_ITEM_INVALID'],
  ])('refuses %s with 400 %s, leaving the response slot unused', async (_case, settings, contentItems, code) => {
    const launchId = await a.deepLinkingLaunch(p, settings);
    expect(await errorOf(await respond(launchId, { contentItems }))).toEqual({ status: 400, code });
    expect((await respond(launchId, { contentItems: [] })).status).toBe(200);
  });

  it('accepts several items when accept_multiple is true', async () => {
    const launchId = await a.deepLinkingLaunch(p, { accept_multiple: true });
    const link = { type: 'link', url: 'https://example.org/a', title: 'A' };
    expect((await respond(launchId, { contentItems: [RESOURCE_LINK, link] })).status).toBe(200);
  });

  it('refuses a body that is not { contentItems: [...] } with VALIDATION_FAILED', async () => {
    const launchId = await a.deepLinkingLaunch(p);
    expect(await errorOf(await respond(launchId, { contentItems: 'x' }))).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    expect(await errorOf(await respond(launchId, { contentItems: [1] }))).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    expect(await errorOf(await respond(launchId, { contentItems: [], jwt: 'x' }))).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
  });

  it('a resource link launch cannot answer deep linking (400 DEEP_LINKING_NOT_ALLOWED)', async () => {
    const launchId = await a.launch(p);
    expect(await errorOf(await respond(launchId, { contentItems: [] }))).toEqual({
      status: 400,
      code: 'DEEP_LINKING_NOT_ALLOWED',
    });
  });

  it('needs the launch\u2019s own bearer', async () => {
    const launchId = await a.deepLinkingLaunch(p);
    const other = await a.deepLinkingLaunch(p);
    const anonymous = await a.api(launchId, 'POST', '/deep-linking-response', {
      body: { contentItems: [] },
      bearer: null,
    });
    expect(await errorOf(anonymous)).toEqual({ status: 401, code: 'ADVANTAGE_LAUNCH_UNAUTHORIZED' });
    const foreign = await a.api(launchId, 'POST', '/deep-linking-response', {
      body: { contentItems: [] },
      bearer: other,
    });
    expect(await errorOf(foreign)).toEqual({ status: 403, code: 'ADVANTAGE_LAUNCH_MISMATCH' });
    expect((await respond(launchId, { contentItems: [] })).status).toBe(200);
  });

  it('serves the minimal picker page for a deep linking launch, offering the accepted types, under a strict CSP', async () => {
    const launchId = await a.deepLinkingLaunch(p, { accept_types: ['ltiResourceLink', 'file'], title: 'Pick <one>' }, [
      ROLE.instructor,
    ]);
    const res = await fetch(`${a.url}/lti/launches/${launchId}/deep-linking`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain(`form-action ${p.platform.url}`);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await res.text();
    expect(html).toContain('value="ltiResourceLink"');
    expect(html).not.toContain('value="link"');
    expect(html).toContain('Pick &#60;one&#62;');
    expect(html).toContain(`data-launch="${launchId}"`);

    const plain = await a.launch(p);
    const refused = await fetch(`${a.url}/lti/launches/${plain}/deep-linking`, { headers: { accept: 'text/html' } });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('DEEP_LINKING_NOT_ALLOWED');
  });
});
