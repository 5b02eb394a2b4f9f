import {
  adminFetch,
  createRegistration,
  errorOf,
  type RegistrationBody,
  uniqueSuffix,
} from '../support/registration.builder';
import { startTestApp, type TestApp } from '../support/test-app';

interface Page {
  items: RegistrationBody[];
  total: number;
  limit: number;
  offset: number;
}

describe('admin API: listing registrations', () => {
  let t: TestApp;
  let issuer: string;
  let clientId: string;
  let created: RegistrationBody[];

  const list = async (query: string): Promise<Page> => {
    const res = await adminFetch(t, 'GET', `/admin/registrations?${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as Page;
  };

  beforeAll(async () => {
    t = await startTestApp();
    issuer = `https://shared-${uniqueSuffix()}.example.com`;
    clientId = `shared-client-${uniqueSuffix()}`;
    created = [];
    // Five registrations under one issuer (Canvas cloud style), created one after another.
    for (let i = 0; i < 5; i += 1)
      created.push(await createRegistration(t, { issuer, clientId: `${clientId}-${i}`, deploymentIds: [`d${i}`] }));
    // The same clientId under another issuer.
    created.push(await createRegistration(t, { clientId: `${clientId}-0` }));
  });
  afterAll(() => t.close());

  it('filters by issuer, in creation order, with the full registration per item', async () => {
    const page = await list(`issuer=${encodeURIComponent(issuer)}`);
    expect(page).toEqual({ items: created.slice(0, 5), total: 5, limit: 20, offset: 0 });
  });

  it('pages with limit and offset; total counts every match', async () => {
    const q = `issuer=${encodeURIComponent(issuer)}`;
    const pages = [
      await list(`${q}&limit=2`),
      await list(`${q}&limit=2&offset=2`),
      await list(`${q}&limit=2&offset=4`),
    ];
    expect(pages.map((p) => p.items.map((item) => item.id))).toEqual([
      [created[0].id, created[1].id],
      [created[2].id, created[3].id],
      [created[4].id],
    ]);
    expect(pages.map((p) => [p.total, p.limit, p.offset])).toEqual([
      [5, 2, 0],
      [5, 2, 2],
      [5, 2, 4],
    ]);
    expect(await list(`${q}&offset=50`)).toEqual({ items: [], total: 5, limit: 20, offset: 50 });
  });

  it('filters by clientId, and by both', async () => {
    const byClient = await list(`clientId=${encodeURIComponent(`${clientId}-0`)}`);
    expect(byClient.items.map((item) => item.id)).toEqual([created[0].id, created[5].id]);
    const both = await list(`issuer=${encodeURIComponent(issuer)}&clientId=${encodeURIComponent(`${clientId}-0`)}`);
    expect(both.items.map((item) => item.id)).toEqual([created[0].id]);
  });

  it('filters are exact matches, not patterns', async () => {
    expect((await list(`issuer=${encodeURIComponent(issuer.slice(0, 20) + '%')}`)).total).toBe(0);
    expect((await list(`issuer=${encodeURIComponent(issuer.toUpperCase())}`)).total).toBe(0);
    expect((await list(`clientId=${encodeURIComponent(`${clientId}-_`)}`)).total).toBe(0);
  });

  it('without filters: the default page of 20 at most, and a total covering this test data', async () => {
    const page = await list('');
    expect(page.limit).toBe(20);
    expect(page.items.length).toBeLessThanOrEqual(20);
    expect(page.total).toBeGreaterThanOrEqual(created.length);
    expect((await list('limit=100')).items.length).toBe(Math.min(100, page.total));
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=2.5', 'limit'],
    ['offset=-1', 'offset'],
    ['offset=99999999999', 'offset'],
    ['issuer=', 'issuer'],
    ['issuer=a&issuer=b', 'issuer'],
    ['clientId=%00', 'clientId'],
    ['sort=issuer', 'sort'],
  ])('?%s is 400 VALIDATION_FAILED on %s', async (query, field) => {
    const error = await errorOf(await adminFetch(t, 'GET', `/admin/registrations?${query}`), 400);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details?.map((d) => d.field)).toEqual([field]);
  });
});
