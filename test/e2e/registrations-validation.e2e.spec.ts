import { adminFetch, errorOf, registrationInput } from '../support/registration.builder';
import { startTestApp, type TestApp } from '../support/test-app';
import { TEST_ADMIN_TOKEN } from '../support/test-env';

const long = (n: number) => 'x'.repeat(n);
const urlOf = (length: number) => `https://lms.example.edu/${'p'.repeat(length - 'https://lms.example.edu/'.length)}`;

describe('admin API: input validation', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Production-like: http platform URLs are refused.
    t = await startTestApp({ env: { ALLOW_INSECURE_URLS: 'false' } });
  });
  afterAll(() => t.close());

  /** Creation must leave no trace: nothing listed under the issuer that was sent. */
  async function expectNotStored(issuer: unknown): Promise<void> {
    if (typeof issuer !== 'string' || issuer.length === 0 || issuer.length > 255) return;
    const res = await adminFetch(t, 'GET', `/admin/registrations?issuer=${encodeURIComponent(issuer)}`);
    expect(((await res.json()) as { total: number }).total).toBe(0);
  }

  it.each([
    ['issuer missing', { issuer: undefined }, ['issuer']],
    ['issuer empty', { issuer: '' }, ['issuer']],
    ['issuer of 256 characters', { issuer: long(256) }, ['issuer']],
    ['issuer not a string', { issuer: ['https://lms.example.edu'] }, ['issuer']],
    ['clientId empty', { clientId: '' }, ['clientId']],
    ['clientId a number', { clientId: 10000000000042 }, ['clientId']],
    ['clientId of 256 characters', { clientId: long(256) }, ['clientId']],
    ['clientId with a NUL byte', { clientId: 'a\u0000b' }, ['clientId']],
    ['name of 256 characters', { name: long(256) }, ['name']],
    ['authEndpoint not a URL', { authEndpoint: 'lms.example.edu/auth' }, ['authEndpoint']],
    ['jwksUri with credentials', { jwksUri: 'https://user:pw@lms.example.edu/jwks' }, ['jwksUri']],
    ['tokenEndpoint of 2049 characters', { tokenEndpoint: urlOf(2049) }, ['tokenEndpoint']],
    ['authEndpoint with javascript:', { authEndpoint: 'javascript:alert(1)' }, ['authEndpoint']],
    ['deploymentIds with a duplicate', { deploymentIds: ['a', 'b', 'a'] }, ['deploymentIds']],
    ['deploymentIds with an empty id', { deploymentIds: [''] }, ['deploymentIds']],
    ['deploymentIds with an id of 256 characters', { deploymentIds: [long(256)] }, ['deploymentIds']],
    ['101 deploymentIds', { deploymentIds: Array.from({ length: 101 }, (_, i) => `d${i}`) }, ['deploymentIds']],
    ['deploymentIds not an array', { deploymentIds: 'a' }, ['deploymentIds']],
    ['an unknown field', { jwkId: '00000000-0000-0000-0000-000000000000' }, ['jwkId']],
    ['several problems at once', { issuer: '', clientId: '', jwksUri: 'nope' }, ['issuer', 'clientId', 'jwksUri']],
  ])('POST with %s is 400 VALIDATION_FAILED naming exactly those fields', async (_case, change, fields) => {
    const body = registrationInput(change);
    const error = await errorOf(await adminFetch(t, 'POST', '/admin/registrations', body), 400);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details?.map((d) => d.field).sort()).toEqual([...fields].sort());
    for (const detail of error.details ?? []) expect(detail.messages.length).toBeGreaterThan(0);
    await expectNotStored(body.issuer);
  });

  it('accepts the limits themselves: 255-character texts, 2048-character URLs, 100 deployments', async () => {
    const body = registrationInput({
      clientId: long(255),
      name: long(255),
      tokenEndpoint: urlOf(2048),
      deploymentIds: Array.from({ length: 100 }, (_, i) => `${i}`.padStart(255, 'd')),
    });
    const res = await adminFetch(t, 'POST', '/admin/registrations', body);
    expect(res.status).toBe(201);
    expect(((await res.json()) as { deployments: unknown[] }).deployments).toHaveLength(100);
  });

  it('refuses http URLs without ALLOW_INSECURE_URLS, naming each one', async () => {
    const body = registrationInput({
      jwksUri: 'http://lms.example.edu/jwks',
      tokenEndpoint: 'http://lms.example.edu/token',
    });
    const error = await errorOf(await adminFetch(t, 'POST', '/admin/registrations', body), 400);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details?.map((d) => d.field)).toEqual(['jwksUri', 'tokenEndpoint']);
    await expectNotStored(body.issuer);
  });

  it('refuses an http URL in a PATCH too', async () => {
    const created = await adminFetch(t, 'POST', '/admin/registrations', registrationInput());
    const { id } = (await created.json()) as { id: string };
    const error = await errorOf(
      await adminFetch(t, 'PATCH', `/admin/registrations/${id}`, { authEndpoint: 'http://lms.example.edu/a' }),
      400,
    );
    expect(error.details?.map((d) => d.field)).toEqual(['authEndpoint']);
  });

  it.each([
    ['a JSON array', '[]', 'VALIDATION_FAILED'],
    ['a JSON string', '"registration"', 'VALIDATION_FAILED'],
    ['malformed JSON', '{"issuer": ', 'MALFORMED_JSON'],
  ])('a body that is %s (%s) is 400 %s', async (_case, raw, code) => {
    const res = await fetch(`${t.url}/admin/registrations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: raw,
    });
    expect((await errorOf(res, 400)).code).toBe(code);
  });

  it('POST without a body lists every required field', async () => {
    const error = await errorOf(await adminFetch(t, 'POST', '/admin/registrations'), 400);
    expect(error.details?.map((d) => d.field).sort()).toEqual([
      'authEndpoint',
      'clientId',
      'issuer',
      'jwksUri',
      'tokenEndpoint',
    ]);
  });
});

describe('admin API: ALLOW_INSECURE_URLS=true (development)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { ALLOW_INSECURE_URLS: 'true' } });
  });
  afterAll(() => t.close());

  it('accepts http platform URLs (e.g. a local LMS)', async () => {
    const body = registrationInput({
      authEndpoint: 'http://127.0.0.1:8080/auth',
      jwksUri: 'http://localhost:8080/jwks',
    });
    const res = await adminFetch(t, 'POST', '/admin/registrations', body);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      authEndpoint: 'http://127.0.0.1:8080/auth',
      jwksUri: 'http://localhost:8080/jwks',
    });
  });
});
