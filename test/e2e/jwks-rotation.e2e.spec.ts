import { createRemoteJWKSet, jwtVerify } from 'jose';
import { FixedClock } from '../../src/common/clock';
import { KeyActivationJob } from '../../src/jwks/key-activation.job';
import { KeyRetirementJob } from '../../src/jwks/key-retirement.job';
import { KeysService } from '../../src/jwks/keys.service';
import { SigningService } from '../../src/jwks/signing.service';
import type { MaintenanceContext } from '../../src/maintenance/maintenance-task';
import { adminFetch } from '../support/registration.builder';
import { createKeyedRegistration, type KeyedRegistration, removeKeyedRegistrations } from '../support/keys.builder';
import { startTestApp, type TestApp } from '../support/test-app';

interface Rotation {
  registrationId: string;
  kid: string;
  previousKid: string;
  activatesAt: string;
  previousRetiresAt: string;
  supersededKid: string | null;
}

describe('signing key rotation over HTTP', () => {
  const clock = new FixedClock(new Date('2026-06-01T08:00:00Z'));
  let t: TestApp;
  let signing: SigningService;
  const created: KeyedRegistration[] = [];
  const kids: string[] = [];

  const admin = (method: string, path: string, body?: unknown, token?: string | null): Promise<Response> =>
    adminFetch(t, method, path, body, token);
  const rotate = async (registrationId: string, body?: unknown): Promise<Rotation> => {
    const res = await admin('POST', `/admin/registrations/${registrationId}/rotate-key`, body);
    expect(res.status).toBe(201);
    const rotation = (await res.json()) as Rotation;
    kids.push(rotation.kid);
    return rotation;
  };
  const publishedKids = async (): Promise<string[]> =>
    ((await (await fetch(`${t.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] }).keys.map(
      (k) => k.kid,
    );
  const maintenance = (): MaintenanceContext => ({ manager: t.dataSource.manager, now: clock.now(), batchSize: 1000 });
  const keyed = async (): Promise<KeyedRegistration> => {
    const reg = await createKeyedRegistration(t.get(KeysService), t.dataSource);
    created.push(reg);
    kids.push(reg.kid);
    await t.get(KeysService).refreshPublished();
    return reg;
  };

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { LOG_LEVEL: 'info' } });
    signing = t.get(SigningService);
  });
  afterAll(async () => {
    await removeKeyedRegistrations(
      t.dataSource,
      created.map((c) => c.registrationId),
      kids,
    );
    await t.close();
  });

  it('rotates at once by default: 201 with both kids published, new signatures carry the new kid', async () => {
    const reg = await keyed();
    const rotation = await rotate(reg.registrationId);
    expect(rotation).toEqual({
      registrationId: reg.registrationId,
      kid: expect.stringMatching(/^[\w-]{43}$/),
      previousKid: reg.kid,
      activatesAt: clock.now().toISOString(),
      previousRetiresAt: clock.now().toISOString(),
      supersededKid: null,
    });
    expect(await publishedKids()).toEqual(expect.arrayContaining([reg.kid, rotation.kid]));
    expect((await signing.sign(reg.registrationId, {})).kid).toBe(rotation.kid);
    const audit = t.logs
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((l) => l.msg === 'signing key rotated' && l.kid === rotation.kid);
    expect(audit).toMatchObject({
      context: 'Admin',
      registrationId: reg.registrationId,
      adminTokenId: expect.any(String),
    });
  });

  it('an independent verifier (jose createRemoteJWKSet over HTTP) verifies before and after rotation until deactivation', async () => {
    const reg = await keyed();
    const url = new URL(`${t.url}/.well-known/jwks.json`);
    const verifier = createRemoteJWKSet(url, { cooldownDuration: 0 });
    const options = { currentDate: clock.now(), algorithms: ['RS256'] };
    const before = await signing.sign(reg.registrationId, { iss: 'tool', aud: 'lms' });
    await expect(jwtVerify(before.jwt, verifier, options)).resolves.toMatchObject({
      protectedHeader: { kid: reg.kid },
    });

    const rotation = await rotate(reg.registrationId);
    const after = await signing.sign(reg.registrationId, { iss: 'tool', aud: 'lms' });
    expect(after.kid).toBe(rotation.kid);
    await expect(jwtVerify(after.jwt, verifier, options)).resolves.toMatchObject({
      protectedHeader: { kid: rotation.kid },
    });
    await expect(jwtVerify(before.jwt, verifier, options)).resolves.toMatchObject({ payload: { iss: 'tool' } });

    clock.advanceSeconds(t.config.KEY_RETIREMENT_GRACE_SECONDS);
    expect((await t.get(KeyRetirementJob).run(maintenance())).deactivated).toBeGreaterThanOrEqual(1);
    await t.get(KeysService).refreshPublished();
    expect(await publishedKids()).not.toContain(reg.kid);
    const fresh = createRemoteJWKSet(url);
    // Same verification time as before: only the missing key can fail it.
    await expect(jwtVerify(before.jwt, fresh, options)).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
  });

  it('pre-publication: the new key is published at once and signs only when the scheduled job finds it due', async () => {
    const reg = await keyed();
    const start = clock.now();
    const rotation = await rotate(reg.registrationId, { prepublishSeconds: 86400 });
    const due = new Date(start.getTime() + 86400_000).toISOString();
    expect(rotation).toMatchObject({ previousKid: reg.kid, activatesAt: due, previousRetiresAt: due });
    expect(await publishedKids()).toEqual(expect.arrayContaining([reg.kid, rotation.kid]));
    expect((await signing.sign(reg.registrationId, {})).kid).toBe(reg.kid);

    clock.advanceSeconds(86399);
    await t.get(KeyActivationJob).run(maintenance());
    expect((await signing.sign(reg.registrationId, {})).kid).toBe(reg.kid);

    clock.advanceSeconds(1);
    expect((await t.get(KeyActivationJob).run(maintenance())).activated).toBeGreaterThanOrEqual(1);
    expect((await signing.sign(reg.registrationId, {})).kid).toBe(rotation.kid);
    expect(await publishedKids()).toEqual(expect.arrayContaining([reg.kid, rotation.kid]));
  });

  it('GET /admin/keys lists state, dates and registrations, and never private material', async () => {
    const reg = await keyed();
    await signing.sign(reg.registrationId, {});
    const pending = await rotate(reg.registrationId, { prepublishSeconds: 600 });
    const res = await admin('GET', '/admin/keys');
    expect(res.status).toBe(200);
    const text = await res.text();
    const { keys } = JSON.parse(text) as { keys: Record<string, unknown>[] };
    const mine = keys.filter((k) => k.kid === reg.kid || k.kid === pending.kid);
    expect(mine).toHaveLength(2);
    for (const key of keys) {
      expect(Object.keys(key).sort()).toEqual([
        'alg',
        'createdAt',
        'deactivatedAt',
        'firstSignedAt',
        'kid',
        'published',
        'registrations',
        'retiredAt',
        'state',
      ]);
    }
    const current = mine.find((k) => k.kid === reg.kid)!;
    expect(current).toMatchObject({
      state: 'current',
      published: true,
      firstSignedAt: clock.now().toISOString(),
      retiredAt: null,
    });
    expect(current.registrations).toEqual([
      {
        registrationId: reg.registrationId,
        issuer: reg.issuer,
        clientId: reg.clientId,
        role: 'current',
        activatesAt: null,
      },
    ]);
    expect(mine.find((k) => k.kid === pending.kid)).toMatchObject({
      state: 'pending',
      registrations: [expect.objectContaining({ role: 'pending', activatesAt: pending.activatesAt })],
    });
    expect(text).not.toMatch(/private|envelope|ciphertext|"d"|"p"|"q"|v1\.test-kek-1\./i);
  });

  it('GET /admin/keys hides deactivated keys unless includeInactive=true', async () => {
    const reg = await keyed();
    await rotate(reg.registrationId);
    clock.advanceSeconds(t.config.KEY_RETIREMENT_GRACE_SECONDS);
    await t.get(KeyRetirementJob).run(maintenance());
    const listed = async (query: string): Promise<Record<string, unknown>[]> => {
      const res = await admin('GET', `/admin/keys${query}`);
      expect(res.status).toBe(200);
      return ((await res.json()) as { keys: Record<string, unknown>[] }).keys;
    };
    expect((await listed('')).map((k) => k.kid)).not.toContain(reg.kid);
    expect((await listed('?includeInactive=true')).find((k) => k.kid === reg.kid)).toMatchObject({
      state: 'inactive',
      published: false,
      deactivatedAt: clock.now().toISOString(),
      registrations: [],
    });
    const bad = await admin('GET', '/admin/keys?includeInactive=maybe');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
  });

  it('POST /admin/keys/rotate rotates every registration', async () => {
    const [a, b] = [await keyed(), await keyed()];
    const res = await admin('POST', '/admin/keys/rotate', {});
    expect(res.status).toBe(201);
    const body = (await res.json()) as { rotated: number; rotations: Rotation[] };
    // Other tests' registrations in this shared database were rotated too; only ours are cleaned up.
    kids.push(
      ...body.rotations.filter((r) => [a, b].some((reg) => reg.registrationId === r.registrationId)).map((r) => r.kid),
    );
    expect(body.rotated).toBe(body.rotations.length);
    for (const reg of [a, b]) {
      const rotation = body.rotations.find((r) => r.registrationId === reg.registrationId);
      expect(rotation?.previousKid).toBe(reg.kid);
      expect((await signing.sign(reg.registrationId, {})).kid).toBe(rotation?.kid);
    }
  });

  it.each([
    ['a negative delay', { prepublishSeconds: -1 }],
    ['more than 30 days', { prepublishSeconds: 2592001 }],
    ['a fraction', { prepublishSeconds: 1.5 }],
    ['a string', { prepublishSeconds: '60' }],
    ['an unknown field', { prepublish: 60 }],
  ])('rejects %s with 400 VALIDATION_FAILED', async (_case, body) => {
    const reg = created[0];
    const res = await admin('POST', `/admin/registrations/${reg.registrationId}/rotate-key`, body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
  });

  it('an unknown or malformed registration id is 404 KEY_REGISTRATION_NOT_FOUND; no token is 401', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const res = await admin('POST', `/admin/registrations/${id}/rotate-key`);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('KEY_REGISTRATION_NOT_FOUND');
    }
    const anonymous = await admin(
      'POST',
      `/admin/registrations/${created[0].registrationId}/rotate-key`,
      undefined,
      null,
    );
    expect(anonymous.status).toBe(401);
    expect((await admin('GET', '/admin/keys', undefined, null)).status).toBe(401);
  });
});
