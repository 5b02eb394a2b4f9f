import type { FakePlatform } from '../support/fake-platform';
import { registerFakePlatform } from '../support/launch-fixtures';
import { type ErrorBody, errorCode, LANDING_URL, LaunchHarness, TOOL_URL } from '../support/launch-harness';

describe('LTI 1.3 OIDC login initiation: failures and options', () => {
  let h: LaunchHarness;
  let platform: FakePlatform;
  beforeAll(async () => {
    h = await LaunchHarness.start();
    platform = await h.platform();
  });
  afterAll(() => h.close());

  const valid = (): Record<string, string> => ({
    iss: platform.issuer,
    client_id: platform.clientId,
    login_hint: 'hint',
    target_link_uri: LANDING_URL,
  });

  it.each(['iss', 'login_hint', 'target_link_uri'])(
    'without %s → 400 LTI_LOGIN_PARAMETER_MISSING naming it',
    async (parameter) => {
      const response = await h.startLogin({ ...valid(), [parameter]: undefined });
      expect(response.status).toBe(400);
      const body = (await response.json()) as ErrorBody;
      expect(body.error.code).toBe('LTI_LOGIN_PARAMETER_MISSING');
      expect(body.error.details).toEqual({ parameter });
    },
  );

  it('a repeated or oversized parameter → 400 LTI_LOGIN_PARAMETER_INVALID', async () => {
    const query = new URLSearchParams(valid());
    query.append('iss', 'https://other.example.edu');
    const repeated = await fetch(`${h.url}/lti/login?${query.toString()}`, { redirect: 'manual' });
    expect(await errorCode(repeated)).toBe('LTI_LOGIN_PARAMETER_INVALID');
    const long = await h.startLogin({ ...valid(), target_link_uri: `${LANDING_URL}?${'x'.repeat(2100)}` });
    expect(await errorCode(long)).toBe('LTI_LOGIN_PARAMETER_INVALID');
  });

  it('an unknown (issuer, client_id) → 400 LTI_REGISTRATION_NOT_FOUND with what to register', async () => {
    const response = await h.startLogin({ ...valid(), client_id: 'unregistered-client' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe('LTI_REGISTRATION_NOT_FOUND');
    expect(body.error.details).toEqual({ issuer: platform.issuer, clientId: 'unregistered-client' });
  });

  it('the admin in front of the LMS gets an escaped page naming the issuer and client_id to register', async () => {
    const response = await h.startLogin(
      { ...valid(), iss: 'https://lms.example.edu/<b>x</b>', client_id: '"><img src=x>' },
      'POST',
      'text/html',
    );
    expect(response.status).toBe(400);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toContain('LTI_REGISTRATION_NOT_FOUND');
    expect(html).toContain('https://lms.example.edu/&#60;b&#62;x&#60;/b&#62;');
    expect(html).toContain('&#34;&#62;&#60;img src=x&#62;');
    expect(html).not.toContain('<img');
    expect(html).toContain('/admin/registrations');
  });

  it('an issuer with several registrations and no client_id → REGISTRATION_CLIENT_ID_REQUIRED; with client_id it works', async () => {
    const shared = await h.platform();
    await registerFakePlatform(h.app.dataSource, shared, { clientId: `${shared.clientId}-second` });
    const ambiguous = await h.startLogin({ ...valid(), iss: shared.issuer, client_id: undefined });
    expect(ambiguous.status).toBe(400);
    expect(await errorCode(ambiguous)).toBe('REGISTRATION_CLIENT_ID_REQUIRED');
    const login = await h.login(shared, { client_id: `${shared.clientId}-second` });
    expect(login.location.searchParams.get('client_id')).toBe(`${shared.clientId}-second`);
  });

  it.each([
    ['another origin', 'https://evil.example.com/lti/app'],
    ['a prefix of our origin', `${TOOL_URL}.evil.com/lti/app`],
    ['user info before another host', 'https://tool.example.test@evil.com/lti/app'],
    ['credentials on our origin', 'https://user:pw@tool.example.test/lti/app'],
    ['another scheme', 'javascript:alert(1)'],
    ['http instead of https', 'http://tool.example.test/lti/app'],
    ['not a URL', 'lti/app'],
  ])('a target_link_uri on %s → 400 LTI_TARGET_LINK_URI_NOT_ALLOWED', async (_label, target) => {
    const response = await h.startLogin({ ...valid(), target_link_uri: target });
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe('LTI_TARGET_LINK_URI_NOT_ALLOWED');
  });

  it('an unknown lti_deployment_id → 400 LTI_DEPLOYMENT_UNKNOWN naming what to add', async () => {
    const response = await h.startLogin({ ...valid(), lti_deployment_id: 'not-yet-added' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe('LTI_DEPLOYMENT_UNKNOWN');
    expect(body.error.details).toEqual({
      issuer: platform.issuer,
      clientId: platform.clientId,
      deploymentId: 'not-yet-added',
    });
  });

  it('no lti_message_hint sent → none echoed', async () => {
    const login = await h.login(platform);
    expect(login.location.searchParams.has('lti_message_hint')).toBe(false);
  });

  it('GET /lti/setup lists what to paste into an LMS (JSON, and HTML for browsers)', async () => {
    const json = (await (await fetch(`${h.url}/lti/setup`)).json()) as Record<string, unknown>;
    expect(json).toMatchObject({
      loginUrl: `${TOOL_URL}/lti/login`,
      redirectUri: `${TOOL_URL}/lti/launch`,
      jwksUrl: `${TOOL_URL}/.well-known/jwks.json`,
      targetLinkUri: `${TOOL_URL}/lti/app`,
      canvasConfigUrl: `${TOOL_URL}/lti/config.json`,
      domain: 'tool.example.test',
    });
    const page = await fetch(`${h.url}/lti/setup`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).toContain(`${TOOL_URL}/lti/login`);
  });

  it('GET /lti/config.json is a Canvas-style tool configuration', async () => {
    const config = (await (await fetch(`${h.url}/lti/config.json`)).json()) as Record<string, unknown>;
    expect(config).toMatchObject({
      oidc_initiation_url: `${TOOL_URL}/lti/login`,
      target_link_uri: `${TOOL_URL}/lti/app`,
      public_jwk_url: `${TOOL_URL}/.well-known/jwks.json`,
    });
    const [extension] = config.extensions as {
      platform: string;
      settings: { placements: { message_type: string }[] };
    }[];
    expect(extension.platform).toBe('canvas.instructure.com');
    expect(extension.settings.placements.map((p) => p.message_type)).toContain('LtiDeepLinkingRequest');
  });
});

describe('LTI 1.3 login options', () => {
  it('ALLOWED_TARGET_ORIGINS lets a launch end on the front end origin; STATE_COOKIE_SECURE=false uses SameSite=Lax', async () => {
    const h = await LaunchHarness.start({
      ALLOWED_TARGET_ORIGINS: 'https://app.example.test',
      STATE_COOKIE_SECURE: 'false',
    });
    try {
      const platform = await h.platform();
      const target = 'https://app.example.test/course?x=1';
      const { response, login } = await h.launch(platform, { targetLinkUri: target });
      expect(login.setCookie).toMatch(/SameSite=Lax/i);
      expect(login.setCookie).not.toMatch(/Secure/);
      expect(response.status).toBe(302);
      const location = new URL(response.headers.get('location') ?? '');
      expect(`${location.origin}${location.pathname}`).toBe('https://app.example.test/course');
      expect(location.searchParams.get('x')).toBe('1');
      expect(location.searchParams.get('launch_id')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    } finally {
      await h.close();
    }
  });
});
