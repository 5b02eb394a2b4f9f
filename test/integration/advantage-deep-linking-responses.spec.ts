import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DeepLinkingResponseRepository } from '../../src/advantage/deep-linking-response.repository';
import { openTestDataSource } from '../support/test-data-source';

const CONCURRENCY = 20;

/** A registration (with a placeholder, never-signing key) and `count` launches of it, by plain SQL. */
async function launchesFixture(dataSource: DataSource, count: number): Promise<string[]> {
  const tag = randomUUID();
  const [jwk] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO lti_jwks (kid, alg, public_jwk, active) VALUES ($1, 'RS256', $2, false) RETURNING id`,
    [`dl-${tag}`, JSON.stringify({ kty: 'RSA', kid: `dl-${tag}`, n: 'AQAB', e: 'AQAB' })],
  );
  const [registration] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO platform_registrations (issuer, client_id, name, auth_endpoint, jwks_uri, token_endpoint, jwk_id)
     VALUES ($1, 'c', 'DL test', 'https://x/auth', 'https://x/jwks', 'https://x/token', $2) RETURNING id`,
    [`https://dl-${tag}.example`, jwk.id],
  );
  const ids = Array.from({ length: count }, () => randomBytes(32).toString('base64url'));
  for (const id of ids) {
    await dataSource.query(
      `INSERT INTO lti_launches (id, registration_id, deployment_id, message_type, claims, created_at, expires_at)
       VALUES ($1, $2, 'd', 'LtiDeepLinkingRequest', '{}', now(), now() + interval '1 hour')`,
      [id, registration.id],
    );
  }
  return ids;
}

describe('lti_deep_linking_responses on PostgreSQL', () => {
  let dataSource: DataSource;
  let responses: DeepLinkingResponseRepository;

  beforeAll(async () => {
    dataSource = await openTestDataSource(CONCURRENCY);
    responses = new DeepLinkingResponseRepository(dataSource);
  });
  afterAll(() => dataSource.destroy());

  const row = (launchId: string, nonce = randomUUID()) => ({ launchId, nonce, itemCount: 1, createdAt: new Date() });

  it(`of ${CONCURRENCY} concurrent claims for one launch exactly one wins`, async () => {
    for (const launchId of await launchesFixture(dataSource, 5)) {
      expect(await responses.exists(launchId)).toBe(false);
      const results = await Promise.all(Array.from({ length: CONCURRENCY }, () => responses.claim(row(launchId))));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await responses.exists(launchId)).toBe(true);
    }
  });

  it('refuses a claim for a launch that does not exist (foreign key)', async () => {
    await expect(responses.claim(row(randomBytes(32).toString('base64url')))).rejects.toThrow(/foreign key/i);
  });

  it('goes away with its launch (ON DELETE CASCADE), so the launch cleanup job clears it', async () => {
    const [launchId] = await launchesFixture(dataSource, 1);
    expect(await responses.claim(row(launchId))).toBe(true);
    await dataSource.query(`DELETE FROM lti_launches WHERE id = $1`, [launchId]);
    expect(await responses.exists(launchId)).toBe(false);
  });
});
