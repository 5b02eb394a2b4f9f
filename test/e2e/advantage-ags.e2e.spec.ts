import { ROLE } from '../support/fake-platform';
import { AGS_SCOPE } from '../support/fake-platform-services';
import { AdvantageHarness, type AdvantagePlatform, errorOf, query } from '../support/advantage.fixtures';

interface LineItemBody {
  id: string;
  label: string;
  scoreMaximum: number;
  tag?: string;
}

describe('LTI Advantage: grades (AGS 2.0) through /lti/launches/:id/ags', () => {
  let a: AdvantageHarness;
  let p: AdvantagePlatform;
  let launchId: string;
  let defaultItem: string;

  beforeAll(async () => {
    a = await AdvantageHarness.start();
    p = await a.platform();
    defaultItem = p.services.addLineItem('Week 1 quiz', 10, { tag: 'quiz' });
    for (let i = 2; i <= 5; i++) p.services.addLineItem(`Item ${i}`, 100, { tag: i % 2 ? 'quiz' : 'essay' });
    launchId = await a.serviceLaunch(p, { lineItem: defaultItem });
  });
  afterAll(() => a.close());

  it('lists line items across the platform\u2019s pages, with the container media type and its query string kept', async () => {
    const before = p.services.requestsTo('/ags/course-1/lineitems').length;
    const res = await a.api(launchId, 'GET', '/ags/lineitems');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { lineItems: LineItemBody[]; complete: boolean; nextPage?: string };
    expect(body.lineItems.map((item) => item.label)).toEqual(['Week 1 quiz', 'Item 2', 'Item 3', 'Item 4', 'Item 5']);
    expect(body.complete).toBe(true);
    const requests = p.services.requestsTo('/ags/course-1/lineitems').slice(before);
    expect(requests).toHaveLength(3); // page size 2: three pages through Link rel="next"
    for (const request of requests) {
      expect(request.accept).toBe('application/vnd.ims.lis.v2.lineitemcontainer+json');
      expect(request.query).toContain('type_id=7');
      // Only the scope this read needs, although the platform granted write scopes too.
      expect(request.scopes).toEqual([AGS_SCOPE.lineItemReadOnly]);
    }
  });

  it('passes filters to the platform and stops at limit, offering the next page as a cursor', async () => {
    const first = await a.api(launchId, 'GET', `/ags/lineitems${query({ limit: '2' })}`);
    const page1 = (await first.json()) as { lineItems: LineItemBody[]; complete: boolean; nextPage: string };
    expect(page1.lineItems).toHaveLength(2);
    expect(page1.complete).toBe(false);
    expect(page1.nextPage).toContain(`${p.services.url}/ags/course-1/lineitems?`);
    const second = await a.api(launchId, 'GET', `/ags/lineitems${query({ page: page1.nextPage, limit: '2' })}`);
    const page2 = (await second.json()) as { lineItems: LineItemBody[] };
    expect(page2.lineItems.map((item) => item.label)).toEqual(['Item 3', 'Item 4']);

    const tagged = await a.api(launchId, 'GET', `/ags/lineitems${query({ tag: 'essay' })}`);
    expect(((await tagged.json()) as { lineItems: LineItemBody[] }).lineItems.map((item) => item.label)).toEqual([
      'Item 2',
      'Item 4',
    ]);
  });

  it('refuses a page cursor outside the launch\u2019s line items endpoint', async () => {
    const res = await a.api(
      launchId,
      'GET',
      `/ags/lineitems${query({ page: `${p.services.url}/nrps/course-1/memberships` })}`,
    );
    expect(await errorOf(res)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('creates, reads, updates and deletes a line item with the line item media type', async () => {
    const created = await a.api(launchId, 'POST', '/ags/lineitems', {
      body: { label: 'Essay 1', scoreMaximum: 20, tag: 'essay', resourceId: 'r-1' },
    });
    expect(created.status).toBe(201);
    const item = (await created.json()) as LineItemBody;
    expect(item).toMatchObject({ label: 'Essay 1', scoreMaximum: 20, tag: 'essay' });
    expect(p.services.serviceRequests.at(-1)).toMatchObject({
      method: 'POST',
      contentType: 'application/vnd.ims.lis.v2.lineitem+json',
    });

    const read = await a.api(launchId, 'GET', `/ags/lineitem${query({ lineItem: item.id })}`);
    expect(((await read.json()) as LineItemBody).label).toBe('Essay 1');
    expect(p.services.serviceRequests.at(-1)?.accept).toBe('application/vnd.ims.lis.v2.lineitem+json');

    const updated = await a.api(launchId, 'PUT', `/ags/lineitem${query({ lineItem: item.id })}`, {
      body: { label: 'Essay one', scoreMaximum: 25 },
    });
    expect(updated.status).toBe(200);
    expect((await updated.json()) as LineItemBody).toMatchObject({ id: item.id, label: 'Essay one', scoreMaximum: 25 });
    expect(p.services.serviceRequests.at(-1)).toMatchObject({ method: 'PUT', scopes: [AGS_SCOPE.lineItem] });

    const deleted = await a.api(launchId, 'DELETE', `/ags/lineitem${query({ lineItem: item.id })}`);
    expect(deleted.status).toBe(204);
    const gone = await a.api(launchId, 'GET', `/ags/lineitem${query({ lineItem: item.id })}`);
    expect(await errorOf(gone)).toEqual({ status: 404, code: 'PLATFORM_NOT_FOUND' });
  });

  it('reads the launch\u2019s own line item when none is named', async () => {
    const res = await a.api(launchId, 'GET', '/ags/lineitem');
    expect(res.status).toBe(200);
    expect(((await res.json()) as LineItemBody).id).toBe(defaultItem);
  });

  it('posts a score to <lineitem>/scores with the score media type; userId defaults to the launching user', async () => {
    const res = await a.api(launchId, 'POST', '/ags/scores', {
      body: {
        scoreGiven: 8,
        scoreMaximum: 10,
        activityProgress: 'Completed',
        gradingProgress: 'FullyGraded',
        comment: 'Well done',
      },
    });
    expect(res.status).toBe(200);
    const posted = (await res.json()) as { lineItem: string; userId: string; timestamp: string };
    expect(posted).toMatchObject({ lineItem: defaultItem, userId: 'user-1234' });
    const request = p.services.serviceRequests.at(-1)!;
    expect(request).toMatchObject({
      method: 'POST',
      path: '/ags/course-1/lineitems/1/lineitem/scores',
      query: '?type_id=7',
    });
    expect(request.contentType).toBe('application/vnd.ims.lis.v1.score+json');
    expect(request.scopes).toEqual([AGS_SCOPE.score]);
    expect(JSON.parse(request.body)).toEqual({
      scoreGiven: 8,
      scoreMaximum: 10,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
      comment: 'Well done',
      userId: 'user-1234',
      timestamp: new Date(a.h.clock.nowMs()).toISOString(),
    });
    expect(posted.timestamp).toBe(new Date(a.h.clock.nowMs()).toISOString());
  });

  it('posts a score for another user and reads results (instructor sees all, a learner only their own)', async () => {
    const score = {
      scoreGiven: 5,
      scoreMaximum: 10,
      activityProgress: 'Submitted',
      gradingProgress: 'FullyGraded',
      timestamp: '2026-01-15T12:00:00.123Z',
    };
    expect((await a.api(launchId, 'POST', '/ags/scores', { body: { ...score, userId: 'learner-9' } })).status).toBe(
      200,
    );
    const all = await a.api(launchId, 'GET', '/ags/results');
    expect(all.status).toBe(200);
    const users = ((await all.json()) as { results: { userId: string }[] }).results.map((r) => r.userId);
    expect(users).toEqual(expect.arrayContaining(['user-1234', 'learner-9']));
    expect(p.services.serviceRequests.at(-1)?.accept).toBe('application/vnd.ims.lis.v2.resultcontainer+json');

    const learner = await a.serviceLaunch(p, { roles: [ROLE.learner], sub: 'learner-9', lineItem: defaultItem });
    const own = await a.api(learner, 'GET', '/ags/results');
    expect(((await own.json()) as { results: { userId: string }[] }).results.map((r) => r.userId)).toEqual([
      'learner-9',
    ]);
    expect(p.services.serviceRequests.at(-1)?.query).toContain('user_id=learner-9');
    const others = await a.api(learner, 'GET', `/ags/results${query({ userId: 'user-1234' })}`);
    expect(await errorOf(others)).toEqual({ status: 403, code: 'AGS_RESULTS_FORBIDDEN' });
    for (const bad of ['?limit=0', '?limit=abc', `?page=${'x'.repeat(3000)}`]) {
      expect(await errorOf(await a.api(launchId, 'GET', `/ags/results${bad}`))).toEqual({
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(await errorOf(await a.api(launchId, 'GET', `/ags/lineitems${bad}`))).toEqual({
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
  });

  it('refuses grade writes by a learner without calling the platform', async () => {
    const learner = await a.serviceLaunch(p, { roles: [ROLE.learner], lineItem: defaultItem });
    const calls = p.services.serviceRequests.length + p.services.tokenRequests.length;
    const score = await a.api(learner, 'POST', '/ags/scores', {
      body: { activityProgress: 'Completed', gradingProgress: 'FullyGraded', scoreGiven: 10, scoreMaximum: 10 },
    });
    expect(await errorOf(score)).toEqual({ status: 403, code: 'AGS_GRADE_WRITE_FORBIDDEN' });
    const create = await a.api(learner, 'POST', '/ags/lineitems', { body: { label: 'x', scoreMaximum: 1 } });
    expect(await errorOf(create)).toEqual({ status: 403, code: 'AGS_GRADE_WRITE_FORBIDDEN' });
    expect(p.services.serviceRequests.length + p.services.tokenRequests.length).toBe(calls);
    // Reading is fine for learners.
    expect((await a.api(learner, 'GET', '/ags/lineitem')).status).toBe(200);
  });

  it('an operation needing a scope the platform did not grant is 403 AGS_SCOPE_NOT_GRANTED without a token request', async () => {
    const readOnly = await a.serviceLaunch(p, { scopes: [AGS_SCOPE.lineItemReadOnly], lineItem: defaultItem });
    const tokens = p.services.tokenRequests.length;
    const score = await a.api(readOnly, 'POST', '/ags/scores', {
      body: { activityProgress: 'Completed', gradingProgress: 'FullyGraded' },
    });
    expect(await errorOf(score)).toEqual({ status: 403, code: 'AGS_SCOPE_NOT_GRANTED' });
    const results = await a.api(readOnly, 'GET', '/ags/results');
    expect(await errorOf(results)).toEqual({ status: 403, code: 'AGS_SCOPE_NOT_GRANTED' });
    const create = await a.api(readOnly, 'POST', '/ags/lineitems', { body: { label: 'x', scoreMaximum: 1 } });
    expect(await errorOf(create)).toEqual({ status: 403, code: 'AGS_SCOPE_NOT_GRANTED' });
    expect(p.services.tokenRequests.length).toBe(tokens);
  });

  it.each([
    ['another host', 'https://evil.example/ags/course-1/lineitems/1/lineitem'],
    ['a sibling path', '/ags/course-1/lineitems-other/1/lineitem?type_id=7'],
    ['a path escaping with ..', '/ags/course-1/lineitems/../../nrps/course-1/memberships'],
    ['the container itself', '/ags/course-1/lineitems?type_id=7'],
    ['a javascript: URL', 'javascript:alert(1)'],
  ])('refuses a line item URL on %s (no SSRF)', async (_case, target) => {
    const lineItem = target.startsWith('/') ? `${p.services.url}${target}` : target;
    const before = p.services.serviceRequests.length;
    const res = await a.api(launchId, 'GET', `/ags/lineitem${query({ lineItem })}`);
    expect(await errorOf(res)).toEqual({ status: 400, code: 'AGS_LINE_ITEM_URL_NOT_ALLOWED' });
    expect(p.services.serviceRequests.length).toBe(before);
  });

  it('validates bodies strictly (VALIDATION_FAILED) and needs a line item when the launch has none', async () => {
    const bad = await a.api(launchId, 'POST', '/ags/scores', {
      body: { activityProgress: 'Done', gradingProgress: 'FullyGraded', scoreGiven: 1 },
    });
    expect(await errorOf(bad)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    const extra = await a.api(launchId, 'POST', '/ags/lineitems', {
      body: { label: 'x', scoreMaximum: 1, evil: true },
    });
    expect(await errorOf(extra)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    const noDefault = await a.serviceLaunch(p);
    const res = await a.api(noDefault, 'GET', '/ags/lineitem');
    expect(await errorOf(res)).toEqual({ status: 400, code: 'AGS_LINE_ITEM_REQUIRED' });
  });

  it('a launch without the AGS claim is 404 AGS_NOT_AVAILABLE', async () => {
    const plain = await a.launch(p);
    expect(await errorOf(await a.api(plain, 'GET', '/ags/lineitems'))).toEqual({
      status: 404,
      code: 'AGS_NOT_AVAILABLE',
    });
  });
});
