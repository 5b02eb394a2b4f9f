import { createPublicKey, verify } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AppError } from '../../src/common/errors/app.error';
import { rsaThumbprint } from '../../src/jwks/key.generator';
import {
  buildKeyServices,
  createKeyedRegistration,
  type KeyServices,
  removeKeyedRegistrations,
} from '../support/keys.builder';
import { openTestDataSource } from '../support/test-data-source';

interface Row {
  kid: string;
  active: boolean;
  public_jwk: Record<string, unknown>;
  private_key_encrypted: string | null;
  kek_id: string | null;
  first_signed_at: Date | null;
  retired_at: Date | null;
  deactivated_at: Date | null;
}

function decode(jwt: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [header, payload] = jwt
    .split('.')
    .slice(0, 2)
    .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>);
  return { header, payload };
}

function verifiesWith(jwt: string, publicJwk: Record<string, unknown>): boolean {
  const [header, payload, signature] = jwt.split('.');
  const key = createPublicKey({ key: publicJwk as never, format: 'jwk' });
  return verify('sha256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'));
}

describe('jwks storage and signing on PostgreSQL', () => {
  let dataSource: DataSource;
  let s: KeyServices;
  const registrations: string[] = [];
  const row = async (kid: string): Promise<Row> =>
    (await dataSource.query<Row[]>(`SELECT * FROM lti_jwks WHERE kid = $1`, [kid]))[0];

  beforeAll(async () => {
    dataSource = await openTestDataSource();
    s = buildKeyServices(dataSource);
  });
  afterAll(async () => {
    await removeKeyedRegistrations(dataSource, registrations);
    await dataSource.destroy();
  });

  const keyed = async (): Promise<Awaited<ReturnType<typeof createKeyedRegistration>>> => {
    const created = await createKeyedRegistration(s.keys, dataSource);
    registrations.push(created.registrationId);
    return created;
  };

  it('insert stores a sealed private key, the KEK id and only public JWK members', async () => {
    const { kid } = await keyed();
    const stored = await row(kid);
    expect(stored.active).toBe(true);
    expect(stored.kek_id).toBe('test-kek-1');
    expect(stored.private_key_encrypted).toMatch(/^v1\.test-kek-1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(Object.keys(stored.public_jwk).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
    expect(rsaThumbprint(stored.public_jwk as { e: string; n: string })).toBe(kid);
    const der = s.cipher.open(kid, stored.private_key_encrypted!);
    expect(der.subarray(0, 2).toString('hex')).toBe('3082');
  });

  it('retire sets retired_at once; a second retirement keeps the first time', async () => {
    const { jwkId, kid } = await keyed();
    const first = new Date('2026-02-01T00:00:00Z');
    await dataSource.transaction((em) => s.keys.retire(em, [jwkId], first));
    await dataSource.transaction((em) => s.keys.retire(em, [jwkId], new Date('2026-03-01T00:00:00Z')));
    expect((await row(kid)).retired_at?.toISOString()).toBe(first.toISOString());
  });

  it('signs RS256 with the current kid, clock-based iat/exp, and records first_signed_at once', async () => {
    const { registrationId, kid } = await keyed();
    const { jwt, kid: used } = await s.signing.sign(registrationId, { iss: 'tool', aud: 'lms' });
    expect(used).toBe(kid);
    const { header, payload } = decode(jwt);
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT', kid });
    expect(payload).toMatchObject({
      iss: 'tool',
      aud: 'lms',
      iat: s.clock.nowSeconds(),
      exp: s.clock.nowSeconds() + 300,
    });
    expect(verifiesWith(jwt, (await row(kid)).public_jwk)).toBe(true);
    const firstAt = s.clock.now().toISOString();
    s.clock.advanceSeconds(60);
    await s.signing.sign(registrationId, {});
    expect((await row(kid)).first_signed_at?.toISOString()).toBe(firstAt);
  });

  it('refuses lifetimes beyond SIGNED_TOKEN_LIFETIME_SECONDS (the grace rule depends on them)', async () => {
    const { registrationId } = await keyed();
    await expect(s.signing.sign(registrationId, {}, { expiresInSeconds: 301 })).rejects.toThrow(RangeError);
    await expect(s.signing.sign(registrationId, { exp: s.clock.nowSeconds() + 3600 })).rejects.toThrow(RangeError);
  });

  it('decrypts and imports a key once per kid, not per signature', async () => {
    const fresh = buildKeyServices(dataSource);
    const { registrationId } = await keyed();
    const open = jest.spyOn(fresh.cipher, 'open');
    await Promise.all(Array.from({ length: 8 }, () => fresh.signing.sign(registrationId, {})));
    await fresh.signing.sign(registrationId, {});
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('an unknown registration is KEY_REGISTRATION_NOT_FOUND', async () => {
    const error = await s.signing.sign('00000000-0000-4000-8000-000000000000', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('KEY_REGISTRATION_NOT_FOUND');
  });
});
