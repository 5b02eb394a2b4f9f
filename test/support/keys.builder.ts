import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { FixedClock } from '../../src/common/clock';
import { JsonLogger } from '../../src/common/logging/json.logger';
import type { AppConfig } from '../../src/config/app.config';
import { loadConfig } from '../../src/config/config.loader';
import { JwksPublisher } from '../../src/jwks/jwks.publisher';
import { parseKeyEncryptionKeys } from '../../src/jwks/kek.parser';
import { KeyActivationJob } from '../../src/jwks/key-activation.job';
import { KeyAssignmentRepository } from '../../src/jwks/key-assignment.repository';
import { KeyRetirementJob } from '../../src/jwks/key-retirement.job';
import { KeyRotationService } from '../../src/jwks/key-rotation.service';
import { KeyStartupCheck } from '../../src/jwks/key-startup.check';
import { KeyCipher } from '../../src/jwks/key.cipher';
import type { GeneratedKey } from '../../src/jwks/key.generator';
import { KeysRepository } from '../../src/jwks/keys.repository';
import { KeysService } from '../../src/jwks/keys.service';
import { SigningKeyCache } from '../../src/jwks/signing-key.cache';
import { SigningService } from '../../src/jwks/signing.service';
import { MaintenanceRegistry } from '../../src/maintenance/maintenance.registry';
import { testEnv } from './test-env';

/** The jwks module's services wired by hand on a DataSource (integration tests, no Nest app). */
export interface KeyServices {
  config: AppConfig;
  clock: FixedClock;
  cipher: KeyCipher;
  keysRepository: KeysRepository;
  keys: KeysService;
  publisher: JwksPublisher;
  signingKeys: SigningKeyCache;
  signing: SigningService;
  rotation: KeyRotationService;
  activation: KeyActivationJob;
  retirement: KeyRetirementJob;
  startupCheck: KeyStartupCheck;
}

export function buildKeyServices(
  dataSource: DataSource,
  env: Record<string, string> = {},
  clock = new FixedClock(),
): KeyServices {
  const config = loadConfig(testEnv(env));
  const logger = new JsonLogger('error', () => undefined);
  const cipher = new KeyCipher(parseKeyEncryptionKeys(config.KEY_ENCRYPTION_KEYS));
  const keysRepository = new KeysRepository(dataSource);
  const assignments = new KeyAssignmentRepository(dataSource);
  const publisher = new JwksPublisher(keysRepository, config, logger);
  const keys = new KeysService(keysRepository, cipher, publisher, config);
  const signingKeys = new SigningKeyCache(assignments, keysRepository, cipher, config);
  const registry = new MaintenanceRegistry();
  return {
    config,
    clock,
    cipher,
    keysRepository,
    keys,
    publisher,
    signingKeys,
    signing: new SigningService(signingKeys, clock, config, logger),
    rotation: new KeyRotationService(keys, assignments, signingKeys, clock),
    activation: new KeyActivationJob(registry, assignments, signingKeys),
    retirement: new KeyRetirementJob(registry, keysRepository, signingKeys, config),
    startupCheck: new KeyStartupCheck(keysRepository, cipher, logger),
  };
}

export interface KeyedRegistration {
  registrationId: string;
  issuer: string;
  clientId: string;
  jwkId: string;
  kid: string;
}

/**
 * A platform_registrations row pointing at a fresh key, inserted directly (no registrations API):
 * the key is generated outside the transaction and inserted inside it, as the registrations module does.
 */
export async function createKeyedRegistration(
  keys: Pick<KeysService, 'generate' | 'insert'>,
  dataSource: DataSource,
  generated?: GeneratedKey,
): Promise<KeyedRegistration> {
  const key = generated ?? (await keys.generate());
  const suffix = `${process.pid.toString(36)}-${randomBytes(6).toString('hex')}`;
  const issuer = `https://lms-keys-${suffix}.example.edu`;
  const clientId = `client-${suffix}`;
  return dataSource.transaction(async (manager) => {
    const { id: jwkId, kid } = await keys.insert(manager, key);
    const [{ id }] = await manager.query<{ id: string }[]>(
      `INSERT INTO platform_registrations (issuer, client_id, auth_endpoint, jwks_uri, token_endpoint, jwk_id)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [issuer, clientId, `${issuer}/auth`, `${issuer}/jwks`, `${issuer}/token`, jwkId],
    );
    return { registrationId: id, issuer, clientId, jwkId, kid };
  });
}

/** Removes test registrations and the keys they used or a test names, unless another registration uses them. */
export async function removeKeyedRegistrations(
  dataSource: DataSource,
  registrationIds: string[],
  kids: string[] = [],
): Promise<void> {
  const [rows] = await dataSource.query<[{ jwk_id: string; pending_jwk_id: string | null }[], number]>(
    `DELETE FROM platform_registrations WHERE id = ANY($1::uuid[]) RETURNING jwk_id, pending_jwk_id`,
    [registrationIds],
  );
  const ids = rows.flatMap((row) => [row.jwk_id, row.pending_jwk_id]).filter((id): id is string => id !== null);
  await dataSource.query(
    `DELETE FROM lti_jwks k WHERE (k.id = ANY($1::uuid[]) OR k.kid = ANY($2::text[]))
       AND NOT EXISTS (SELECT 1 FROM platform_registrations r WHERE r.jwk_id = k.id OR r.pending_jwk_id = k.id)`,
    [ids, kids],
  );
}
