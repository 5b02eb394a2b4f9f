import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { translatingConstraints } from './constraint-violation';
import { PlatformDeploymentEntity } from './platform-deployment.entity';
import { PlatformRegistrationEntity } from './platform-registration.entity';
import type { DeploymentResponse, RegistrationResponse } from './registration.response';

/** The columns an administrator sets. */
export interface RegistrationFields {
  issuer: string;
  clientId: string;
  name: string | null;
  authEndpoint: string;
  jwksUri: string;
  tokenEndpoint: string;
}

export interface RegistrationFilter {
  issuer?: string;
  clientId?: string;
}

export interface Page {
  limit: number;
  offset: number;
}

/** What a deleted registration was, and the signing keys it pointed at (to retire them). */
export interface DeletedRegistration {
  issuer: string;
  clientId: string;
  jwkId: string;
  pendingJwkId: string | null;
}

interface RegistrationRow {
  id: string;
  issuer: string;
  client_id: string;
  name: string | null;
  auth_endpoint: string;
  jwks_uri: string;
  token_endpoint: string;
  kid: string;
  pending_kid: string | null;
  pending_activates_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const SELECT_REGISTRATIONS = `
  SELECT r.id, r.issuer, r.client_id, r.name, r.auth_endpoint, r.jwks_uri, r.token_endpoint,
         k.kid, pk.kid AS pending_kid, r.pending_activates_at, r.created_at, r.updated_at
    FROM platform_registrations r
    JOIN lti_jwks k ON k.id = r.jwk_id
    LEFT JOIN lti_jwks pk ON pk.id = r.pending_jwk_id`;

/** Admin reads and writes of platform_registrations (the launch flow reads through RegistrationStore). */
@Injectable()
export class RegistrationRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Inserts a registration and its deployments; duplicates become REGISTRATION_ALREADY_EXISTS. */
  async insert(
    manager: EntityManager,
    fields: RegistrationFields,
    jwkId: string,
    deploymentIds: string[],
  ): Promise<string> {
    const result = await translatingConstraints(() => manager.insert(PlatformRegistrationEntity, { ...fields, jwkId }));
    const id = (result.identifiers[0] as { id: string }).id;
    if (deploymentIds.length > 0) {
      const rows = deploymentIds.map((deploymentId) => ({ registrationId: id, deploymentId }));
      await translatingConstraints(() => manager.insert(PlatformDeploymentEntity, rows));
    }
    return id;
  }

  /** False when no registration has this id; a taken (issuer, clientId) becomes REGISTRATION_ALREADY_EXISTS. */
  async update(id: string, changes: Partial<RegistrationFields>): Promise<boolean> {
    const result = await translatingConstraints(() =>
      this.dataSource.getRepository(PlatformRegistrationEntity).update({ id }, changes),
    );
    return (result.affected ?? 0) > 0;
  }

  /** One statement, so the keys returned are the ones the row held when it went (deployments cascade). */
  async delete(manager: EntityManager, id: string): Promise<DeletedRegistration | null> {
    const result = await manager
      .createQueryBuilder()
      .delete()
      .from(PlatformRegistrationEntity)
      .where('id = :id', { id })
      .returning('issuer, client_id, jwk_id, pending_jwk_id')
      .execute();
    const row = (
      result.raw as { issuer: string; client_id: string; jwk_id: string; pending_jwk_id: string | null }[]
    )[0];
    if (!row) return null;
    return { issuer: row.issuer, clientId: row.client_id, jwkId: row.jwk_id, pendingJwkId: row.pending_jwk_id };
  }

  async exists(id: string): Promise<boolean> {
    return this.dataSource.getRepository(PlatformRegistrationEntity).existsBy({ id });
  }

  async findById(id: string): Promise<RegistrationResponse | null> {
    const rows = await this.dataSource.query<RegistrationRow[]>(`${SELECT_REGISTRATIONS} WHERE r.id = $1`, [id]);
    return (await this.withDeployments(rows))[0] ?? null;
  }

  /** A page in creation order (stable under concurrent inserts) and the number of matches. */
  async list(filter: RegistrationFilter, page: Page): Promise<{ items: RegistrationResponse[]; total: number }> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (filter.issuer !== undefined) conditions.push(`r.issuer = $${params.push(filter.issuer)}`);
    if (filter.clientId !== undefined) conditions.push(`r.client_id = $${params.push(filter.clientId)}`);
    const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
    const [counted] = await this.dataSource.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM platform_registrations r${where}`,
      params,
    );
    const rows = await this.dataSource.query<RegistrationRow[]>(
      `${SELECT_REGISTRATIONS}${where} ORDER BY r.created_at, r.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    );
    return { items: await this.withDeployments(rows), total: counted.total };
  }

  /** Deployments of all rows in one query. */
  private async withDeployments(rows: RegistrationRow[]): Promise<RegistrationResponse[]> {
    if (rows.length === 0) return [];
    const deployments = await this.dataSource.query<
      { registration_id: string; deployment_id: string; created_at: Date }[]
    >(
      `SELECT registration_id, deployment_id, created_at FROM platform_deployments
        WHERE registration_id = ANY($1::uuid[]) ORDER BY created_at, deployment_id`,
      [rows.map((row) => row.id)],
    );
    const byRegistration = new Map<string, DeploymentResponse[]>(rows.map((row) => [row.id, []]));
    for (const d of deployments) {
      byRegistration.get(d.registration_id)?.push({ deploymentId: d.deployment_id, createdAt: d.created_at });
    }
    return rows.map((row) => toResponse(row, byRegistration.get(row.id) ?? []));
  }
}

function toResponse(row: RegistrationRow, deployments: DeploymentResponse[]): RegistrationResponse {
  return {
    id: row.id,
    issuer: row.issuer,
    clientId: row.client_id,
    name: row.name,
    authEndpoint: row.auth_endpoint,
    jwksUri: row.jwks_uri,
    tokenEndpoint: row.token_endpoint,
    kid: row.kid,
    pendingKid: row.pending_kid,
    pendingActivatesAt: row.pending_activates_at,
    deployments,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
