import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { FakePlatform } from './fake-platform';

export interface RegisteredPlatform {
  registrationId: string;
  jwkId: string;
}

/**
 * Registers a fake platform by inserting rows directly (fast, and independent of the admin API):
 * a placeholder tool key (inactive, so never published and never used to sign), the registration
 * and its deployments.
 */
export async function registerFakePlatform(
  dataSource: DataSource,
  platform: FakePlatform,
  options: { clientId?: string; deploymentIds?: string[]; name?: string | null; jwksUri?: string } = {},
): Promise<RegisteredPlatform> {
  const kid = `fixture-${randomUUID()}`;
  const [jwk] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO lti_jwks (kid, alg, public_jwk, active) VALUES ($1, 'RS256', $2, false) RETURNING id`,
    [kid, JSON.stringify({ kty: 'RSA', kid, use: 'sig', alg: 'RS256', n: 'AQAB', e: 'AQAB' })],
  );
  const [registration] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO platform_registrations (issuer, client_id, name, auth_endpoint, jwks_uri, token_endpoint, jwk_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      platform.issuer,
      options.clientId ?? platform.clientId,
      options.name === undefined ? 'Fake LMS' : options.name,
      platform.authEndpoint,
      options.jwksUri ?? platform.jwksUri,
      platform.tokenEndpoint,
      jwk.id,
    ],
  );
  for (const deploymentId of options.deploymentIds ?? [platform.deploymentId]) {
    await dataSource.query(`INSERT INTO platform_deployments (registration_id, deployment_id) VALUES ($1, $2)`, [
      registration.id,
      deploymentId,
    ]);
  }
  return { registrationId: registration.id, jwkId: jwk.id };
}
