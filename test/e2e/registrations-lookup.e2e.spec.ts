import { FixedClock } from '../../src/common/clock';
import { RegistrationStore } from '../../src/registrations/registration.store';
import { TypeormRegistrationStore } from '../../src/registrations/typeorm-registration.store';
import { adminFetch, createRegistration, uniqueSuffix } from '../support/registration.builder';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The launch flow's lookups after admin changes. The clock never moves and the TTL is a minute, so
 * whatever is fresh below was made fresh by the admin change clearing the cache, not by expiry.
 */
describe('RegistrationStore lookups follow admin changes at once', () => {
  let t: TestApp;
  let store: RegistrationStore;

  beforeAll(async () => {
    t = await startTestApp({ clock: new FixedClock(), env: { REGISTRATION_CACHE_TTL_MS: '60000' } });
    store = t.app.get(RegistrationStore);
  });
  afterAll(() => t.close());

  it('the default store is the TypeORM one', () => {
    expect(store).toBeInstanceOf(TypeormRegistrationStore);
  });

  it('a registration created after a cached miss is found', async () => {
    const issuer = `https://new-${uniqueSuffix()}.example.edu`;
    expect(await store.findByIssuer(issuer)).toBeNull();
    expect(await store.findByIssuerAndClientId(issuer, 'c')).toBeNull();
    const created = await createRegistration(t, { issuer, clientId: 'c' });
    expect((await store.findByIssuer(issuer))?.id).toBe(created.id);
    expect((await store.findByIssuerAndClientId(issuer, 'c'))?.id).toBe(created.id);
  });

  it('a second registration for an issuer makes issuer-only lookups ambiguous at once', async () => {
    const first = await createRegistration(t);
    expect((await store.findByIssuer(first.issuer))?.id).toBe(first.id);
    await createRegistration(t, { issuer: first.issuer });
    await expect(store.findByIssuer(first.issuer)).rejects.toMatchObject({ code: 'REGISTRATION_CLIENT_ID_REQUIRED' });
  });

  it('a PATCH moves the registration to its new (issuer, clientId) and updates its endpoints', async () => {
    const registration = await createRegistration(t);
    expect((await store.findById(registration.id))?.jwksUri).toBe(registration.jwksUri);
    const jwksUri = `https://moved-${uniqueSuffix()}.example.edu/jwks`;
    await adminFetch(t, 'PATCH', `/admin/registrations/${registration.id}`, { clientId: 'renamed', jwksUri });
    expect((await store.findById(registration.id))?.jwksUri).toBe(jwksUri);
    expect(await store.findByIssuerAndClientId(registration.issuer, registration.clientId)).toBeNull();
    expect((await store.findByIssuerAndClientId(registration.issuer, 'renamed'))?.id).toBe(registration.id);
  });

  it('deployments added and removed are seen at once (case-sensitive)', async () => {
    const registration = await createRegistration(t, { deploymentIds: ['old'] });
    expect(await store.findDeployment(registration.id, 'New')).toBeNull();
    expect(await store.findDeployment(registration.id, 'old')).not.toBeNull();
    await adminFetch(t, 'POST', `/admin/registrations/${registration.id}/deployments`, { deploymentId: 'New' });
    await adminFetch(t, 'DELETE', `/admin/registrations/${registration.id}/deployments/old`);
    expect((await store.findDeployment(registration.id, 'New'))?.deploymentId).toBe('New');
    expect(await store.findDeployment(registration.id, 'new')).toBeNull();
    expect(await store.findDeployment(registration.id, 'old')).toBeNull();
  });

  it('a deleted registration and its deployments are gone at once', async () => {
    const registration = await createRegistration(t, { deploymentIds: ['d'] });
    expect(await store.findByIssuerAndClientId(registration.issuer, registration.clientId)).not.toBeNull();
    expect(await store.findDeployment(registration.id, 'd')).not.toBeNull();
    await adminFetch(t, 'DELETE', `/admin/registrations/${registration.id}`);
    expect(await store.findByIssuerAndClientId(registration.issuer, registration.clientId)).toBeNull();
    expect(await store.findById(registration.id)).toBeNull();
    expect(await store.findDeployment(registration.id, 'd')).toBeNull();
  });
});

describe('RegistrationStore can be swapped', () => {
  it('an override of the RegistrationStore token replaces the TypeORM store for its consumers', async () => {
    const fake: RegistrationStore = {
      findByIssuerAndClientId: () => Promise.resolve(null),
      findByIssuer: () => Promise.resolve(null),
      findById: () => Promise.resolve(null),
      findDeployment: () => Promise.resolve(null),
    };
    const t = await startTestApp({ overrides: [[RegistrationStore, fake]] });
    try {
      expect(t.app.get(RegistrationStore)).toBe(fake);
    } finally {
      await t.close();
    }
  });
});
