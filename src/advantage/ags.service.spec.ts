import { FixedClock } from '../common/clock';
import { AppConfig } from '../config/app.config';
import { CLAIM, type LtiIdTokenClaims } from '../launch/lti-claims';
import { codeOf } from '../../test/support/advantage.assertions';
import type { AdvantageLaunch } from './advantage-launch';
import type { ScoreDto } from './ags.dto';
import { AGS_SCOPES } from './ags.policy';
import { AgsService } from './ags.service';
import type { PlatformServiceClient, ServiceCall } from './platform-service.client';

const INSTRUCTOR = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor';
const LEARNER = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner';
const LINE_ITEMS = 'https://lms.example/c/1/lineitems';
const LINE_ITEM = `${LINE_ITEMS}/7`;

function launch(roles: string[], scope: string[] = Object.values(AGS_SCOPES)): AdvantageLaunch {
  const claims = {
    sub: 'me',
    [CLAIM.agsEndpoint]: { scope, lineitems: LINE_ITEMS, lineitem: LINE_ITEM },
  } as unknown as LtiIdTokenClaims;
  return {
    launchId: 'L'.repeat(43),
    registration: {
      id: 'r',
      issuer: 'https://lms.example',
      clientId: 'c',
      name: null,
      authEndpoint: '',
      jwksUri: '',
      tokenEndpoint: '',
    },
    deploymentId: 'd',
    messageType: 'LtiResourceLinkRequest',
    sub: 'me',
    roles,
    claims,
  };
}

const score: ScoreDto = {
  activityProgress: 'Completed',
  gradingProgress: 'FullyGraded',
  scoreGiven: 1,
  scoreMaximum: 2,
};

describe('AgsService authorisation (before any platform call)', () => {
  let calls: ServiceCall[];
  const platform = {
    call: (call: ServiceCall) => {
      calls.push(call);
      return Promise.resolve({ status: 204, headers: new Headers(), text: '' });
    },
  } as unknown as PlatformServiceClient;
  const service = (learnerWrites: boolean): AgsService =>
    new AgsService(platform, Object.assign(new AppConfig(), { AGS_LEARNER_WRITES: learnerWrites }), new FixedClock());

  beforeEach(() => {
    calls = [];
  });

  it('instructors post for anyone; the score carries a fixed timestamp from the clock and only the score scope', async () => {
    const posted = await service(false).postScore(launch([INSTRUCTOR]), undefined, { ...score, userId: 'u9' });
    expect(posted).toEqual({ lineItem: LINE_ITEM, userId: 'u9', timestamp: '2026-01-15T12:00:00.000Z' });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      method: 'POST',
      scopes: [AGS_SCOPES.score],
      retryable: true,
      contentType: 'application/vnd.ims.lis.v1.score+json',
    });
    expect(calls[0].url.href).toBe(`${LINE_ITEM}/scores`);
  });

  it('learners may not post scores unless AGS_LEARNER_WRITES, and then only their own', async () => {
    expect(await codeOf(() => service(false).postScore(launch([LEARNER]), undefined, score))).toBe(
      'AGS_GRADE_WRITE_FORBIDDEN',
    );
    await service(true).postScore(launch([LEARNER]), undefined, score);
    expect(calls).toHaveLength(1);
    expect(
      await codeOf(() => service(true).postScore(launch([LEARNER]), undefined, { ...score, userId: 'someone-else' })),
    ).toBe('AGS_GRADE_WRITE_FORBIDDEN');
    expect(await codeOf(() => service(true).createLineItem(launch([LEARNER]), { label: 'x', scoreMaximum: 1 }))).toBe(
      'AGS_GRADE_WRITE_FORBIDDEN',
    );
    expect(calls).toHaveLength(1);
  });

  it('an ungranted scope is refused before the role check and before any call', async () => {
    const readOnly = launch([INSTRUCTOR], [AGS_SCOPES.lineItemReadOnly]);
    expect(await codeOf(() => service(false).postScore(readOnly, undefined, score))).toBe('AGS_SCOPE_NOT_GRANTED');
    expect(await codeOf(() => service(false).deleteLineItem(readOnly))).toBe('AGS_SCOPE_NOT_GRANTED');
    expect(calls).toHaveLength(0);
  });

  it('line item creation is never retried (a timed-out POST may have created it)', async () => {
    await service(false)
      .createLineItem(launch([INSTRUCTOR]), { label: 'x', scoreMaximum: 1 })
      .catch(() => undefined);
    expect(calls[0]).toMatchObject({ method: 'POST', retryable: false, scopes: [AGS_SCOPES.lineItem] });
  });

  it('a launch without the AGS claim is AGS_NOT_AVAILABLE', async () => {
    const noAgs = { ...launch([INSTRUCTOR]), claims: { sub: 'me' } as unknown as LtiIdTokenClaims };
    expect(await codeOf(() => service(false).getLineItem(noAgs))).toBe('AGS_NOT_AVAILABLE');
  });

  it('an http line items URL in the claim is refused unless insecure URLs are allowed', async () => {
    const insecure = launch([INSTRUCTOR]);
    insecure.claims[CLAIM.agsEndpoint] = {
      scope: Object.values(AGS_SCOPES),
      lineitems: 'http://lms.example/c/1/lineitems',
    };
    expect(await codeOf(() => service(false).listLineItems(insecure, {}))).toBe('PLATFORM_URL_NOT_ALLOWED');
  });
});
