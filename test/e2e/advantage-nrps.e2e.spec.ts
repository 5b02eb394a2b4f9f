import { ROLE } from '../support/fake-platform';
import { NRPS_SCOPE } from '../support/fake-platform-services';
import { AdvantageHarness, type AdvantagePlatform, errorOf, query } from '../support/advantage.fixtures';

interface MembersBody {
  context?: { id: string; label?: string };
  members: { userId: string; roles: string[]; name?: string; email?: string }[];
  complete: boolean;
  nextPage?: string;
}

describe('LTI Advantage: rosters (NRPS 2.0) through GET /lti/launches/:id/members', () => {
  let a: AdvantageHarness;
  let p: AdvantagePlatform;
  let launchId: string;

  beforeAll(async () => {
    a = await AdvantageHarness.start();
    p = await a.platform();
    p.services.members = [
      { user_id: 'u1', roles: [ROLE.instructor], name: 'Ada', email: 'ada@example.edu', status: 'Active' },
      { user_id: 'u2', roles: [ROLE.learner], name: 'Bob' },
      { user_id: 'u3', roles: [ROLE.learner], name: 'Cy' },
      { user_id: 'u4', roles: [ROLE.learner, ROLE.teachingAssistant] },
      { user_id: 'u5', roles: [ROLE.learner] },
    ];
    launchId = await a.serviceLaunch(p);
  });
  afterAll(() => a.close());

  it('follows Link rel="next" across every page, with the membership container Accept header and the NRPS scope', async () => {
    const before = p.services.requestsTo('/nrps/').length;
    const res = await a.api(launchId, 'GET', '/members');
    expect(res.status).toBe(200);
    const body = (await res.json()) as MembersBody;
    expect(body.members.map((m) => m.userId)).toEqual(['u1', 'u2', 'u3', 'u4', 'u5']);
    expect(body.complete).toBe(true);
    expect(body.nextPage).toBeUndefined();
    expect(body.context).toMatchObject({ id: 'course-1', label: 'CS101' });
    expect(body.members[0]).toEqual({
      userId: 'u1',
      roles: [ROLE.instructor],
      name: 'Ada',
      email: 'ada@example.edu',
      status: 'Active',
    });
    const requests = p.services.requestsTo('/nrps/').slice(before);
    expect(requests).toHaveLength(3);
    for (const request of requests) {
      expect(request.accept).toBe('application/vnd.ims.lti-nrps.v2.membershipcontainer+json');
      expect(request.scopes).toEqual([NRPS_SCOPE]);
    }
  });

  it('passes the role filter to the platform', async () => {
    const res = await a.api(launchId, 'GET', `/members${query({ role: ROLE.instructor })}`);
    expect(((await res.json()) as MembersBody).members.map((m) => m.userId)).toEqual(['u1']);
    expect(p.services.serviceRequests.at(-1)?.query).toContain(`role=${encodeURIComponent(ROLE.instructor)}`);
  });

  it('stops at limit and continues from the nextPage cursor', async () => {
    const first = (await (await a.api(launchId, 'GET', `/members${query({ limit: '2' })}`)).json()) as MembersBody;
    expect(first.members.map((m) => m.userId)).toEqual(['u1', 'u2']);
    expect(first.complete).toBe(false);
    expect(first.nextPage).toMatch(new RegExp(`^${p.services.membershipsUrl}\\?`));
    const rest = (await (
      await a.api(launchId, 'GET', `/members${query({ page: first.nextPage! })}`)
    ).json()) as MembersBody;
    expect(rest.members.map((m) => m.userId)).toEqual(['u3', 'u4', 'u5']);
    expect(rest.complete).toBe(true);
  });

  it('refuses a page cursor that leaves the memberships endpoint', async () => {
    const res = await a.api(
      launchId,
      'GET',
      `/members${query({ page: 'https://evil.example/nrps/course-1/memberships' })}`,
    );
    expect(await errorOf(res)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('is for instructors and administrators only (rosters are personal data)', async () => {
    const learner = await a.serviceLaunch(p, { roles: [ROLE.learner] });
    expect(await errorOf(await a.api(learner, 'GET', '/members'))).toEqual({
      status: 403,
      code: 'NRPS_ROSTER_FORBIDDEN',
    });
    const admin = await a.serviceLaunch(p, { roles: [ROLE.institutionAdmin] });
    expect((await a.api(admin, 'GET', '/members')).status).toBe(200);
  });

  it('a launch without the NRPS claim is 404 NRPS_NOT_AVAILABLE; a bad limit is VALIDATION_FAILED', async () => {
    const plain = await a.launch(p);
    expect(await errorOf(await a.api(plain, 'GET', '/members'))).toEqual({ status: 404, code: 'NRPS_NOT_AVAILABLE' });
    expect(await errorOf(await a.api(launchId, 'GET', '/members?limit=0'))).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    expect(await errorOf(await a.api(launchId, 'GET', '/members?limit=abc'))).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
  });

  it('the launch bearer is required and valid for its own launch only', async () => {
    const other = await a.serviceLaunch(p);
    expect(await errorOf(await a.api(launchId, 'GET', '/members', { bearer: null }))).toEqual({
      status: 401,
      code: 'ADVANTAGE_LAUNCH_UNAUTHORIZED',
    });
    expect(await errorOf(await a.api(launchId, 'GET', '/members', { bearer: 'x'.repeat(43) }))).toEqual({
      status: 401,
      code: 'ADVANTAGE_LAUNCH_UNAUTHORIZED',
    });
    expect(await errorOf(await a.api(launchId, 'GET', '/members', { bearer: other }))).toEqual({
      status: 403,
      code: 'ADVANTAGE_LAUNCH_MISMATCH',
    });
    const res = await a.api(launchId, 'GET', '/members', { bearer: null });
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('an expired launch no longer authorises calls', async () => {
    const shortLived = await a.serviceLaunch(p);
    a.h.clock.advanceSeconds(a.h.app.config.LAUNCH_TTL_SECONDS + 1);
    try {
      expect(await errorOf(await a.api(shortLived, 'GET', '/members'))).toEqual({
        status: 401,
        code: 'ADVANTAGE_LAUNCH_UNAUTHORIZED',
      });
    } finally {
      a.h.clock.advanceSeconds(-(a.h.app.config.LAUNCH_TTL_SECONDS + 1));
    }
  });
});
