import type { DataSource } from 'typeorm';
import type { MaintenanceContext } from '../../src/maintenance/maintenance-task';
import {
  buildKeyServices,
  createKeyedRegistration,
  type KeyServices,
  removeKeyedRegistrations,
} from '../support/keys.builder';
import { openTestDataSource } from '../support/test-data-source';

interface Pointer {
  jwk_id: string;
  kid: string;
  pending_kid: string | null;
  pending_activates_at: Date | null;
}

describe('key rotation, activation and retirement on PostgreSQL', () => {
  let dataSource: DataSource;
  let s: KeyServices;
  const registrations: string[] = [];
  const createdKids: string[] = [];

  const context = (): MaintenanceContext => ({ manager: dataSource.manager, now: s.clock.now(), batchSize: 1000 });
  const pointer = async (registrationId: string): Promise<Pointer> =>
    (
      await dataSource.query<Pointer[]>(
        `SELECT r.jwk_id, j.kid, p.kid AS pending_kid, r.pending_activates_at FROM platform_registrations r
         JOIN lti_jwks j ON j.id = r.jwk_id LEFT JOIN lti_jwks p ON p.id = r.pending_jwk_id WHERE r.id = $1`,
        [registrationId],
      )
    )[0];
  const key = async (
    kid: string,
  ): Promise<{ active: boolean; retired_at: Date | null; private_key_encrypted: string | null }> =>
    (await dataSource.query(`SELECT active, retired_at, private_key_encrypted FROM lti_jwks WHERE kid = $1`, [kid]))[0];
  const keyed = async (): Promise<Awaited<ReturnType<typeof createKeyedRegistration>>> => {
    const created = await createKeyedRegistration(s.keys, dataSource);
    registrations.push(created.registrationId);
    createdKids.push(created.kid);
    return created;
  };

  beforeAll(async () => {
    dataSource = await openTestDataSource();
    s = buildKeyServices(dataSource);
  });
  afterAll(async () => {
    await removeKeyedRegistrations(dataSource, registrations, createdKids);
    await dataSource.destroy();
  });

  it('a rotation publishes both kids, signs with the new one and retires the old one now', async () => {
    const reg = await keyed();
    await s.signing.sign(reg.registrationId, {});
    const result = await s.rotation.rotate(reg.registrationId);
    createdKids.push(result.kid);
    expect(result).toMatchObject({
      previousKid: reg.kid,
      activatesAt: s.clock.now(),
      previousRetiresAt: s.clock.now(),
    });
    expect(s.publisher.published.kids).toEqual(expect.arrayContaining([reg.kid, result.kid]));
    expect((await s.signing.sign(reg.registrationId, {})).kid).toBe(result.kid);
    expect((await key(reg.kid)).retired_at?.toISOString()).toBe(s.clock.now().toISOString());
    expect((await key(reg.kid)).active).toBe(true);
  });

  it('12 concurrent rotations of one registration leave one current key, a clean chain and no orphan', async () => {
    const reg = await keyed();
    const results = await Promise.all(Array.from({ length: 12 }, () => s.rotation.rotate(reg.registrationId)));
    createdKids.push(...results.map((r) => r.kid));
    const current = await pointer(reg.registrationId);
    const newKids = new Set(results.map((r) => r.kid));
    expect(newKids.size).toBe(12);
    // Each rotation replaced exactly the key its predecessor installed: previous kids are the
    // initial kid plus every new kid except the final current one, each exactly once.
    const previous = results.map((r) => r.previousKid).sort();
    expect(previous).toEqual([reg.kid, ...[...newKids].filter((kid) => kid !== current.kid)].sort());
    const rows = await dataSource.query<{ kid: string; retired_at: Date | null }[]>(
      `SELECT kid, retired_at FROM lti_jwks WHERE kid = ANY($1)`,
      [[reg.kid, ...newKids]],
    );
    expect(rows).toHaveLength(13);
    for (const row of rows) expect(row.retired_at === null).toBe(row.kid === current.kid);
  });

  it('pre-publication: published now, signing only when the activation task finds it due', async () => {
    const reg = await keyed();
    const start = s.clock.now();
    const result = await s.rotation.rotate(reg.registrationId, 3600);
    createdKids.push(result.kid);
    expect(result.activatesAt.getTime() - start.getTime()).toBe(3600_000);
    expect(result.previousRetiresAt).toEqual(result.activatesAt);
    expect(s.publisher.published.kids).toEqual(expect.arrayContaining([reg.kid, result.kid]));
    expect((await s.signing.sign(reg.registrationId, {})).kid).toBe(reg.kid);

    s.clock.advanceSeconds(3599);
    await s.activation.run(context());
    expect((await pointer(reg.registrationId)).pending_kid).toBe(result.kid);
    expect((await s.signing.sign(reg.registrationId, {})).kid).toBe(reg.kid);

    s.clock.advanceSeconds(1);
    expect((await s.activation.run(context())).activated).toBeGreaterThanOrEqual(1);
    expect(await pointer(reg.registrationId)).toMatchObject({
      kid: result.kid,
      pending_kid: null,
      pending_activates_at: null,
    });
    expect((await s.signing.sign(reg.registrationId, {})).kid).toBe(result.kid);
    expect((await key(reg.kid)).retired_at?.toISOString()).toBe(result.activatesAt.toISOString());
  });

  it('a new rotation supersedes a pending key, which is retired without ever signing', async () => {
    const reg = await keyed();
    const pending = await s.rotation.rotate(reg.registrationId, 600);
    const immediate = await s.rotation.rotate(reg.registrationId);
    createdKids.push(pending.kid, immediate.kid);
    expect(immediate).toMatchObject({ previousKid: reg.kid, supersededKid: pending.kid });
    expect(await pointer(reg.registrationId)).toMatchObject({ kid: immediate.kid, pending_kid: null });
    expect((await key(pending.kid)).retired_at).not.toBeNull();
  });

  it('deactivates retired unreferenced keys only after the grace, wiping the ciphertext', async () => {
    const reg = await keyed();
    const rotated = await s.rotation.rotate(reg.registrationId);
    createdKids.push(rotated.kid);
    s.clock.advanceSeconds(s.config.KEY_RETIREMENT_GRACE_SECONDS - 1);
    await s.retirement.run(context());
    expect((await key(reg.kid)).active).toBe(true);

    s.clock.advanceSeconds(1);
    expect((await s.retirement.run(context())).deactivated).toBeGreaterThanOrEqual(1);
    expect(await key(reg.kid)).toMatchObject({ active: false, private_key_encrypted: null });
    const [{ deactivated_at }] = await dataSource.query(`SELECT deactivated_at FROM lti_jwks WHERE kid = $1`, [
      reg.kid,
    ]);
    expect((deactivated_at as Date).toISOString()).toBe(s.clock.now().toISOString());
    await s.publisher.refresh();
    expect(s.publisher.published.kids).not.toContain(reg.kid);
    expect(s.publisher.published.kids).toContain(rotated.kid);
  });

  it('never deactivates a key a registration references, current or pending, even if marked retired', async () => {
    const reg = await keyed();
    const pending = await s.rotation.rotate(reg.registrationId, 3600);
    createdKids.push(pending.kid);
    const longAgo = new Date(s.clock.nowMs() - 10 * s.config.KEY_RETIREMENT_GRACE_SECONDS * 1000);
    await dataSource.query(`UPDATE lti_jwks SET retired_at = $2 WHERE kid = ANY($1)`, [
      [reg.kid, pending.kid],
      longAgo,
    ]);
    await s.retirement.run(context());
    expect((await key(reg.kid)).active).toBe(true);
    expect((await key(pending.kid)).active).toBe(true);
  });
});
