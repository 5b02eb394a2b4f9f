import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError } from '../common/errors/app.error';
import { LookupCache } from './lookup.cache';
import { type DeploymentView, RegistrationStore, type RegistrationView } from './registration.store';
import { isStorableText, isUuid, MAX_TEXT_LENGTH } from './registration.validators';

interface ViewRow {
  id: string;
  issuer: string;
  client_id: string;
  name: string | null;
  auth_endpoint: string;
  jwks_uri: string;
  token_endpoint: string;
}

const SELECT_VIEW = `SELECT id, issuer, client_id, name, auth_endpoint, jwks_uri, token_endpoint FROM platform_registrations`;
const BY_ISSUER_AND_CLIENT_ID = `${SELECT_VIEW} WHERE issuer = $1 AND client_id = $2`;
// Two rows are enough to know the issuer is ambiguous.
const BY_ISSUER = `${SELECT_VIEW} WHERE issuer = $1 ORDER BY created_at, id LIMIT 2`;
const BY_ID = `${SELECT_VIEW} WHERE id = $1`;
const DEPLOYMENT = `SELECT id, registration_id, deployment_id FROM platform_deployments WHERE registration_id = $1 AND deployment_id = $2`;

// Values that cannot be stored cannot match, and a NUL byte would make PostgreSQL raise.
function storable(value: string): boolean {
  return isStorableText(value, 1, MAX_TEXT_LENGTH);
}

function toView(row: ViewRow): RegistrationView {
  // Frozen: the same object is handed to every caller while it is cached.
  return Object.freeze({
    id: row.id,
    issuer: row.issuer,
    clientId: row.client_id,
    name: row.name,
    authEndpoint: row.auth_endpoint,
    jwksUri: row.jwks_uri,
    tokenEndpoint: row.token_endpoint,
  });
}

/**
 * The default RegistrationStore: one indexed query per lookup (unique constraints on
 * (issuer, client_id) and (registration_id, deployment_id), the issuer index, the primary key),
 * behind LookupCache. Keys are NUL-separated, which no looked-up value can contain.
 */
@Injectable()
export class TypeormRegistrationStore extends RegistrationStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cache: LookupCache,
  ) {
    super();
  }

  async findByIssuerAndClientId(issuer: string, clientId: string): Promise<RegistrationView | null> {
    if (!storable(issuer) || !storable(clientId)) return null;
    const views = await this.cache.get(`c\u0000${issuer}\u0000${clientId}`, () =>
      this.views(BY_ISSUER_AND_CLIENT_ID, [issuer, clientId]),
    );
    return views[0] ?? null;
  }

  async findByIssuer(issuer: string): Promise<RegistrationView | null> {
    if (!storable(issuer)) return null;
    const views = await this.cache.get(`i\u0000${issuer}`, () => this.views(BY_ISSUER, [issuer]));
    if (views.length > 1) {
      throw new AppError('REGISTRATION_CLIENT_ID_REQUIRED', { detail: `several registrations for issuer ${issuer}` });
    }
    return views[0] ?? null;
  }

  async findById(id: string): Promise<RegistrationView | null> {
    if (!isUuid(id)) return null;
    const views = await this.cache.get(`r\u0000${id}`, () => this.views(BY_ID, [id]));
    return views[0] ?? null;
  }

  findDeployment(registrationId: string, deploymentId: string): Promise<DeploymentView | null> {
    if (!isUuid(registrationId) || !storable(deploymentId)) return Promise.resolve(null);
    return this.cache.get(`d\u0000${registrationId}\u0000${deploymentId}`, async () => {
      const rows = await this.dataSource.query<{ id: string; registration_id: string; deployment_id: string }[]>(
        DEPLOYMENT,
        [registrationId, deploymentId],
      );
      const row = rows[0];
      return row
        ? Object.freeze({ id: row.id, registrationId: row.registration_id, deploymentId: row.deployment_id })
        : null;
    });
  }

  private async views(sql: string, params: string[]): Promise<readonly RegistrationView[]> {
    const rows = await this.dataSource.query<ViewRow[]>(sql, params);
    return Object.freeze(rows.map(toView));
  }
}
