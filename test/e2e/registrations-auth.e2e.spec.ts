import { adminTokenId } from '../../src/common/auth/admin-auth.guard';
import {
  adminFetch,
  createRegistration,
  errorOf,
  registrationInput,
  type RegistrationBody,
} from '../support/registration.builder';
import { startTestApp, type TestApp } from '../support/test-app';
import { TEST_ADMIN_TOKEN, TEST_ADMIN_TOKEN_2 } from '../support/test-env';

describe('admin authentication on the registration endpoints', () => {
  let t: TestApp;
  let registration: RegistrationBody;
  const attemptedIssuers: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ env: { LOG_LEVEL: 'info' } });
    registration = await createRegistration(t, { deploymentIds: ['kept'] });
  });
  afterAll(() => t.close());

  const routes = (): [string, string, unknown][] => [
    ['POST', '/admin/registrations', attempt()],
    ['GET', '/admin/registrations', undefined],
    ['GET', `/admin/registrations/${registration.id}`, undefined],
    ['PATCH', `/admin/registrations/${registration.id}`, { name: 'changed without a token' }],
    ['DELETE', `/admin/registrations/${registration.id}`, undefined],
    ['POST', `/admin/registrations/${registration.id}/deployments`, { deploymentId: 'sneaked-in' }],
    ['GET', `/admin/registrations/${registration.id}/deployments`, undefined],
    ['DELETE', `/admin/registrations/${registration.id}/deployments/kept`, undefined],
  ];

  function attempt(): unknown {
    const input = registrationInput();
    attemptedIssuers.push(input.issuer);
    return input;
  }

  const badCredentials: [string, Record<string, string>][] = [
    ['no Authorization header', {}],
    ['Basic credentials', { authorization: `Basic ${Buffer.from(`admin:${TEST_ADMIN_TOKEN}`).toString('base64')}` }],
    ['a Bearer scheme without token', { authorization: 'Bearer' }],
    ['a wrong token', { authorization: 'Bearer wrong-admin-token-0123456789abcdefghijk' }],
    ['the token without a scheme', { authorization: TEST_ADMIN_TOKEN }],
    ['a token in other case', { authorization: `Bearer ${TEST_ADMIN_TOKEN.toUpperCase()}` }],
  ];

  it.each(badCredentials)(
    'every route answers %s with 401 ADMIN_UNAUTHORIZED and WWW-Authenticate',
    async (_case, headers) => {
      for (const [method, path, body] of routes()) {
        const res = await fetch(`${t.url}${path}`, {
          method,
          headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        expect({ method, path, status: res.status }).toEqual({ method, path, status: 401 });
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm=/);
        expect((await errorOf(res, 401)).code).toBe('ADMIN_UNAUTHORIZED');
      }
    },
  );

  it('changed nothing while rejecting', async () => {
    const res = await adminFetch(t, 'GET', `/admin/registrations/${registration.id}`);
    expect(await res.json()).toEqual(registration);
    expect(attemptedIssuers.length).toBeGreaterThan(0);
    for (const issuer of attemptedIssuers) {
      const listed = await adminFetch(t, 'GET', `/admin/registrations?issuer=${encodeURIComponent(issuer)}`);
      expect(((await listed.json()) as { total: number }).total).toBe(0);
    }
  });

  it('checks the token before the body: an invalid body without a token is 401, not 400', async () => {
    const res = await adminFetch(t, 'POST', '/admin/registrations', { issuer: 42 }, null);
    expect((await errorOf(res, 401)).code).toBe('ADMIN_UNAUTHORIZED');
  });

  it('accepts either configured token (rotation) and audits which one acted, never the token itself', async () => {
    for (const token of [TEST_ADMIN_TOKEN, TEST_ADMIN_TOKEN_2]) {
      expect((await adminFetch(t, 'GET', '/admin/registrations', undefined, token)).status).toBe(200);
      const res = await adminFetch(t, 'POST', '/admin/registrations', registrationInput(), token);
      expect(res.status).toBe(201);
      const { id } = (await res.json()) as RegistrationBody;
      const audit = t.logs
        .map((line) => JSON.parse(line))
        .find((e) => e.msg === 'registration created' && e.registrationId === id);
      expect(audit).toMatchObject({ level: 'info', context: 'Admin', tokenId: adminTokenId(token) });
    }
    const everything = t.logs.join('\n');
    expect(everything).not.toContain(TEST_ADMIN_TOKEN);
    expect(everything).not.toContain(TEST_ADMIN_TOKEN_2);
  });
});
