import { codeOf } from '../../test/support/advantage.assertions';
import type { AdvantageLaunch } from './advantage-launch';
import type { PlatformHttpClient, PlatformRequest, PlatformResponse } from './platform-http.client';
import { PlatformServiceClient, type ServiceCall } from './platform-service.client';
import type { ServiceTokenService } from './service-token.service';

const launch = { registration: { id: 'r' } } as AdvantageLaunch;
const call = (url = 'https://lms.example/nrps/1'): ServiceCall => ({
  operation: 'test',
  launch,
  scopes: ['s'],
  method: 'GET',
  url: new URL(url),
  accept: 'application/x-test',
  retryable: true,
});

describe('PlatformServiceClient (token, media types, status mapping, paging)', () => {
  let answers: PlatformResponse[];
  let sent: PlatformRequest[];
  let invalidated: string[];
  let tokenCount: number;
  let client: PlatformServiceClient;

  const answer = (status: number, text = '', headers: Record<string, string> = {}): PlatformResponse => ({
    status,
    text,
    headers: new Headers(headers),
  });

  beforeEach(() => {
    answers = [];
    sent = [];
    invalidated = [];
    tokenCount = 0;
    const http = { send: (request: PlatformRequest) => (sent.push(request), Promise.resolve(answers.shift()!)) };
    const tokens = {
      accessToken: () => Promise.resolve(`token-${++tokenCount}`),
      invalidate: (_r: unknown, _s: unknown, token: string) => invalidated.push(token),
    };
    client = new PlatformServiceClient(http as unknown as PlatformHttpClient, tokens as unknown as ServiceTokenService);
  });

  it('sends the bearer token and the service media type', async () => {
    answers.push(answer(200, '{}'));
    await client.call({ ...call(), method: 'POST', contentType: 'application/x-body', json: { a: 1 } });
    expect(sent[0].headers).toEqual({
      authorization: 'Bearer token-1',
      accept: 'application/x-test',
      'content-type': 'application/x-body',
    });
    expect(sent[0].body).toBe('{"a":1}');
  });

  it('on 401 drops the token and retries once with a fresh one', async () => {
    answers.push(answer(401), answer(200, '{}'));
    expect((await client.call(call())).status).toBe(200);
    expect(invalidated).toEqual(['token-1']);
    expect(sent.map((r) => r.headers?.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it.each([
    [[401, 401], 'PLATFORM_ACCESS_DENIED'],
    [[403], 'PLATFORM_ACCESS_DENIED'],
    [[404], 'PLATFORM_NOT_FOUND'],
    [[410], 'PLATFORM_NOT_FOUND'],
    [[422], 'PLATFORM_REQUEST_REJECTED'],
    [[429], 'PLATFORM_RATE_LIMITED'],
    [[406], 'PLATFORM_REQUEST_REJECTED'],
  ])('maps %p to %s', async (statuses, code) => {
    answers.push(...statuses.map((status) => answer(status)));
    expect(await codeOf(() => client.call(call()))).toBe(code);
  });

  it('passes a numeric Retry-After on 429', async () => {
    answers.push(answer(429, '', { 'retry-after': '30' }));
    const error = await client.call(call()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PLATFORM_RATE_LIMITED', headers: { 'retry-after': '30' } });
  });

  it('returns a page with its same-origin next link and refuses one to another origin', async () => {
    answers.push(answer(200, '{"members":[]}', { link: '</nrps/1?from=2>; rel="next"' }));
    const page = await client.page(call(), new URL('https://lms.example/nrps/1'));
    expect(page.next?.href).toBe('https://lms.example/nrps/1?from=2');
    answers.push(answer(200, '{"members":[]}', { link: '<https://evil.example/nrps/1?from=2>; rel="next"' }));
    expect(await codeOf(() => client.page(call(), new URL('https://lms.example/nrps/1')))).toBe(
      'PLATFORM_BAD_RESPONSE',
    );
    answers.push(answer(200, 'not json'));
    expect(await codeOf(() => client.page(call(), new URL('https://lms.example/nrps/1')))).toBe(
      'PLATFORM_BAD_RESPONSE',
    );
  });
});
