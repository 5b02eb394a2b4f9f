import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { LoginBinding } from '../../src/nonces/login-binding';

export interface NonceFixture {
  issuer: string;
  registrationId: string;
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * A registration of its own (a unique issuer, a throwaway lti_jwks row) for nonce tests, inserted
 * directly so these tests do not depend on the registrations or keys modules.
 */
export async function createNonceFixture(dataSource: DataSource, label = 'nonce'): Promise<NonceFixture> {
  const issuer = `https://${label}-${randomUUID()}.example.test`;
  const [jwk] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO "lti_jwks" ("kid", "alg", "public_jwk", "active") VALUES ($1, 'RS256', '{}'::jsonb, false) RETURNING "id"`,
    [`test-${randomBytes(16).toString('hex')}`],
  );
  const [registration] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO "platform_registrations" ("issuer", "client_id", "auth_endpoint", "jwks_uri", "token_endpoint", "jwk_id")
     VALUES ($1, 'client-1', $2, $3, $4, $5) RETURNING "id"`,
    [issuer, `${issuer}/auth`, `${issuer}/jwks`, `${issuer}/token`, jwk.id],
  );
  return { issuer, registrationId: registration.id };
}

/** A login binding for the fixture with a fresh nonce and state; override any field. */
export function buildLoginBinding(fixture: NonceFixture, overrides: Partial<LoginBinding> = {}): LoginBinding {
  return {
    nonce: randomBytes(32).toString('base64url'),
    issuer: fixture.issuer,
    registrationId: fixture.registrationId,
    stateHash: sha256Hex(randomBytes(32).toString('base64url')),
    targetLinkUri: 'https://tool.example.test/lti/launch',
    ...overrides,
  };
}

/** `count` nonces for the fixture created at `createdAt`, in one INSERT ... SELECT generate_series. */
export async function insertNonces(
  dataSource: DataSource,
  fixture: NonceFixture,
  count: number,
  createdAt: Date,
): Promise<void> {
  await dataSource.query(
    `INSERT INTO "lti_nonces" ("nonce", "issuer", "registration_id", "state_hash", "target_link_uri", "created_at")
     SELECT 'bulk-' || i, $1, $2, repeat('0', 64), 'https://tool.example.test/lti/launch', $3
     FROM generate_series(1, $4::integer) AS i`,
    [fixture.issuer, fixture.registrationId, createdAt, count],
  );
}

export async function countNonces(dataSource: DataSource, issuer: string): Promise<number> {
  const [row] = await dataSource.query<{ n: number }[]>(
    'SELECT count(*)::int AS "n" FROM "lti_nonces" WHERE "issuer" = $1',
    [issuer],
  );
  return row.n;
}
