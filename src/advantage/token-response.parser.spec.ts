import type { PlatformResponse } from './platform-http.client';
import { parseTokenResponse, tokenError } from './token-response.parser';
import { codeOf } from '../../test/support/advantage.assertions';

const response = (status: number, body: unknown, headers: Record<string, string> = {}): PlatformResponse => ({
  status,
  headers: new Headers(headers),
  text: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('token endpoint responses (RFC 6749 §5.1, §5.2)', () => {
  it('reads a bearer token, its lifetime and the granted scope', () => {
    expect(
      parseTokenResponse(
        response(200, { access_token: 'abc', token_type: 'Bearer', expires_in: 3600, scope: 's1 s2' }),
      ),
    ).toEqual({
      accessToken: 'abc',
      expiresIn: 3600,
      grantedScope: 's1 s2',
    });
    expect(
      parseTokenResponse(response(200, { access_token: 'abc', token_type: 'bearer', expires_in: '120' })).expiresIn,
    ).toBe(120);
  });

  it('assumes a short lifetime when expires_in is missing or nonsense', () => {
    expect(parseTokenResponse(response(200, { access_token: 'abc', token_type: 'Bearer' })).expiresIn).toBe(300);
    expect(
      parseTokenResponse(response(200, { access_token: 'abc', token_type: 'Bearer', expires_in: -5 })).expiresIn,
    ).toBe(300);
  });

  it.each([
    ['not JSON', '<html>'],
    ['empty', ''],
    ['an array', []],
    ['no access_token', { token_type: 'Bearer' }],
    ['a numeric access_token', { access_token: 1, token_type: 'Bearer' }],
    ['a MAC token', { access_token: 'abc', token_type: 'mac' }],
    ['no token_type', { access_token: 'abc' }],
  ])('refuses %s as PLATFORM_BAD_RESPONSE', async (_case, body) => {
    expect(await codeOf(() => parseTokenResponse(response(200, body)))).toBe('PLATFORM_BAD_RESPONSE');
  });

  it.each([
    [400, 'PLATFORM_TOKEN_REJECTED'],
    [401, 'PLATFORM_TOKEN_REJECTED'],
    [403, 'PLATFORM_TOKEN_REJECTED'],
    [404, 'PLATFORM_TOKEN_REJECTED'],
    [429, 'PLATFORM_RATE_LIMITED'],
    [204, 'PLATFORM_BAD_RESPONSE'],
  ])('maps HTTP %i to %s', (status, code) => {
    expect(tokenError(response(status, { error: 'invalid_client' })).code).toBe(code);
  });

  it('keeps the OAuth error code in the private detail only, and never free text', () => {
    const error = tokenError(response(401, { error: 'invalid_client', error_description: 'assertion eyJhbGciOi...' }));
    expect(error.detail).toContain('invalid_client');
    expect(error.detail).not.toContain('eyJ');
    expect(error.message).not.toContain('invalid_client');
    expect(tokenError(response(400, { error: 'Bad <script>' })).detail).not.toContain('script');
  });
});
