import { CompactSign } from 'jose';
import { type FakePlatform, generatePlatformKey, type PlatformKey, LTI_CLAIM } from '../support/fake-platform';
import {
  type ErrorBody,
  errorCode,
  LANDING_URL,
  type LaunchAttempt,
  LaunchHarness,
  TOOL_URL,
} from '../support/launch-harness';

const DL_SETTINGS = 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings';
const DEEP_LINKING = {
  [`${LTI_CLAIM}message_type`]: 'LtiDeepLinkingRequest',
  [DL_SETTINGS]: {
    deep_link_return_url: 'https://lms.example.edu/dl',
    accept_types: ['ltiResourceLink'],
    accept_presentation_document_targets: ['iframe'],
  },
};

/** Replaces the payload segment of a signed token with `change(payload)`, keeping the signature. */
function tamper(token: string, change: (payload: Record<string, unknown>) => void): string {
  const [header, payload, signature] = token.split('.');
  const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
  change(decoded);
  return [header, Buffer.from(JSON.stringify(decoded)).toString('base64url'), signature].join('.');
}

/** Replaces the header segment (the signature no longer matches, which the header check precedes). */
function withHeader(token: string, header: Record<string, unknown>): string {
  return [Buffer.from(JSON.stringify(header)).toString('base64url'), ...token.split('.').slice(1)].join('.');
}

describe('LTI 1.3 launch: one stable code per failed check', () => {
  let h: LaunchHarness;
  let platform: FakePlatform;
  let foreignKey: PlatformKey;
  beforeAll(async () => {
    h = await LaunchHarness.start();
    platform = await h.platform();
    foreignKey = await generatePlatformKey();
  });
  afterAll(() => h.close());

  type Case = [string, number, string, () => Promise<LaunchAttempt | Response>];
  const now = (): number => h.clock.nowSeconds();
  const claims = (overrides: Record<string, unknown>) => (): Promise<LaunchAttempt> =>
    h.launch(platform, { claims: overrides });

  const cases: Case[] = [
    // JOSE header and signature (LTI-SECURITY.md step 2)
    ['missing kid', 400, 'LTI_ID_TOKEN_KID_MISSING', () => h.launch(platform, { header: { kid: undefined } })],
    ['non-string kid', 400, 'LTI_ID_TOKEN_KID_MISSING', () => h.launch(platform, { header: { kid: 42 } })],
    ['unknown kid', 400, 'LTI_ID_TOKEN_KID_UNKNOWN', () => h.launch(platform, { header: { kid: 'no-such-kid' } })],
    [
      'alg none',
      400,
      'LTI_ID_TOKEN_ALG_NOT_ALLOWED',
      () =>
        h.launch(platform, {
          mutateToken: (t) => platform.unsigned(JSON.parse(Buffer.from(t.split('.')[1], 'base64url').toString())),
        }),
    ],
    [
      'HS256 keyed with the platform public key',
      400,
      'LTI_ID_TOKEN_ALG_NOT_ALLOWED',
      async () => {
        const login = await h.login(platform);
        const payload = Buffer.from(
          JSON.stringify(platform.claims({ nonce: login.nonce, targetLinkUri: LANDING_URL })),
        );
        const token = await new CompactSign(payload)
          .setProtectedHeader({ alg: 'HS256', kid: platform.key.kid })
          .sign(new TextEncoder().encode(platform.key.publicPem));
        return h.postLaunch({ id_token: token, state: login.state }, { cookie: login.cookie });
      },
    ],
    [
      'RS512 (not on the allow-list)',
      400,
      'LTI_ID_TOKEN_ALG_NOT_ALLOWED',
      () => h.launch(platform, { mutateToken: (t) => withHeader(t, { alg: 'RS512', kid: platform.key.kid }) }),
    ],
    [
      'tampered payload',
      400,
      'LTI_ID_TOKEN_SIGNATURE_INVALID',
      () => h.launch(platform, { mutateToken: (t) => tamper(t, (p) => (p.sub = 'admin')) }),
    ],
    [
      'a foreign key under the platform kid',
      400,
      'LTI_ID_TOKEN_SIGNATURE_INVALID',
      () => h.launch(platform, { signingKey: foreignKey.privateKey }),
    ],
    ['not a JWS', 400, 'LTI_ID_TOKEN_MALFORMED', () => h.launch(platform, { mutateToken: () => 'not-a-token' })],
    [
      'five segments (JWE)',
      400,
      'LTI_ID_TOKEN_MALFORMED',
      () => h.launch(platform, { mutateToken: (t) => `${t}.x.y` }),
    ],
    [
      'header not JSON',
      400,
      'LTI_ID_TOKEN_MALFORMED',
      () => h.launch(platform, { mutateToken: (t) => `bm90LWpzb24.${t.split('.').slice(1).join('.')}` }),
    ],
    // iss, aud, azp (steps 4-5)
    ['wrong iss', 400, 'LTI_ISSUER_INVALID', claims({ iss: 'https://evil.example.com' })],
    ['wrong aud', 400, 'LTI_AUDIENCE_INVALID', claims({ aud: 'someone-else' })],
    ['aud array without us', 400, 'LTI_AUDIENCE_INVALID', claims({ aud: ['a', 'b'] })],
    ['aud of the wrong type', 400, 'LTI_AUDIENCE_INVALID', claims({ aud: 42 })],
    [
      'several audiences without azp',
      400,
      'LTI_AZP_MISSING',
      () => h.launch(platform, { claims: { aud: [platform.clientId, 'other'] } }),
    ],
    [
      'wrong azp',
      400,
      'LTI_AZP_INVALID',
      () => h.launch(platform, { claims: { aud: [platform.clientId, 'other'], azp: 'other' } }),
    ],
    // times (step 6)
    [
      'expired',
      400,
      'LTI_ID_TOKEN_EXPIRED',
      () => h.launch(platform, { claims: { exp: now() - 60, iat: now() - 120 } }),
    ],
    [
      'iat in the future',
      400,
      'LTI_ID_TOKEN_ISSUED_IN_FUTURE',
      () => h.launch(platform, { claims: { iat: now() + 120 } }),
    ],
    [
      'iat older than the maximum age',
      400,
      'LTI_ID_TOKEN_TOO_OLD',
      () => h.launch(platform, { claims: { iat: now() - 1000 } }),
    ],
    [
      'nbf in the future',
      400,
      'LTI_ID_TOKEN_NOT_YET_VALID',
      () => h.launch(platform, { claims: { nbf: now() + 120 } }),
    ],
    ['missing exp', 400, 'LTI_ID_TOKEN_TIMES_INVALID', claims({ exp: undefined })],
    [
      'iat as a string',
      400,
      'LTI_ID_TOKEN_TIMES_INVALID',
      () => h.launch(platform, { claims: { iat: String(now()) } }),
    ],
    // nonce (step 7)
    ['missing nonce', 400, 'LTI_NONCE_MISSING', claims({ nonce: undefined })],
    ['never-issued nonce', 400, 'LTI_NONCE_INVALID', claims({ nonce: 'made-up-nonce' })],
    // message (steps 8-15)
    ['wrong version', 400, 'LTI_VERSION_UNSUPPORTED', claims({ [`${LTI_CLAIM}version`]: '1.1' })],
    [
      'unsupported message type',
      400,
      'LTI_MESSAGE_TYPE_UNSUPPORTED',
      claims({ [`${LTI_CLAIM}message_type`]: 'LtiSubmissionReviewRequest' }),
    ],
    ['unknown deployment', 400, 'LTI_DEPLOYMENT_UNKNOWN', claims({ [`${LTI_CLAIM}deployment_id`]: 'not-registered' })],
    [
      'deployment id in another case',
      400,
      'LTI_DEPLOYMENT_UNKNOWN',
      () => h.launch(platform, { claims: { [`${LTI_CLAIM}deployment_id`]: platform.deploymentId.toUpperCase() } }),
    ],
    ['missing deployment id', 400, 'LTI_DEPLOYMENT_ID_INVALID', claims({ [`${LTI_CLAIM}deployment_id`]: undefined })],
    [
      'deployment id over 255 characters',
      400,
      'LTI_DEPLOYMENT_ID_INVALID',
      claims({ [`${LTI_CLAIM}deployment_id`]: 'd'.repeat(256) }),
    ],
    ['missing sub', 400, 'LTI_SUB_MISSING', claims({ sub: undefined })],
    ['empty sub', 400, 'LTI_SUB_MISSING', claims({ sub: '' })],
    ['missing roles', 400, 'LTI_ROLES_INVALID', claims({ [`${LTI_CLAIM}roles`]: undefined })],
    ['roles as a string', 400, 'LTI_ROLES_INVALID', claims({ [`${LTI_CLAIM}roles`]: 'Instructor' })],
    ['roles holding a number', 400, 'LTI_ROLES_INVALID', claims({ [`${LTI_CLAIM}roles`]: ['Instructor', 7] })],
    ['missing resource_link', 400, 'LTI_RESOURCE_LINK_INVALID', claims({ [`${LTI_CLAIM}resource_link`]: undefined })],
    [
      'resource_link without id',
      400,
      'LTI_RESOURCE_LINK_INVALID',
      claims({ [`${LTI_CLAIM}resource_link`]: { title: 'x' } }),
    ],
    [
      'resource_link with an empty id',
      400,
      'LTI_RESOURCE_LINK_INVALID',
      claims({ [`${LTI_CLAIM}resource_link`]: { id: '' } }),
    ],
    [
      'deep linking without settings',
      400,
      'LTI_DEEP_LINKING_SETTINGS_INVALID',
      claims({ ...DEEP_LINKING, [DL_SETTINGS]: undefined }),
    ],
    [
      'deep linking without return url',
      400,
      'LTI_DEEP_LINKING_SETTINGS_INVALID',
      claims({ ...DEEP_LINKING, [DL_SETTINGS]: { accept_types: [], accept_presentation_document_targets: [] } }),
    ],
    [
      'deep linking accept_types not an array',
      400,
      'LTI_DEEP_LINKING_SETTINGS_INVALID',
      claims({
        ...DEEP_LINKING,
        [DL_SETTINGS]: {
          deep_link_return_url: 'https://lms.example.edu/dl',
          accept_types: 'ltiResourceLink',
          accept_presentation_document_targets: [],
        },
      }),
    ],
    ['context not an object', 400, 'LTI_CLAIM_TYPE_INVALID', claims({ [`${LTI_CLAIM}context`]: 'CS101' })],
    ['context without id', 400, 'LTI_CLAIM_TYPE_INVALID', claims({ [`${LTI_CLAIM}context`]: { title: 'CS101' } })],
    ['custom as an array', 400, 'LTI_CLAIM_TYPE_INVALID', claims({ [`${LTI_CLAIM}custom`]: ['a'] })],
    ['email as a number', 400, 'LTI_CLAIM_TYPE_INVALID', claims({ email: 12 })],
    [
      'AGS endpoint without scope',
      400,
      'LTI_CLAIM_TYPE_INVALID',
      claims({ 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': { lineitems: 'x' } }),
    ],
    [
      'target_link_uri differing from the login',
      400,
      'LTI_TARGET_LINK_URI_MISMATCH',
      claims({ [`${LTI_CLAIM}target_link_uri`]: `${TOOL_URL}/lti/other` }),
    ],
    [
      'target_link_uri missing',
      400,
      'LTI_TARGET_LINK_URI_MISMATCH',
      claims({ [`${LTI_CLAIM}target_link_uri`]: undefined }),
    ],
    ['an oversized token', 413, 'LTI_ID_TOKEN_TOO_LARGE', claims({ padding: 'x'.repeat(70_000) })],
    [
      'a NUL character in a claim (jsonb cannot store it)',
      400,
      'LTI_ID_TOKEN_MALFORMED',
      claims({ name: 'Ada\u0000' }),
    ],
    [
      'claims nested 5000 deep',
      400,
      'LTI_ID_TOKEN_MALFORMED',
      async () => {
        const login = await h.login(platform);
        const text = JSON.stringify(platform.claims({ nonce: login.nonce, targetLinkUri: LANDING_URL }));
        const deep = `${text.slice(0, -1)},"deep":${'['.repeat(5000)}${']'.repeat(5000)}}`;
        return h.postLaunch({ id_token: await platform.signText(deep), state: login.state }, { cookie: login.cookie });
      },
    ],
  ];

  it.each(cases)('%s → %i %s', async (_label, status, code, attempt) => {
    const result = await attempt();
    const response = result instanceof Response ? result : result.response;
    expect(response.status).toBe(status);
    const text = await response.text();
    expect((JSON.parse(text) as ErrorBody).error.code).toBe(code);
    if (!(result instanceof Response)) expect(text).not.toContain(result.token.slice(0, 40));
  });

  it('never fetches a key the token names itself (jku, x5u, jwk, x5c are ignored)', async () => {
    let evilFetches = 0;
    platform.route('GET', '/evil-jwks', (_request, _body, response) => {
      evilFetches += 1;
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ keys: [foreignKey.publicJwk] }));
    });
    const { response } = await h.launch(platform, {
      signingKey: foreignKey.privateKey,
      header: { jku: `${platform.url}/evil-jwks`, x5u: `${platform.url}/evil-jwks`, jwk: foreignKey.publicJwk },
    });
    expect(await errorCode(response)).toBe('LTI_ID_TOKEN_SIGNATURE_INVALID');
    expect(evilFetches).toBe(0);
  });

  it('the error body names the claim of the wrong type', async () => {
    const { response } = await h.launch(platform, { claims: { [`${LTI_CLAIM}context`]: [] } });
    expect(((await response.json()) as ErrorBody).error.details).toEqual({ claim: `${LTI_CLAIM}context` });
  });

  describe('state and cookie (step 1)', () => {
    it('no id_token → LTI_ID_TOKEN_MISSING; no state → LTI_STATE_MISSING; a foreign state → LTI_STATE_INVALID', async () => {
      const login = await h.login(platform);
      expect(await errorCode(await h.postLaunch({ state: login.state }, { cookie: login.cookie }))).toBe(
        'LTI_ID_TOKEN_MISSING',
      );
      expect(await errorCode(await h.postLaunch({ id_token: 'a.b.c' }, { cookie: login.cookie }))).toBe(
        'LTI_STATE_MISSING',
      );
      expect(
        await errorCode(await h.postLaunch({ id_token: 'a.b.c', state: 'forged' }, { cookie: login.cookie })),
      ).toBe('LTI_STATE_INVALID');
    });

    it('a state of another login than the cookie → LTI_STATE_MISMATCH', async () => {
      const mine = await h.login(platform);
      const other = await h.login(platform);
      const token = await platform.sign(platform.claims({ nonce: other.nonce, targetLinkUri: LANDING_URL }));
      const response = await h.postLaunch({ id_token: token, state: other.state }, { cookie: mine.cookie });
      expect(response.status).toBe(400);
      expect(await errorCode(response)).toBe('LTI_STATE_MISMATCH');
    });

    it('a cookie whose value differs from the state → LTI_STATE_MISMATCH', async () => {
      const login = await h.login(platform);
      const { response } = await h.launch(platform, { cookie: `${login.cookieName}=${'x'.repeat(80)}` });
      expect(await errorCode(response)).toBe('LTI_STATE_MISMATCH');
    });

    it('no cookie at all → LTI_STATE_COOKIE_MISSING, and a browser is told about blocked third-party cookies', async () => {
      const { response } = await h.launch(platform, { cookie: '', accept: 'text/html,application/xhtml+xml' });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
      const html = await response.text();
      expect(html).toContain('LTI_STATE_COOKIE_MISSING');
      expect(html).toMatch(/third-party cookies/);
      expect(html).toMatch(/new window/);
    });
  });

  describe('nonce (step 7)', () => {
    it('a replayed launch → LTI_NONCE_INVALID', async () => {
      const first = await h.launch(platform);
      expect(first.response.status).toBe(302);
      const replay = await h.postLaunch(
        { id_token: first.token, state: first.login.state },
        { cookie: first.login.cookie },
      );
      expect(replay.status).toBe(400);
      expect(await errorCode(replay)).toBe('LTI_NONCE_INVALID');
    });

    it('the nonce of another login (same browser) → LTI_NONCE_INVALID', async () => {
      const a = await h.login(platform);
      const b = await h.login(platform);
      const token = await platform.sign(platform.claims({ nonce: a.nonce, targetLinkUri: LANDING_URL }));
      const response = await h.postLaunch({ id_token: token, state: b.state }, { cookie: `${a.cookie}; ${b.cookie}` });
      expect(await errorCode(response)).toBe('LTI_NONCE_INVALID');
    });

    it('an expired nonce → LTI_NONCE_INVALID', async () => {
      const login = await h.login(platform);
      h.clock.advanceSeconds(601);
      try {
        const token = await platform.sign(platform.claims({ nonce: login.nonce, targetLinkUri: LANDING_URL }));
        const response = await h.postLaunch({ id_token: token, state: login.state }, { cookie: login.cookie });
        expect(await errorCode(response)).toBe('LTI_NONCE_INVALID');
      } finally {
        h.clock.advanceSeconds(-601);
      }
    });

    it('a forged or failing token does not burn the nonce of a genuine login', async () => {
      const login = await h.login(platform);
      const genuine = await platform.sign(platform.claims({ nonce: login.nonce, targetLinkUri: LANDING_URL }));
      const post = (token: string): Promise<Response> =>
        h.postLaunch({ id_token: token, state: login.state }, { cookie: login.cookie });
      expect(await errorCode(await post(tamper(genuine, (p) => (p.sub = 'mallory'))))).toBe(
        'LTI_ID_TOKEN_SIGNATURE_INVALID',
      );
      const wrongAud = await platform.sign(
        platform.claims({ nonce: login.nonce, targetLinkUri: LANDING_URL, overrides: { aud: 'x' } }),
      );
      expect(await errorCode(await post(wrongAud))).toBe('LTI_AUDIENCE_INVALID');
      expect((await post(genuine)).status).toBe(302);
    });

    it('50 concurrent posts of one token: exactly one is accepted', async () => {
      const login = await h.login(platform);
      const token = await platform.sign(platform.claims({ nonce: login.nonce, targetLinkUri: LANDING_URL }));
      const responses = await Promise.all(
        Array.from({ length: 50 }, () =>
          h.postLaunch({ id_token: token, state: login.state }, { cookie: login.cookie }),
        ),
      );
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 302)).toHaveLength(1);
      const codes = await Promise.all(responses.filter((r) => r.status !== 302).map((r) => errorCode(r)));
      expect(new Set(codes)).toEqual(new Set(['LTI_NONCE_INVALID']));
    });
  });

  it('a deleted registration fails the launch of a login it started with LTI_REGISTRATION_NOT_FOUND', async () => {
    const gone = await h.platform();
    const login = await h.login(gone);
    await h.app.dataSource.query('DELETE FROM platform_registrations WHERE id = $1', [
      gone.registration!.registrationId,
    ]);
    const token = await gone.sign(gone.claims({ nonce: login.nonce, targetLinkUri: LANDING_URL }));
    const response = await h.postLaunch({ id_token: token, state: login.state }, { cookie: login.cookie });
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe('LTI_REGISTRATION_NOT_FOUND');
  });

  it('a body over BODY_LIMIT_BYTES is 413 REQUEST_TOO_LARGE, never a 5xx', async () => {
    const login = await h.login(platform);
    const response = await h.postLaunch(
      { id_token: 'x'.repeat(200_000), state: login.state },
      { cookie: login.cookie },
    );
    expect(response.status).toBe(413);
    expect(await errorCode(response)).toBe('REQUEST_TOO_LARGE');
  });
});
