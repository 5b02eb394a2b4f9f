import { FixedClock } from '../common/clock';
import { AppError } from '../common/errors/app.error';
import { JsonLogger } from '../common/logging/json.logger';
import type { RegistrationView } from '../registrations/registration.store';
import { refreshMarginSeconds, ServiceTokenService } from './service-token.service';
import type { TokenEndpointClient } from './token-endpoint.client';
import type { IssuedToken } from './token-response.parser';

const registration = (id: string): RegistrationView => ({
  id,
  issuer: 'https://lms.example',
  clientId: 'client-1',
  name: null,
  authEndpoint: 'https://lms.example/auth',
  jwksUri: 'https://lms.example/jwks',
  tokenEndpoint: 'https://lms.example/token',
});

/** A token endpoint that answers when the test says so, counting requests. */
class FakeTokenEndpoint {
  requests: { registrationId: string; scopes: readonly string[] }[] = [];
  expiresIn = 3600;
  failWith?: AppError;
  private pending: (() => void)[] = [];
  manual = false;

  requestToken(reg: RegistrationView, scopes: readonly string[]): Promise<IssuedToken & { kid: string }> {
    this.requests.push({ registrationId: reg.id, scopes });
    const n = this.requests.length;
    const answer = (): IssuedToken & { kid: string } => {
      if (this.failWith) throw this.failWith;
      return { accessToken: `token-${n}`, expiresIn: this.expiresIn, kid: 'kid-1' };
    };
    if (!this.manual) return Promise.resolve().then(answer);
    return new Promise((resolve, reject) =>
      this.pending.push(() => {
        try {
          resolve(answer());
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      }),
    );
  }

  release(): void {
    for (const fn of this.pending.splice(0)) fn();
  }
}

describe('ServiceTokenService (cache per registration and scope set, single flight)', () => {
  let clock: FixedClock;
  let endpoint: FakeTokenEndpoint;
  let service: ServiceTokenService;

  beforeEach(() => {
    clock = new FixedClock();
    endpoint = new FakeTokenEndpoint();
    service = new ServiceTokenService(
      endpoint as unknown as TokenEndpointClient,
      clock,
      new JsonLogger('error', () => undefined),
    );
  });

  it('caches per registration and scope set, whatever the scope order', async () => {
    const a = registration('a');
    expect(await service.accessToken(a, ['s2', 's1'])).toBe('token-1');
    expect(await service.accessToken(a, ['s1', 's2', 's1'])).toBe('token-1');
    expect(await service.accessToken(a, ['s1'])).toBe('token-2');
    expect(await service.accessToken(registration('b'), ['s1', 's2'])).toBe('token-3');
    expect(endpoint.requests.map((r) => r.scopes)).toEqual([['s1', 's2'], ['s1'], ['s1', 's2']]);
  });

  it('does not reuse a token after the registration\u2019s client id or token endpoint changed', async () => {
    const a = registration('a');
    expect(await service.accessToken(a, ['s'])).toBe('token-1');
    expect(await service.accessToken({ ...a, tokenEndpoint: 'https://lms.example/oauth2/token' }, ['s'])).toBe(
      'token-2',
    );
    expect(await service.accessToken({ ...a, clientId: 'client-2' }, ['s'])).toBe('token-3');
  });

  it('refreshes a margin before expiry: min(60 s, 10% of the lifetime)', async () => {
    expect(refreshMarginSeconds(3600)).toBe(60);
    expect(refreshMarginSeconds(300)).toBe(30);
    endpoint.expiresIn = 3600;
    const a = registration('a');
    await service.accessToken(a, ['s']);
    clock.advanceSeconds(3539);
    expect(await service.accessToken(a, ['s'])).toBe('token-1');
    clock.advanceSeconds(1);
    expect(await service.accessToken(a, ['s'])).toBe('token-2');
  });

  it('shares one in-flight request among concurrent callers', async () => {
    endpoint.manual = true;
    const a = registration('a');
    const callers = Array.from({ length: 10 }, () => service.accessToken(a, ['s']));
    await Promise.resolve();
    endpoint.release();
    expect(await Promise.all(callers)).toEqual(Array(10).fill('token-1'));
    expect(endpoint.requests).toHaveLength(1);
  });

  it('does not cache failures: every waiter gets the error, the next call asks again', async () => {
    endpoint.manual = true;
    endpoint.failWith = new AppError('PLATFORM_TOKEN_REJECTED');
    const a = registration('a');
    const callers = [service.accessToken(a, ['s']), service.accessToken(a, ['s'])];
    await Promise.resolve();
    endpoint.release();
    for (const caller of callers) await expect(caller).rejects.toMatchObject({ code: 'PLATFORM_TOKEN_REJECTED' });
    endpoint.manual = false;
    endpoint.failWith = undefined;
    expect(await service.accessToken(a, ['s'])).toBe('token-2');
  });

  it('invalidate drops only the token that failed, not a newer one', async () => {
    const a = registration('a');
    await service.accessToken(a, ['s']);
    service.invalidate(a, ['s'], 'token-old');
    expect(await service.accessToken(a, ['s'])).toBe('token-1');
    service.invalidate(a, ['s'], 'token-1');
    expect(await service.accessToken(a, ['s'])).toBe('token-2');
  });
});
