import { createHash } from 'node:crypto';
import { LTI_CLAIM, ROLE } from '../support/fake-platform';
import { errorCode, LANDING_URL, LaunchHarness, TOOL_URL } from '../support/launch-harness';

interface LaunchContextBody {
  id: string;
  messageType: string;
  user: Record<string, unknown>;
  roles: Record<string, unknown>;
  context: Record<string, unknown> | null;
  resourceLink: Record<string, unknown> | null;
  deployment: { deploymentId: string };
  platform: Record<string, unknown>;
  custom: Record<string, unknown>;
  launchPresentation: Record<string, unknown> | null;
  services: { grades: unknown; roster: unknown; deepLinking: Record<string, unknown> | null };
}

describe('LTI 1.3 launch: valid flows over HTTP', () => {
  let h: LaunchHarness;
  beforeAll(async () => {
    h = await LaunchHarness.start();
  });
  afterAll(() => h.close());

  async function contextOf(response: Response): Promise<LaunchContextBody> {
    expect(response.status).toBe(302);
    const res = await fetch(`${h.url}/lti/launches/${LaunchHarness.launchId(response)}`);
    expect(res.status).toBe(200);
    return (await res.json()) as LaunchContextBody;
  }

  it('login by GET redirects to the auth endpoint with every OIDC parameter and sets a per-login state cookie', async () => {
    const platform = await h.platform();
    const login = await h.login(platform, {
      lti_message_hint: 'msg-7',
      lti_deployment_id: platform.deploymentId,
      extra: 'ignored',
    });
    const params = Object.fromEntries(login.location.searchParams);
    expect(login.location.origin + login.location.pathname).toBe(`${platform.url}/auth`);
    expect(params).toEqual({
      tenant: 'fake',
      scope: 'openid',
      response_type: 'id_token',
      response_mode: 'form_post',
      prompt: 'none',
      client_id: platform.clientId,
      redirect_uri: `${TOOL_URL}/lti/launch`,
      login_hint: 'hint-42',
      lti_message_hint: 'msg-7',
      state: login.state,
      nonce: login.nonce,
    });
    expect(Buffer.from(login.nonce, 'base64url').length).toBeGreaterThanOrEqual(16);
    const hash = createHash('sha256').update(login.state).digest('hex');
    expect(login.cookieName).toBe(`lti_state_${hash.slice(0, 16)}`);
    expect(login.setCookie).toMatch(/HttpOnly/i);
    expect(login.setCookie).toMatch(/Secure/);
    expect(login.setCookie).toMatch(/SameSite=None/i);
    expect(login.setCookie).toMatch(/Path=\/lti/);
    expect(login.setCookie).toMatch(/Max-Age=600/);
  });

  it('login by form POST and without client_id (unambiguous issuer) works too', async () => {
    const platform = await h.platform();
    const login = await h.login(platform, { client_id: undefined }, 'POST');
    expect(login.location.searchParams.get('client_id')).toBe(platform.clientId);
  });

  it('an instructor launch redirects to the target with launch_id, clears the cookie, and exposes the context', async () => {
    const platform = await h.platform();
    const { response, login } = await h.launch(platform);
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe(LANDING_URL);
    expect(Buffer.from(LaunchHarness.launchId(response), 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(response.headers.getSetCookie().join()).toMatch(
      new RegExp(`${login.cookieName}=;.*(Expires=Thu, 01 Jan 1970|Max-Age=0)`),
    );

    const context = await contextOf(response);
    expect(context.messageType).toBe('LtiResourceLinkRequest');
    expect(context.user).toMatchObject({
      sub: 'user-1234',
      name: 'Ada Lovelace',
      email: 'ada@example.edu',
      givenName: 'Ada',
    });
    expect(context.roles).toMatchObject({
      instructor: true,
      learner: false,
      administrator: false,
      context: ['Instructor'],
    });
    expect(context.context).toEqual({
      id: 'course-1',
      label: 'CS101',
      title: 'Introduction to Computing',
      type: ['CourseOffering'],
    });
    expect(context.resourceLink).toEqual({ id: 'link-1', title: 'Week 1 quiz' });
    expect(context.deployment).toEqual({ deploymentId: platform.deploymentId });
    expect(context.platform).toMatchObject({
      issuer: platform.issuer,
      clientId: platform.clientId,
      name: 'Fake LMS',
      productFamilyCode: 'fake',
    });
    expect(context.custom).toEqual({ course_code: 'CS101' });
    expect(context.launchPresentation).toMatchObject({ documentTarget: 'iframe' });
    expect(context.services).toEqual({ grades: null, roster: null, deepLinking: null });
  });

  it('a learner launch with grade and roster services says which services it offers', async () => {
    const platform = await h.platform();
    const { response } = await h.launch(platform, {
      claims: {
        [`${LTI_CLAIM}roles`]: [ROLE.learner, ROLE.institutionStudent],
        'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': {
          scope: ['https://purl.imsglobal.org/spec/lti-ags/scope/score'],
          lineitems: `${platform.url}/lineitems`,
          lineitem: `${platform.url}/lineitems/1`,
        },
        'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice': {
          context_memberships_url: `${platform.url}/memberships`,
          service_versions: ['2.0'],
        },
      },
    });
    const context = await contextOf(response);
    expect(context.roles).toMatchObject({ learner: true, instructor: false, institution: ['Student'] });
    expect(context.services).toEqual({
      grades: {
        scopes: ['https://purl.imsglobal.org/spec/lti-ags/scope/score'],
        lineitems: `${platform.url}/lineitems`,
        lineitem: `${platform.url}/lineitems/1`,
      },
      roster: { contextMembershipsUrl: `${platform.url}/memberships`, serviceVersions: ['2.0'] },
      deepLinking: null,
    });
  });

  it('a deep linking request is accepted without resource_link and offers deep linking', async () => {
    const platform = await h.platform();
    const { response } = await h.launch(platform, {
      claims: {
        [`${LTI_CLAIM}message_type`]: 'LtiDeepLinkingRequest',
        [`${LTI_CLAIM}resource_link`]: undefined,
        'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings': {
          deep_link_return_url: `${platform.url}/deep-link-return`,
          accept_types: ['ltiResourceLink'],
          accept_presentation_document_targets: ['iframe', 'window'],
          accept_multiple: true,
          data: 'opaque-123',
        },
      },
    });
    const context = await contextOf(response);
    expect(context.messageType).toBe('LtiDeepLinkingRequest');
    expect(context.resourceLink).toBeNull();
    expect(context.services.deepLinking).toEqual({
      returnUrl: `${platform.url}/deep-link-return`,
      acceptTypes: ['ltiResourceLink'],
      acceptPresentationDocumentTargets: ['iframe', 'window'],
      acceptMultiple: true,
    });
  });

  it('a launch without PII and without context is valid', async () => {
    const platform = await h.platform();
    const omit = Object.fromEntries(
      [
        'name',
        'given_name',
        'family_name',
        'email',
        `${LTI_CLAIM}context`,
        `${LTI_CLAIM}tool_platform`,
        `${LTI_CLAIM}custom`,
        `${LTI_CLAIM}launch_presentation`,
      ].map((claim) => [claim, undefined]),
    );
    const context = await contextOf((await h.launch(platform, { claims: omit })).response);
    expect(context.user).toEqual({ sub: 'user-1234' });
    expect(context.context).toBeNull();
    expect(context.custom).toEqual({});
    expect(context.launchPresentation).toBeNull();
  });

  it.each([
    [
      'many roles',
      [ROLE.instructor, ROLE.teachingAssistant, ROLE.institutionAdmin, ROLE.systemAdmin, ROLE.learner],
      { instructor: true, learner: true, administrator: true, teachingAssistant: true },
    ],
    ['short role names', ['Instructor', 'Learner'], { instructor: true, learner: true, administrator: false }],
    [
      'unknown roles',
      ['urn:example:role:Custom', 'http://example.com/roles#Wizard'],
      { instructor: false, learner: false, administrator: false },
    ],
    ['an empty-string role', [''], { instructor: false, learner: false, administrator: false }],
    ['no roles at all', [], { instructor: false, learner: false, administrator: false }],
  ])('a launch with %s is valid', async (_label, roles, flags) => {
    const platform = await h.platform();
    const context = await contextOf((await h.launch(platform, { claims: { [`${LTI_CLAIM}roles`]: roles } })).response);
    expect(context.roles).toMatchObject({ all: roles, ...flags });
  });

  it('several logins in different tabs can complete in any order', async () => {
    const platform = await h.platform();
    const first = await h.login(platform);
    const second = await h.login(platform);
    expect(first.cookieName).not.toBe(second.cookieName);
    const bothCookies = `${first.cookie}; ${second.cookie}`;
    for (const login of [second, first]) {
      const token = await platform.sign(platform.claims({ nonce: login.nonce, targetLinkUri: LANDING_URL }));
      const response = await h.postLaunch({ id_token: token, state: login.state }, { cookie: bothCookies });
      expect(response.status).toBe(302);
    }
  });

  it('the landing page shows who launched, where and as what, escaped, with a strict CSP', async () => {
    const platform = await h.platform();
    const { response } = await h.launch(platform, { claims: { name: '<script>alert(1)</script>' } });
    const res = await fetch(`${h.url}/lti/app?launch_id=${LaunchHarness.launchId(response)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('content-security-policy')).toContain('frame-ancestors *');
    // The launch id is a bearer capability in the URL: it must not leak to other sites.
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await res.text();
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;');
    expect(html).toContain('Introduction to Computing');
    expect(html).toContain('Instructor');
    expect(html).toContain('LtiResourceLinkRequest');
  });

  it('unknown, malformed and expired launch ids are 404 LTI_LAUNCH_NOT_FOUND', async () => {
    const platform = await h.platform();
    const { response } = await h.launch(platform);
    const id = LaunchHarness.launchId(response);
    for (const bad of ['A'.repeat(43), 'short', `${id}x`]) {
      const res = await fetch(`${h.url}/lti/launches/${bad}`);
      expect(res.status).toBe(404);
      expect(await errorCode(res)).toBe('LTI_LAUNCH_NOT_FOUND');
    }
    expect((await fetch(`${h.url}/lti/app`)).status).toBe(404);
    h.clock.advanceSeconds(3601);
    try {
      const res = await fetch(`${h.url}/lti/launches/${id}`);
      expect(res.status).toBe(404);
      expect(await errorCode(res)).toBe('LTI_LAUNCH_NOT_FOUND');
    } finally {
      h.clock.advanceSeconds(-3601);
    }
  });
});
