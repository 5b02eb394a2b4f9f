import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors/app.error';
import { KeysService } from '../jwks/keys.service';
import { RegistrationChangeRecorder } from './registration-change.recorder';
import type { CreateRegistrationDto, UpdateRegistrationDto } from './registration.dto';
import type { ListRegistrationsQuery } from './registration-query.dto';
import { type RegistrationFields, RegistrationRepository } from './registration.repository';
import type { RegistrationPageResponse, RegistrationResponse } from './registration.response';
import { isUuid } from './registration.validators';

function notFound(id: string): AppError {
  return new AppError('REGISTRATION_NOT_FOUND', { detail: `registration ${id.slice(0, 64)}` });
}

/** Only the fields that were sent (PATCH is partial; `name: null` is a change, undefined is not). */
function sentFields(input: UpdateRegistrationDto): Partial<RegistrationFields> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}

/** Admin operations on platform registrations; each registration gets its own signing key. */
@Injectable()
export class RegistrationsService {
  constructor(
    private readonly repository: RegistrationRepository,
    private readonly keys: KeysService,
    private readonly changes: RegistrationChangeRecorder,
    private readonly clock: Clock,
  ) {}

  /** The registration, its key and its deployments commit together or not at all. */
  async create(input: CreateRegistrationDto, tokenId: string): Promise<RegistrationResponse> {
    // RSA generation takes up to ~0.5 s: never inside the transaction (the embedded database serializes them).
    const key = await this.keys.generate();
    const { issuer, clientId, authEndpoint, jwksUri, tokenEndpoint } = input;
    const fields: RegistrationFields = {
      issuer,
      clientId,
      authEndpoint,
      jwksUri,
      tokenEndpoint,
      name: input.name ?? null,
    };
    const id = await this.repository.transaction(async (manager) => {
      const jwk = await this.keys.insert(manager, key);
      return this.repository.insert(manager, fields, jwk.id, input.deploymentIds ?? []);
    });
    await this.publishKeys();
    this.changes.record('registration created', { tokenId, registrationId: id, issuer, clientId });
    return this.get(id);
  }

  async get(id: string): Promise<RegistrationResponse> {
    const registration = isUuid(id) ? await this.repository.findById(id) : null;
    if (!registration) throw notFound(id);
    return registration;
  }

  async list(query: ListRegistrationsQuery): Promise<RegistrationPageResponse> {
    const { limit, offset } = query;
    const page = await this.repository.list({ issuer: query.issuer, clientId: query.clientId }, { limit, offset });
    return { ...page, limit, offset };
  }

  async update(id: string, input: UpdateRegistrationDto, tokenId: string): Promise<RegistrationResponse> {
    if (!isUuid(id)) throw notFound(id);
    const changes = sentFields(input);
    if (Object.keys(changes).length === 0) return this.get(id);
    if (!(await this.repository.update(id, changes))) throw notFound(id);
    const registration = await this.get(id);
    this.changes.record('registration updated', {
      tokenId,
      registrationId: id,
      fields: Object.keys(changes),
      issuer: registration.issuer,
      clientId: registration.clientId,
    });
    return registration;
  }

  /**
   * Deployments go with the row (ON DELETE CASCADE). Its keys stop signing now but stay published
   * for the retirement grace period (platforms may still verify what they signed); maintenance
   * unpublishes them later.
   */
  async remove(id: string, tokenId: string): Promise<void> {
    if (!isUuid(id)) throw notFound(id);
    const deleted = await this.repository.transaction(async (manager) => {
      const row = await this.repository.delete(manager, id);
      if (!row) throw notFound(id);
      const keyIds = row.pendingJwkId ? [row.jwkId, row.pendingJwkId] : [row.jwkId];
      await this.keys.retire(manager, keyIds, this.clock.now());
      return row;
    });
    this.changes.record('registration deleted', {
      tokenId,
      registrationId: id,
      issuer: deleted.issuer,
      clientId: deleted.clientId,
    });
  }

  /**
   * The new key must be in this instance's JWKS before it signs. The registration is committed, so a
   * failed reload is not the client's error: the publisher's own poll catches up within seconds.
   */
  private async publishKeys(): Promise<void> {
    try {
      await this.keys.refreshPublished();
    } catch (error) {
      this.changes.warn('JWKS reload after registration create failed; the periodic poll will publish the key', error);
    }
  }
}
