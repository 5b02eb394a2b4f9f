import type { DataSource } from 'typeorm';
import { FixedClock } from '../../src/common/clock';
import { loadConfig } from '../../src/config/config.loader';
import { NonceRepository } from '../../src/nonces/nonce.repository';
import { NoncesService } from '../../src/nonces/nonces.service';
import {
  buildLoginBinding,
  countNonces,
  createNonceFixture,
  type NonceFixture,
  sha256Hex,
} from '../support/nonce.builder';
import { openTestDataSource } from '../support/test-data-source';
import { testEnv } from '../support/test-env';

const CONCURRENCY = 50;
const ROUNDS = 20;
const TTL_SECONDS = 600;

describe('nonces on PostgreSQL', () => {
  let dataSource: DataSource;
  let clock: FixedClock;
  let nonces: NoncesService;
  let fixture: NonceFixture;

  beforeAll(async () => {
    // One connection per concurrent consume, so they really run at the same time on real PostgreSQL.
    dataSource = await openTestDataSource(CONCURRENCY);
    clock = new FixedClock();
    const config = loadConfig(testEnv({ NONCE_TTL_SECONDS: String(TTL_SECONDS) }));
    nonces = new NoncesService(new NonceRepository(dataSource), clock, config);
    fixture = await createNonceFixture(dataSource);
  });
  afterAll(() => dataSource.destroy());

  const queryFor = (binding: ReturnType<typeof buildLoginBinding>) => ({
    nonce: binding.nonce,
    issuer: binding.issuer,
    stateHash: binding.stateHash,
  });

  it(`of ${CONCURRENCY} concurrent consumes of one nonce exactly one succeeds (${ROUNDS} rounds)`, async () => {
    const started = performance.now();
    for (let round = 0; round < ROUNDS; round += 1) {
      const binding = buildLoginBinding(fixture, { targetLinkUri: `https://tool.example.test/lti/r${round}` });
      await nonces.issue(binding);
      const results = await Promise.all(Array.from({ length: CONCURRENCY }, () => nonces.consume(queryFor(binding))));
      const winners = results.filter((result) => result !== null);
      expect(winners).toEqual([{ registrationId: fixture.registrationId, targetLinkUri: binding.targetLinkUri }]);
    }
    expect(await countNonces(dataSource, fixture.issuer)).toBe(0);
    const ms = performance.now() - started;
    console.log(`nonce race: ${ROUNDS} rounds x ${CONCURRENCY} concurrent consumes, ${Math.round(ms)} ms total`);
  });

  it('expires at NONCE_TTL_SECONDS on the injected clock: valid just before, null from then on', async () => {
    const issuedAt = clock.nowMs();
    const early = buildLoginBinding(fixture);
    const onTime = buildLoginBinding(fixture);
    const late = buildLoginBinding(fixture);
    for (const binding of [early, onTime, late]) await nonces.issue(binding);

    clock.set(issuedAt + TTL_SECONDS * 1000 - 1);
    expect(await nonces.consume(queryFor(early))).not.toBeNull();
    clock.set(issuedAt + TTL_SECONDS * 1000);
    expect(await nonces.consume(queryFor(onTime))).toBeNull();
    clock.set(issuedAt + TTL_SECONDS * 1000 + 1);
    expect(await nonces.consume(queryFor(late))).toBeNull();
    // Expired rows are left for the cleanup job, not deleted by a failed consume.
    expect(await countNonces(dataSource, fixture.issuer)).toBe(2);
    await dataSource.query('DELETE FROM "lti_nonces" WHERE "issuer" = $1', [fixture.issuer]);
    clock.set(issuedAt);
  });

  it.each([
    ['another login (state)', { stateHash: sha256Hex('someone else') }],
    ['another issuer', { issuer: 'https://other.example.test' }],
    ['another nonce', { nonce: 'not-the-nonce' }],
  ])('refuses a nonce bound to %s and leaves it in place', async (_label, change) => {
    const binding = buildLoginBinding(fixture);
    await nonces.issue(binding);
    expect(await nonces.consume({ ...queryFor(binding), ...change })).toBeNull();
    expect(await nonces.consume(queryFor(binding))).toEqual({
      registrationId: fixture.registrationId,
      targetLinkUri: binding.targetLinkUri,
    });
    expect(await nonces.consume(queryFor(binding))).toBeNull();
  });

  it.each([
    ['an empty nonce', { nonce: '' }],
    ['a nonce longer than 128', { nonce: 'n'.repeat(129) }],
    ['an issuer longer than 255', { issuer: 'i'.repeat(256) }],
    ['a state hash that is not sha256 hex length', { stateHash: 'abc' }],
    ['a nonce that is not a string (a hostile id_token claim)', { nonce: 12345 as unknown as string }],
  ])('answers null for %s', async (_label, change) => {
    const binding = buildLoginBinding(fixture);
    expect(await nonces.consume({ ...queryFor(binding), ...change })).toBeNull();
  });

  it('rejects a second issue of the same (nonce, issuer) on UQ_lti_nonces_nonce_issuer', async () => {
    const binding = buildLoginBinding(fixture);
    await nonces.issue(binding);
    await expect(nonces.issue({ ...binding, stateHash: sha256Hex('x') })).rejects.toMatchObject({
      driverError: { code: '23505', constraint: 'UQ_lti_nonces_nonce_issuer' },
    });
    // The same nonce value under another issuer is a different key.
    const other = await createNonceFixture(dataSource);
    await expect(nonces.issue(buildLoginBinding(other, { nonce: binding.nonce }))).resolves.toBeUndefined();
    // The first binding survived the duplicate attempt unchanged.
    expect(await nonces.consume(queryFor(binding))).not.toBeNull();
  });

  it('deletes the nonces of a registration with it (FK_lti_nonces_registration_id, cascade)', async () => {
    const doomed = await createNonceFixture(dataSource);
    await nonces.issue(buildLoginBinding(doomed));
    await nonces.issue(buildLoginBinding(doomed));
    await dataSource.query('DELETE FROM "platform_registrations" WHERE "id" = $1', [doomed.registrationId]);
    expect(await countNonces(dataSource, doomed.issuer)).toBe(0);
  });

  it('refuses a nonce for a registration that does not exist', async () => {
    const binding = buildLoginBinding({ ...fixture, registrationId: '00000000-0000-4000-8000-000000000000' });
    await expect(nonces.issue(binding)).rejects.toMatchObject({
      driverError: { code: '23503', constraint: 'FK_lti_nonces_registration_id' },
    });
  });
});
