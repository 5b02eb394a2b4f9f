import { randomUUID } from 'node:crypto';
import { adminFetch, createRegistration, errorOf, type RegistrationBody } from '../support/registration.builder';
import { startTestApp, type TestApp } from '../support/test-app';

interface DeploymentPage {
  items: { deploymentId: string; createdAt: string }[];
  total: number;
  limit: number;
  offset: number;
}

describe('admin API: deployments', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { LOG_LEVEL: 'info' } });
  });
  afterAll(() => t.close());

  const path = (registration: { id: string }, deploymentId?: string) =>
    `/admin/registrations/${registration.id}/deployments${deploymentId === undefined ? '' : `/${encodeURIComponent(deploymentId)}`}`;
  const ids = async (registration: { id: string }, query = ''): Promise<string[]> => {
    const res = await adminFetch(t, 'GET', `${path(registration)}${query}`);
    return ((await res.json()) as DeploymentPage).items.map((item) => item.deploymentId);
  };

  it('POST adds a deployment (201) that then shows on the registration and in the list', async () => {
    const registration = await createRegistration(t, { deploymentIds: ['1'] });
    const res = await adminFetch(t, 'POST', path(registration), {
      deploymentId: '2:8865aa05b4b79b64a91a86042e43af5ea8ae79eb',
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({
      deploymentId: '2:8865aa05b4b79b64a91a86042e43af5ea8ae79eb',
      createdAt: expect.any(String),
    });
    expect(await ids(registration)).toEqual(['1', '2:8865aa05b4b79b64a91a86042e43af5ea8ae79eb']);
    const detail = (await (
      await adminFetch(t, 'GET', `/admin/registrations/${registration.id}`)
    ).json()) as RegistrationBody;
    expect(detail.deployments.map((d) => d.deploymentId)).toEqual(['1', '2:8865aa05b4b79b64a91a86042e43af5ea8ae79eb']);
    const audit = t.logs
      .map((line) => JSON.parse(line))
      .find((e) => e.msg === 'deployment added' && e.registrationId === registration.id);
    expect(audit).toMatchObject({
      context: 'Admin',
      deploymentId: '2:8865aa05b4b79b64a91a86042e43af5ea8ae79eb',
      tokenId: expect.any(String),
    });
  });

  it('deployment ids are case-sensitive: "abc" and "ABC" are two deployments; a repeat is 409', async () => {
    const registration = await createRegistration(t, { deploymentIds: ['abc'] });
    expect((await adminFetch(t, 'POST', path(registration), { deploymentId: 'ABC' })).status).toBe(201);
    const duplicate = await adminFetch(t, 'POST', path(registration), { deploymentId: 'abc' });
    expect((await errorOf(duplicate, 409)).code).toBe('REGISTRATION_DEPLOYMENT_ALREADY_EXISTS');
    expect((await ids(registration)).sort()).toEqual(['ABC', 'abc']);
  });

  it('the same deployment id may exist under two registrations', async () => {
    const [a, b] = [await createRegistration(t, { deploymentIds: ['same'] }), await createRegistration(t)];
    expect((await adminFetch(t, 'POST', path(b), { deploymentId: 'same' })).status).toBe(201);
    expect(await ids(a)).toEqual(['same']);
  });

  it('404 REGISTRATION_NOT_FOUND when the registration does not exist', async () => {
    const ghost = { id: randomUUID() };
    expect((await errorOf(await adminFetch(t, 'POST', path(ghost), { deploymentId: 'x' }), 404)).code).toBe(
      'REGISTRATION_NOT_FOUND',
    );
    expect((await errorOf(await adminFetch(t, 'GET', path(ghost)), 404)).code).toBe('REGISTRATION_NOT_FOUND');
    expect((await errorOf(await adminFetch(t, 'DELETE', path(ghost, 'x')), 404)).code).toBe('REGISTRATION_NOT_FOUND');
  });

  // One registration for all rejected adds: none of them may add anything.
  let untouched: RegistrationBody | undefined;
  it.each([
    ['missing', {}],
    ['empty', { deploymentId: '' }],
    ['256 characters', { deploymentId: 'd'.repeat(256) }],
    ['not a string', { deploymentId: 7 }],
    ['with an unknown field', { deploymentId: 'ok', note: 'x' }],
  ])('400 VALIDATION_FAILED for a deploymentId %s; nothing added', async (_case, body) => {
    untouched ??= await createRegistration(t, { deploymentIds: [] });
    const error = await errorOf(await adminFetch(t, 'POST', path(untouched), body), 400);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details?.length).toBeGreaterThan(0);
    expect(await ids(untouched)).toEqual([]);
  });

  it('GET pages the list in creation order', async () => {
    const registration = await createRegistration(t, { deploymentIds: [] });
    for (const id of ['d1', 'd2', 'd3']) await adminFetch(t, 'POST', path(registration), { deploymentId: id });
    const res = await adminFetch(t, 'GET', `${path(registration)}?limit=2&offset=1`);
    expect(await res.json()).toEqual({
      items: [
        { deploymentId: 'd2', createdAt: expect.any(String) },
        { deploymentId: 'd3', createdAt: expect.any(String) },
      ],
      total: 3,
      limit: 2,
      offset: 1,
    });
    expect((await errorOf(await adminFetch(t, 'GET', `${path(registration)}?limit=500`), 400)).code).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('DELETE removes exactly that deployment (case-sensitive, URL-encoded ids with slashes work)', async () => {
    const registration = await createRegistration(t, { deploymentIds: ['Keep', 'keep', 'a/b c?d'] });
    expect((await adminFetch(t, 'DELETE', path(registration, 'a/b c?d'))).status).toBe(204);
    expect((await adminFetch(t, 'DELETE', path(registration, 'keep'))).status).toBe(204);
    expect(await ids(registration)).toEqual(['Keep']);
    const again = await adminFetch(t, 'DELETE', path(registration, 'keep'));
    expect((await errorOf(again, 404)).code).toBe('REGISTRATION_DEPLOYMENT_NOT_FOUND');
    const unstorable = await adminFetch(t, 'DELETE', path(registration, 'x\u0000y'));
    expect((await errorOf(unstorable, 404)).code).toBe('REGISTRATION_DEPLOYMENT_NOT_FOUND');
  });

  it('DELETE works for the longest deployment ids (255 characters, non-ASCII) and answers 404 beyond', async () => {
    // Needs the router's maxParamLength >= 510 (255 code points in UTF-16 units); Fastify's default is 100.
    const longest = 'é'.repeat(200) + 'd'.repeat(55);
    const registration = await createRegistration(t, { deploymentIds: [longest, 'other'] });
    expect((await adminFetch(t, 'DELETE', path(registration, longest))).status).toBe(204);
    expect(await ids(registration)).toEqual(['other']);
    const tooLong = await adminFetch(t, 'DELETE', path(registration, 'd'.repeat(300)));
    expect((await errorOf(tooLong, 404)).code).toBe('REGISTRATION_DEPLOYMENT_NOT_FOUND');
  });

  it('deleting the registration deletes its deployments (cascade), and their ids can be used again elsewhere', async () => {
    const registration = await createRegistration(t, { deploymentIds: ['x1', 'x2'] });
    expect((await adminFetch(t, 'DELETE', `/admin/registrations/${registration.id}`)).status).toBe(204);
    const rows = await t.dataSource.query<unknown[]>(
      `SELECT deployment_id FROM platform_deployments WHERE registration_id = $1`,
      [registration.id],
    );
    expect(rows).toEqual([]);
    expect((await errorOf(await adminFetch(t, 'GET', path(registration)), 404)).code).toBe('REGISTRATION_NOT_FOUND');
  });
});
