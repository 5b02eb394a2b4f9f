import { randomUUID } from 'node:crypto';
import { adminTokenId } from '../../src/common/auth/admin-auth.guard';
import {
  adminFetch,
  createRegistration,
  errorOf,
  registrationInput,
  type RegistrationBody,
  uniqueSuffix,
} from '../support/registration.builder';
import { startTestApp, type TestApp } from '../support/test-app';
import { TEST_ADMIN_TOKEN } from '../support/test-env';

const MALFORMED_IDS = ['not-a-uuid', '123', `${randomUUID()}x`, "x' OR '1'='1"];

describe('admin API: registrations', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOG_LEVEL: 'info' } });
  });
  afterAll(() => t.close());

  const get = (id: string) => adminFetch(t, 'GET', `/admin/registrations/${encodeURIComponent(id)}`);
  const jwksKids = async (): Promise<string[]> => {
    const body = (await (await fetch(`${t.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
    return body.keys.map((key) => key.kid);
  };
  const keyCount = async (): Promise<number> =>
    (await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM lti_jwks`))[0].n;
  const auditLines = (msg: string) =>
    t.logs.map((line) => JSON.parse(line)).filter((entry) => entry.context === 'Admin' && entry.msg === msg);

  describe('POST /admin/registrations', () => {
    it('201 with the registration, its own published key and its deployments', async () => {
      const input = registrationInput({ deploymentIds: ['Deploy-1', 'deploy-1'] });
      const res = await adminFetch(t, 'POST', '/admin/registrations', input);
      expect(res.status).toBe(201);
      const body = (await res.json()) as RegistrationBody;
      expect(body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        issuer: input.issuer,
        clientId: input.clientId,
        name: input.name,
        authEndpoint: input.authEndpoint,
        jwksUri: input.jwksUri,
        tokenEndpoint: input.tokenEndpoint,
        kid: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        pendingKid: null,
        pendingActivatesAt: null,
        deployments: expect.arrayContaining([
          { deploymentId: 'Deploy-1', createdAt: body.createdAt },
          { deploymentId: 'deploy-1', createdAt: body.createdAt },
        ]),
        createdAt: expect.any(String),
        updatedAt: body.createdAt,
      });
      expect(body.deployments).toHaveLength(2);
      expect(await jwksKids()).toContain(body.kid);
      expect(await get(body.id).then((r) => r.json())).toEqual(body);
    });

    it('each registration gets a distinct key', async () => {
      const [a, b] = [await createRegistration(t), await createRegistration(t)];
      expect(a.kid).not.toBe(b.kid);
    });

    it('name and deploymentIds are optional', async () => {
      const { name: _name, deploymentIds: _ids, ...minimal } = registrationInput();
      const res = await adminFetch(t, 'POST', '/admin/registrations', minimal);
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ name: null, deployments: [] });
    });

    it('stores issuer and clientId exactly as given (no trimming, case kept)', async () => {
      const issuer = ` Https://LMS-${uniqueSuffix()}.example.edu/ `;
      const body = await createRegistration(t, { issuer, clientId: ' Client-ID ' });
      expect([body.issuer, body.clientId]).toEqual([issuer, ' Client-ID ']);
    });

    it('409 REGISTRATION_ALREADY_EXISTS for a taken (issuer, clientId), and nothing is stored (not even a key)', async () => {
      const existing = await createRegistration(t);
      const before = await keyCount();
      const res = await adminFetch(
        t,
        'POST',
        '/admin/registrations',
        registrationInput({
          issuer: existing.issuer,
          clientId: existing.clientId,
          deploymentIds: ['new-one'],
        }),
      );
      expect((await errorOf(res, 409)).code).toBe('REGISTRATION_ALREADY_EXISTS');
      expect(await keyCount()).toBe(before);
      expect(((await get(existing.id).then((r) => r.json())) as RegistrationBody).deployments).toEqual(
        existing.deployments,
      );
    });

    it('the same issuer with another clientId is a separate registration (Canvas cloud, Blackboard)', async () => {
      const first = await createRegistration(t);
      const second = await createRegistration(t, { issuer: first.issuer });
      expect(second.id).not.toBe(first.id);
      expect(second.issuer).toBe(first.issuer);
    });

    it('of simultaneous identical creates exactly one wins; the others are 409', async () => {
      const input = registrationInput();
      const statuses = await Promise.all(
        [1, 2, 3].map(() => adminFetch(t, 'POST', '/admin/registrations', input).then((r) => r.status)),
      );
      expect(statuses.sort()).toEqual([201, 409, 409]);
    });

    it('audits the creation with the acting token fingerprint', async () => {
      const body = await createRegistration(t);
      expect(auditLines('registration created').find((entry) => entry.registrationId === body.id)).toMatchObject({
        level: 'info',
        tokenId: adminTokenId(TEST_ADMIN_TOKEN),
        issuer: body.issuer,
        clientId: body.clientId,
      });
    });
  });

  describe('GET /admin/registrations/:id', () => {
    it('404 REGISTRATION_NOT_FOUND for an unknown id', async () => {
      expect((await errorOf(await get(randomUUID()), 404)).code).toBe('REGISTRATION_NOT_FOUND');
    });

    it.each(MALFORMED_IDS)('404 (never a 500) for the malformed id %j on every id route', async (id) => {
      const path = `/admin/registrations/${encodeURIComponent(id)}`;
      const calls: [string, string, unknown][] = [
        ['GET', path, undefined],
        ['PATCH', path, { name: 'x' }],
        ['DELETE', path, undefined],
        ['GET', `${path}/deployments`, undefined],
        ['POST', `${path}/deployments`, { deploymentId: 'x' }],
        ['DELETE', `${path}/deployments/x`, undefined],
      ];
      for (const [method, url, body] of calls) {
        const res = await adminFetch(t, method, url, body);
        expect({ method, status: res.status }).toEqual({ method, status: 404 });
        expect((await errorOf(res, 404)).code).toBe('REGISTRATION_NOT_FOUND');
      }
    });
  });

  describe('PATCH /admin/registrations/:id', () => {
    it('changes only the fields sent and moves updatedAt', async () => {
      const before = await createRegistration(t);
      const jwksUri = `https://lms-${uniqueSuffix()}.example.edu/keys`;
      const res = await adminFetch(t, 'PATCH', `/admin/registrations/${before.id}`, { jwksUri, name: null });
      expect(res.status).toBe(200);
      const after = (await res.json()) as RegistrationBody;
      expect(after).toEqual({ ...before, jwksUri, name: null, updatedAt: expect.any(String) });
      expect(Date.parse(after.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
      expect(await get(before.id).then((r) => r.json())).toEqual(after);
      expect(auditLines('registration updated').find((entry) => entry.registrationId === before.id)).toMatchObject({
        fields: ['jwksUri', 'name'],
      });
    });

    it('an empty body changes nothing', async () => {
      const before = await createRegistration(t);
      const res = await adminFetch(t, 'PATCH', `/admin/registrations/${before.id}`, {});
      expect(await res.json()).toEqual(before);
    });

    it('moving to a taken (issuer, clientId) is 409 and leaves the registration as it was', async () => {
      const taken = await createRegistration(t);
      const mover = await createRegistration(t, { issuer: taken.issuer });
      const res = await adminFetch(t, 'PATCH', `/admin/registrations/${mover.id}`, {
        clientId: taken.clientId,
        name: 'moved',
      });
      expect((await errorOf(res, 409)).code).toBe('REGISTRATION_ALREADY_EXISTS');
      expect(await get(mover.id).then((r) => r.json())).toEqual(mover);
    });

    // One registration for all rejected PATCHes: each must leave it exactly as created.
    let before: RegistrationBody | undefined;
    it.each([
      ['an unknown field', { kid: 'mine' }, 'kid'],
      ['deploymentIds (they have their own endpoints)', { deploymentIds: ['x'] }, 'deploymentIds'],
      ['issuer: null', { issuer: null }, 'issuer'],
      ['an empty clientId', { clientId: '' }, 'clientId'],
      ['a bad URL', { tokenEndpoint: 'token' }, 'tokenEndpoint'],
    ])('400 VALIDATION_FAILED for %s, nothing changed', async (_case, body, field) => {
      before ??= await createRegistration(t);
      const error = await errorOf(await adminFetch(t, 'PATCH', `/admin/registrations/${before.id}`, body), 400);
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.details?.map((d) => d.field)).toEqual([field]);
      expect(await get(before.id).then((r) => r.json())).toEqual(before);
    });

    it('404 for an unknown id', async () => {
      const res = await adminFetch(t, 'PATCH', `/admin/registrations/${randomUUID()}`, { name: 'x' });
      expect((await errorOf(res, 404)).code).toBe('REGISTRATION_NOT_FOUND');
    });
  });

  describe('DELETE /admin/registrations/:id', () => {
    it('204; deployments go with it; its keys are retired but stay published for the grace period', async () => {
      const doomed = await createRegistration(t, { deploymentIds: ['a', 'b', 'c'] });
      const pending = `pending-${uniqueSuffix()}`;
      await t.dataSource.query(
        `WITH k AS (INSERT INTO lti_jwks (kid, alg, public_jwk, active) VALUES ($1, 'RS256', '{}'::jsonb, false) RETURNING id)
         UPDATE platform_registrations SET pending_jwk_id = (SELECT id FROM k), pending_activates_at = now() + interval '1 day' WHERE id = $2`,
        [pending, doomed.id],
      );
      expect(await get(doomed.id).then((r) => r.json())).toMatchObject({
        pendingKid: pending,
        pendingActivatesAt: expect.any(String),
      });

      const res = await adminFetch(t, 'DELETE', `/admin/registrations/${doomed.id}`);
      expect(res.status).toBe(204);
      expect(await res.text()).toBe('');
      expect((await errorOf(await get(doomed.id), 404)).code).toBe('REGISTRATION_NOT_FOUND');
      const deployments = await t.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM platform_deployments WHERE registration_id = $1`,
        [doomed.id],
      );
      expect(deployments[0].n).toBe(0);
      const keys = await t.dataSource.query<{ kid: string; retired_at: Date | null }[]>(
        `SELECT kid, retired_at FROM lti_jwks WHERE kid = ANY($1)`,
        [[doomed.kid, pending]],
      );
      expect(keys).toHaveLength(2);
      for (const key of keys) expect(key.retired_at).toBeInstanceOf(Date);
      expect(await jwksKids()).toContain(doomed.kid);
      expect(auditLines('registration deleted').find((entry) => entry.registrationId === doomed.id)).toMatchObject({
        issuer: doomed.issuer,
        clientId: doomed.clientId,
        tokenId: adminTokenId(TEST_ADMIN_TOKEN),
      });
    });

    it('a second delete is 404', async () => {
      const doomed = await createRegistration(t);
      expect((await adminFetch(t, 'DELETE', `/admin/registrations/${doomed.id}`)).status).toBe(204);
      expect((await errorOf(await adminFetch(t, 'DELETE', `/admin/registrations/${doomed.id}`), 404)).code).toBe(
        'REGISTRATION_NOT_FOUND',
      );
    });

    it('frees the (issuer, clientId) for a new registration with a new key', async () => {
      const old = await createRegistration(t);
      await adminFetch(t, 'DELETE', `/admin/registrations/${old.id}`);
      const again = await createRegistration(t, { issuer: old.issuer, clientId: old.clientId });
      expect(again.id).not.toBe(old.id);
      expect(again.kid).not.toBe(old.kid);
    });
  });

  it('GET /docs/openapi.json describes the admin and public endpoints, admin ones behind the bearer scheme', async () => {
    const doc = (await (await fetch(`${t.url}/docs/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { security?: Record<string, unknown>[] }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/admin/registrations',
        '/admin/registrations/{id}',
        '/admin/registrations/{id}/deployments',
        '/admin/registrations/{id}/deployments/{deploymentId}',
        '/.well-known/jwks.json',
        '/health',
      ]),
    );
    expect(doc.paths['/admin/registrations'].post.security).toEqual([{ admin: [] }]);
    expect(doc.paths['/admin/registrations/{id}/deployments/{deploymentId}'].delete.security).toEqual([{ admin: [] }]);
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        'CreateRegistrationDto',
        'UpdateRegistrationDto',
        'RegistrationResponse',
        'RegistrationPageResponse',
        'CreateDeploymentDto',
      ]),
    );
  });
});
