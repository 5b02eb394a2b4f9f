import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { FixedClock } from '../../src/common/clock';
import { AppError } from '../../src/common/errors/app.error';
import { JsonLogger } from '../../src/common/logging/json.logger';
import { buildConfig } from '../../src/config/config.loader';
import { LookupCache } from '../../src/registrations/lookup.cache';
import { RegistrationChangeRecorder } from '../../src/registrations/registration-change.recorder';
import type { RegistrationStore } from '../../src/registrations/registration.store';
import { TypeormRegistrationStore } from '../../src/registrations/typeorm-registration.store';
import { uniqueSuffix } from '../support/registration.builder';
import { openTestDataSource } from '../support/test-data-source';

const TTL_MS = 5000;

/**
 * A registration written straight to the tables (the admin API is covered by the e2e tests). Its key
 * row is inactive so that it never shows up in the JWKS of an app sharing this database.
 */
async function insertRegistration(
  ds: DataSource,
  issuer: string,
  clientId: string,
  deploymentIds: string[] = [],
): Promise<string> {
  const [row] = await ds.query<{ id: string }[]>(
    `WITH k AS (INSERT INTO lti_jwks (kid, alg, public_jwk, active) VALUES ($1, 'RS256', '{}'::jsonb, false) RETURNING id)
     INSERT INTO platform_registrations (issuer, client_id, name, auth_endpoint, jwks_uri, token_endpoint, jwk_id)
     SELECT $2, $3, 'Store test', 'https://lms.example.edu/auth', 'https://lms.example.edu/jwks', 'https://lms.example.edu/token', k.id
       FROM k RETURNING id`,
    [`test-${uniqueSuffix()}`, issuer, clientId],
  );
  for (const deploymentId of deploymentIds) {
    await ds.query(`INSERT INTO platform_deployments (registration_id, deployment_id) VALUES ($1, $2)`, [
      row.id,
      deploymentId,
    ]);
  }
  return row.id;
}

describe('TypeormRegistrationStore (real SQL)', () => {
  let ds: DataSource;
  let clock: FixedClock;
  let cache: LookupCache;
  let store: RegistrationStore;

  beforeAll(async () => {
    ds = await openTestDataSource(4);
  });
  afterAll(() => ds.destroy());
  beforeEach(() => {
    clock = new FixedClock();
    cache = new LookupCache(buildConfig({ REGISTRATION_CACHE_TTL_MS: String(TTL_MS) }), clock);
    store = new TypeormRegistrationStore(ds, cache);
  });

  describe('lookups', () => {
    it('finds a registration by exact (issuer, clientId) and returns every field the launch needs', async () => {
      const issuer = `https://lms-${uniqueSuffix()}.example.edu`;
      const id = await insertRegistration(ds, issuer, 'client-1');
      expect(await store.findByIssuerAndClientId(issuer, 'client-1')).toEqual({
        id,
        issuer,
        clientId: 'client-1',
        name: 'Store test',
        authEndpoint: 'https://lms.example.edu/auth',
        jwksUri: 'https://lms.example.edu/jwks',
        tokenEndpoint: 'https://lms.example.edu/token',
      });
      expect(await store.findByIssuerAndClientId(issuer, 'client-2')).toBeNull();
      expect(await store.findByIssuerAndClientId(issuer.toUpperCase(), 'client-1')).toBeNull();
      expect(await store.findByIssuerAndClientId(`${issuer}/`, 'client-1')).toBeNull();
      expect(await store.findByIssuerAndClientId(issuer, 'CLIENT-1')).toBeNull();
    });

    it('finds by issuer alone only when exactly one registration has it', async () => {
      const single = `https://single-${uniqueSuffix()}.example.edu`;
      const singleId = await insertRegistration(ds, single, 'only');
      expect((await store.findByIssuer(single))?.id).toBe(singleId);
      expect(await store.findByIssuer(`https://none-${uniqueSuffix()}.example.edu`)).toBeNull();
    });

    it('an issuer shared by several registrations (Canvas cloud) needs client_id', async () => {
      const shared = `https://canvas-${uniqueSuffix()}.example.com`;
      const a = await insertRegistration(ds, shared, 'customer-a');
      const b = await insertRegistration(ds, shared, 'customer-b');
      const error = await store.findByIssuer(shared).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('REGISTRATION_CLIENT_ID_REQUIRED');
      expect((await store.findByIssuerAndClientId(shared, 'customer-a'))?.id).toBe(a);
      expect((await store.findByIssuerAndClientId(shared, 'customer-b'))?.id).toBe(b);
    });

    it('finds by id; unknown and malformed ids are null, never a database error', async () => {
      const id = await insertRegistration(ds, `https://by-id-${uniqueSuffix()}.example.edu`, 'c');
      expect((await store.findById(id))?.id).toBe(id);
      expect((await store.findById(id.toUpperCase()))?.id).toBe(id);
      expect(await store.findById(randomUUID())).toBeNull();
      for (const malformed of ['', 'not-a-uuid', `${id}x`, "' OR '1'='1"])
        expect(await store.findById(malformed)).toBeNull();
    });

    it('deployment ids are case-sensitive and belong to one registration', async () => {
      const issuer = `https://deploy-${uniqueSuffix()}.example.edu`;
      const one = await insertRegistration(ds, issuer, 'one', [
        'Deploy-1',
        'deploy-1',
        '1:8865aa05b4b79b64a91a86042e43af5ea8ae79eb',
      ]);
      const other = await insertRegistration(ds, issuer, 'other', ['only-here']);
      const found = await store.findDeployment(one, 'Deploy-1');
      expect(found).toEqual({ id: expect.any(String), registrationId: one, deploymentId: 'Deploy-1' });
      expect((await store.findDeployment(one, 'deploy-1'))?.deploymentId).toBe('deploy-1');
      expect((await store.findDeployment(one, 'deploy-1'))?.id).not.toBe(found?.id);
      expect(await store.findDeployment(one, 'DEPLOY-1')).toBeNull();
      expect(await store.findDeployment(one, 'Deploy-1 ')).toBeNull();
      expect(await store.findDeployment(one, '1:8865aa05b4b79b64a91a86042e43af5ea8ae79eb')).not.toBeNull();
      expect(await store.findDeployment(one, 'only-here')).toBeNull();
      expect(await store.findDeployment(other, 'only-here')).not.toBeNull();
      expect(await store.findDeployment('not-a-uuid', 'Deploy-1')).toBeNull();
    });

    it('values the database cannot hold (NUL bytes, over 255 characters) are not found instead of failing', async () => {
      const issuer = `https://odd-${uniqueSuffix()}.example.edu`;
      const id = await insertRegistration(ds, issuer, 'c', ['d']);
      expect(await store.findByIssuerAndClientId(`${issuer}\u0000`, 'c')).toBeNull();
      expect(await store.findByIssuerAndClientId(issuer, 'c\u0000')).toBeNull();
      expect(await store.findByIssuer(`${issuer}\u0000`)).toBeNull();
      expect(await store.findDeployment(id, 'd\u0000')).toBeNull();
      expect(await store.findByIssuer('i'.repeat(256))).toBeNull();
      expect(await store.findDeployment(id, 'd'.repeat(100_000))).toBeNull();
      expect(await store.findByIssuerAndClientId('', '')).toBeNull();
    });
  });

  describe('cache', () => {
    it('serves hits from memory until the TTL passes (a direct table change shows up only then)', async () => {
      const issuer = `https://ttl-${uniqueSuffix()}.example.edu`;
      const id = await insertRegistration(ds, issuer, 'c');
      expect((await store.findByIssuerAndClientId(issuer, 'c'))?.name).toBe('Store test');
      await ds.query(`UPDATE platform_registrations SET name = 'renamed' WHERE id = $1`, [id]);
      clock.set(clock.nowMs() + TTL_MS - 1);
      expect((await store.findByIssuerAndClientId(issuer, 'c'))?.name).toBe('Store test');
      clock.set(clock.nowMs() + 1);
      expect((await store.findByIssuerAndClientId(issuer, 'c'))?.name).toBe('renamed');
    });

    it('remembers misses for the TTL, so unknown issuers and deployments do not reach the database each time', async () => {
      const issuer = `https://later-${uniqueSuffix()}.example.edu`;
      expect(await store.findByIssuer(issuer)).toBeNull();
      const id = await insertRegistration(ds, issuer, 'c');
      expect(await store.findDeployment(id, 'late')).toBeNull();
      await ds.query(`INSERT INTO platform_deployments (registration_id, deployment_id) VALUES ($1, 'late')`, [id]);
      const queries = jest.spyOn(ds, 'query');
      try {
        expect(await store.findByIssuer(issuer)).toBeNull();
        expect(await store.findDeployment(id, 'late')).toBeNull();
        expect(queries).not.toHaveBeenCalled();
      } finally {
        queries.mockRestore();
      }
      clock.set(clock.nowMs() + TTL_MS);
      expect((await store.findByIssuer(issuer))?.id).toBe(id);
      expect(await store.findDeployment(id, 'late')).not.toBeNull();
    });

    it('an admin change on this instance is visible at once; another instance follows within the TTL', async () => {
      const otherInstance = new TypeormRegistrationStore(
        ds,
        new LookupCache(buildConfig({ REGISTRATION_CACHE_TTL_MS: String(TTL_MS) }), clock),
      );
      const recorder = new RegistrationChangeRecorder(cache, new JsonLogger('error', () => undefined));
      const shared = `https://switch-${uniqueSuffix()}.example.edu`;
      const first = await insertRegistration(ds, shared, 'a');
      expect((await store.findByIssuer(shared))?.id).toBe(first);
      expect((await otherInstance.findByIssuer(shared))?.id).toBe(first);

      // A second registration for the issuer makes issuer-only lookups ambiguous.
      await insertRegistration(ds, shared, 'b');
      recorder.record('registration created', { tokenId: 't', registrationId: first });
      await expect(store.findByIssuer(shared)).rejects.toMatchObject({ code: 'REGISTRATION_CLIENT_ID_REQUIRED' });
      expect((await otherInstance.findByIssuer(shared))?.id).toBe(first);
      clock.set(clock.nowMs() + TTL_MS);
      await expect(otherInstance.findByIssuer(shared)).rejects.toMatchObject({
        code: 'REGISTRATION_CLIENT_ID_REQUIRED',
      });
    });

    it('hands out frozen views, so one caller cannot corrupt what the next one gets', async () => {
      const issuer = `https://frozen-${uniqueSuffix()}.example.edu`;
      await insertRegistration(ds, issuer, 'c');
      const view = await store.findByIssuerAndClientId(issuer, 'c');
      expect(Object.isFrozen(view)).toBe(true);
      expect(() => Object.assign(view as object, { jwksUri: 'https://evil.example/jwks' })).toThrow(TypeError);
      expect((await store.findByIssuerAndClientId(issuer, 'c'))?.jwksUri).toBe('https://lms.example.edu/jwks');
    });
  });

  it('lookup cost: database round trip vs cache hit', async () => {
    const issuer = `https://bench-${uniqueSuffix()}.example.edu`;
    const id = await insertRegistration(ds, issuer, 'c', ['d']);
    const uncached = new TypeormRegistrationStore(
      ds,
      new LookupCache(buildConfig({ REGISTRATION_CACHE_TTL_MS: '0' }), clock),
    );
    const rounds = 300;
    const measure = async (target: RegistrationStore): Promise<number> => {
      const started = process.hrtime.bigint();
      for (let i = 0; i < rounds; i += 1) {
        await target.findByIssuerAndClientId(issuer, 'c');
        await target.findDeployment(id, 'd');
      }
      return Number(process.hrtime.bigint() - started) / 1000 / (rounds * 2);
    };
    await measure(uncached);
    const dbMicros = await measure(uncached);
    await measure(store);
    const queries = jest.spyOn(ds, 'query');
    const cachedMicros = await measure(store);
    expect(queries).not.toHaveBeenCalled();
    queries.mockRestore();
    // Reported in the issue note; not asserted (timings depend on the machine).
    process.stdout.write(
      `registration lookup cost (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite'}): ` +
        `uncached ${dbMicros.toFixed(1)} µs/lookup, cached ${cachedMicros.toFixed(2)} µs/lookup\n`,
    );
  });
});
