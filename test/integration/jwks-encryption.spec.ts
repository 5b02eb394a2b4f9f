import type { DataSource } from 'typeorm';
import { AppError } from '../../src/common/errors/app.error';
import { ConfigError } from '../../src/config/config.loader';
import { reencryptKeys } from '../../src/jwks/key-reencrypt';
import {
  buildKeyServices,
  createKeyedRegistration,
  type KeyedRegistration,
  removeKeyedRegistrations,
} from '../support/keys.builder';
import { openTestDataSource } from '../support/test-data-source';
import { TEST_KEK } from '../support/test-env';

const OLD_KEK = `old-kek:${Buffer.alloc(32, 3).toString('base64')}`;
const WRONG_TEST_KEK = `test-kek-1:${Buffer.alloc(32, 8).toString('base64')}`;

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof AppError) return error.code;
  throw new Error(`expected an AppError, got ${String(error)}`);
}

describe('private keys at rest on PostgreSQL', () => {
  let dataSource: DataSource;
  const registrations: string[] = [];
  let a: KeyedRegistration;
  let b: KeyedRegistration;
  const envelopeOf = async (kid: string): Promise<string> =>
    (
      await dataSource.query<{ e: string }[]>(`SELECT private_key_encrypted AS e FROM lti_jwks WHERE kid = $1`, [kid])
    )[0].e;
  const setEnvelope = (kid: string, envelope: string): Promise<unknown> =>
    dataSource.query(`UPDATE lti_jwks SET private_key_encrypted = $2 WHERE kid = $1`, [kid, envelope]);
  /** Fresh services: nothing decrypted yet, so every check reads the row. */
  const fresh = (env: Record<string, string> = {}) => buildKeyServices(dataSource, env);

  beforeAll(async () => {
    dataSource = await openTestDataSource();
    const s = fresh();
    a = await createKeyedRegistration(s.keys, dataSource);
    b = await createKeyedRegistration(s.keys, dataSource);
    registrations.push(a.registrationId, b.registrationId);
  });
  afterAll(async () => {
    await removeKeyedRegistrations(dataSource, registrations);
    await dataSource.destroy();
  });

  it('a tampered ciphertext is detected at signing (KEY_DECRYPTION_FAILED)', async () => {
    const original = await envelopeOf(a.kid);
    const parts = original.split('.');
    parts[3] = (parts[3][0] === 'A' ? 'B' : 'A') + parts[3].slice(1);
    try {
      await setEnvelope(a.kid, parts.join('.'));
      expect(await codeOf(fresh().signing.sign(a.registrationId, {}))).toBe('KEY_DECRYPTION_FAILED');
    } finally {
      await setEnvelope(a.kid, original);
    }
    await expect(fresh().signing.sign(a.registrationId, {})).resolves.toMatchObject({ kid: a.kid });
  });

  it('a ciphertext swapped between two rows is detected for both (kid is bound as AAD)', async () => {
    const [ea, eb] = [await envelopeOf(a.kid), await envelopeOf(b.kid)];
    try {
      await setEnvelope(a.kid, eb);
      await setEnvelope(b.kid, ea);
      const s = fresh();
      expect(await codeOf(s.signing.sign(a.registrationId, {}))).toBe('KEY_DECRYPTION_FAILED');
      expect(await codeOf(s.signing.sign(b.registrationId, {}))).toBe('KEY_DECRYPTION_FAILED');
    } finally {
      await setEnvelope(a.kid, ea);
      await setEnvelope(b.kid, eb);
    }
  });

  it('a wrong KEK is detected at signing', async () => {
    expect(await codeOf(fresh({ KEY_ENCRYPTION_KEYS: WRONG_TEST_KEK }).signing.sign(a.registrationId, {}))).toBe(
      'KEY_DECRYPTION_FAILED',
    );
  });

  it('start-up check: passes with the right KEKs, names KEY_ENCRYPTION_KEYS for a wrong or missing one', async () => {
    await expect(fresh().startupCheck.onModuleInit()).resolves.toBeUndefined();
    await expect(
      fresh({ KEY_ENCRYPTION_KEYS: `${OLD_KEK},${TEST_KEK}` }).startupCheck.onModuleInit(),
    ).resolves.toBeUndefined();
    for (const [keks, fragment] of [
      [WRONG_TEST_KEK, 'does not decrypt'],
      [OLD_KEK, 'not configured'],
    ]) {
      const error = await fresh({ KEY_ENCRYPTION_KEYS: keks })
        .startupCheck.onModuleInit()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect(
        (error as ConfigError).problems.some((p) => p.startsWith('KEY_ENCRYPTION_KEYS') && p.includes(fragment)),
      ).toBe(true);
    }
  });

  it('re-encrypts rows under the current KEK batch by batch, every state signable, and reports counts', async () => {
    const old = fresh({ KEY_ENCRYPTION_KEYS: OLD_KEK });
    const sealedOld = [
      await createKeyedRegistration(old.keys, dataSource),
      await createKeyedRegistration(old.keys, dataSource),
    ];
    registrations.push(...sealedOld.map((r) => r.registrationId));
    const keks = { KEY_ENCRYPTION_KEYS: `${TEST_KEK},${OLD_KEK}` };
    const rotating = fresh(keks);
    // After every committed batch, an instance with nothing cached signs for every registration: each
    // intermediate state of the table is usable by the running service.
    let batches = 0;
    const report = await reencryptKeys(dataSource, rotating.cipher, {
      batchSize: 10,
      onBatch: async () => {
        batches += 1;
        const serving = fresh(keks);
        for (const r of sealedOld) expect((await serving.signing.sign(r.registrationId, {})).kid).toBe(r.kid);
      },
    });
    expect(batches).toBeGreaterThanOrEqual(1);
    expect(report.reencrypted).toBeGreaterThanOrEqual(2);
    expect(report.alreadyCurrent).toBeGreaterThanOrEqual(2);
    expect(report.scanned).toBe(report.reencrypted + report.alreadyCurrent + report.failed);
    expect(report.remaining).toBe(report.failed);
    for (const r of sealedOld) expect(await envelopeOf(r.kid)).toMatch(/^v1\.test-kek-1\./);
    // Only the new KEK is needed now.
    for (const r of sealedOld)
      await expect(fresh().signing.sign(r.registrationId, {})).resolves.toMatchObject({ kid: r.kid });
    const again = await reencryptKeys(dataSource, rotating.cipher);
    expect(again.reencrypted).toBe(0);
  });

  it('re-encryption reports a row no configured KEK opens, by kid, and leaves it untouched', async () => {
    const lost = fresh({ KEY_ENCRYPTION_KEYS: `lost-kek:${Buffer.alloc(32, 4).toString('base64')}` });
    const orphan = await createKeyedRegistration(lost.keys, dataSource);
    registrations.push(orphan.registrationId);
    const before = await envelopeOf(orphan.kid);
    try {
      const failures: [string, string][] = [];
      const report = await reencryptKeys(dataSource, fresh().cipher, {
        onFailure: (kid, code) => failures.push([kid, code]),
      });
      expect(failures).toContainEqual([orphan.kid, 'KEY_ENCRYPTION_KEY_UNKNOWN']);
      expect(report.failed).toBeGreaterThanOrEqual(1);
      expect(report.remaining).toBeGreaterThanOrEqual(1);
      expect(await envelopeOf(orphan.kid)).toBe(before);
    } finally {
      await removeKeyedRegistrations(dataSource, [orphan.registrationId]);
    }
  });
});
