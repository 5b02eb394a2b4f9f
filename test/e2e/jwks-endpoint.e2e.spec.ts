import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { JwksPublisher } from '../../src/jwks/jwks.publisher';
import { KeysService } from '../../src/jwks/keys.service';
import { createKeyedRegistration, type KeyedRegistration, removeKeyedRegistrations } from '../support/keys.builder';
import { startTestApp, type TestApp } from '../support/test-app';

const PUBLIC_MEMBERS = ['alg', 'e', 'kid', 'kty', 'n', 'use'];
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

interface Jwks {
  keys: Record<string, unknown>[];
}

describe('GET /.well-known/jwks.json', () => {
  let t: TestApp;
  let keys: KeysService;
  const created: KeyedRegistration[] = [];
  const poisonedKid = `poisoned-${randomBytes(8).toString('hex')}`;
  const jwks = (headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${t.url}/.well-known/jwks.json`, { headers });

  beforeAll(async () => {
    t = await startTestApp({ env: { JWKS_MAX_AGE_SECONDS: '120' } });
    keys = t.get(KeysService);
    for (let i = 0; i < 3; i += 1) created.push(await createKeyedRegistration(keys, t.dataSource));
    // A row whose stored public JWK wrongly carries private members: the endpoint must still publish
    // only the public ones (it rebuilds every key from an allow-list).
    await t.dataSource.query(
      `INSERT INTO lti_jwks (kid, alg, public_jwk, active) VALUES ($1, 'RS256', $2::jsonb, true)`,
      [
        poisonedKid,
        JSON.stringify({
          kty: 'RSA',
          kid: poisonedKid,
          use: 'sig',
          alg: 'RS256',
          n: 'AQAB',
          e: 'AQAB',
          d: 'SECRET-D',
          p: 'SECRET-P',
          q: 'SECRET-Q',
          dp: 'x',
          dq: 'x',
          qi: 'x',
        }),
      ],
    );
    await keys.refreshPublished();
  });
  afterAll(async () => {
    await removeKeyedRegistrations(
      t.dataSource,
      created.map((c) => c.registrationId),
      [poisonedKid],
    );
    await t.close();
  });

  it('publishes every active key with exactly kty, kid, use=sig, alg, n, e and no private member', async () => {
    const res = await jwks();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await res.text();
    const body = JSON.parse(text) as Jwks;
    expect(body.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([...created.map((c) => c.kid), poisonedKid]));
    expect(body.keys.length).toBeGreaterThanOrEqual(4);
    for (const key of body.keys) {
      expect(Object.keys(key).sort()).toEqual(PUBLIC_MEMBERS);
      for (const member of PRIVATE_MEMBERS) expect(key).not.toHaveProperty(member);
      expect(key).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS256', e: 'AQAB' });
    }
    expect(text).not.toContain('SECRET-');
  });

  it('sends Cache-Control with the configured max-age and a strong ETag; 304 on If-None-Match', async () => {
    const first = await jwks();
    const etag = first.headers.get('etag');
    expect(first.headers.get('cache-control')).toBe('public, max-age=120');
    expect(etag).toMatch(/^"[\w-]+"$/);
    for (const header of [etag!, `W/${etag}`, `"other", ${etag}`, '*']) {
      const again = await jwks({ 'if-none-match': header });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
      expect(again.headers.get('etag')).toBe(etag);
      expect(again.headers.get('cache-control')).toBe('public, max-age=120');
    }
    expect((await jwks({ 'if-none-match': '"stale"' })).status).toBe(200);
  });

  it('changes the ETag when the key set changes', async () => {
    const before = (await jwks()).headers.get('etag')!;
    const extra = await createKeyedRegistration(keys, t.dataSource);
    created.push(extra);
    await keys.refreshPublished();
    const after = await jwks({ 'if-none-match': before });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(before);
    expect(((await after.json()) as Jwks).keys.map((k) => k.kid)).toContain(extra.kid);
  });

  it('answers from memory: no database query per request', async () => {
    const publisher = t.get(JwksPublisher);
    publisher.onApplicationShutdown(); // stop the background poll so only requests could query
    const query = jest.spyOn(t.get(DataSource), 'query');
    const createQueryRunner = jest.spyOn(t.get(DataSource), 'createQueryRunner');
    const statuses = await Promise.all(Array.from({ length: 50 }, async () => (await jwks()).status));
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(query).not.toHaveBeenCalled();
    expect(createQueryRunner).not.toHaveBeenCalled();
  });

  it('another instance on the same database picks up a change at its next poll, well within the max-age', async () => {
    const other = await startTestApp({ env: { JWKS_MAX_AGE_SECONDS: '120' } });
    try {
      const otherPublisher = other.get(JwksPublisher);
      expect(otherPublisher.pollIntervalMs).toBeLessThanOrEqual(60_000);
      const extra = await createKeyedRegistration(keys, t.dataSource);
      created.push(extra);
      await keys.refreshPublished();
      const read = async (): Promise<string[]> =>
        ((await (await fetch(`${other.url}/.well-known/jwks.json`)).json()) as Jwks).keys.map((k) => String(k.kid));
      expect(await read()).not.toContain(extra.kid);
      await otherPublisher.reloadIfChanged();
      expect(await read()).toContain(extra.kid);
    } finally {
      await other.close();
    }
  });
});
