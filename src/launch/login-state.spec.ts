import { createHash, randomUUID } from 'node:crypto';
import type { AppError } from '../common/errors/app.error';
import { checkStateCookie, newLoginState, parseLoginState, stateCookieOptions } from './login-state';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as AppError).code;
  }
  return 'OK';
}

describe('login state', () => {
  const registrationId = randomUUID();

  it('is ≥ 128 random bits plus the registration id, with a cookie named after its hash', () => {
    const login = newLoginState(registrationId);
    const [random, id] = login.state.split('.');
    expect(Buffer.from(random, 'base64url').length).toBe(32);
    expect(id).toBe(registrationId);
    expect(login.stateHash).toBe(createHash('sha256').update(login.state).digest('hex'));
    expect(login.cookieName).toBe(`lti_state_${login.stateHash.slice(0, 16)}`);
    expect(newLoginState(registrationId).state).not.toBe(login.state);
  });

  it('parses back what it issued', () => {
    const login = newLoginState(registrationId);
    expect(parseLoginState(login.state)).toEqual(login);
  });

  it.each([
    [undefined, 'LTI_STATE_MISSING'],
    ['', 'LTI_STATE_MISSING'],
    [['a', 'b'], 'LTI_STATE_INVALID'],
    ['forged', 'LTI_STATE_INVALID'],
    [`${'a'.repeat(43)}.not-a-uuid`, 'LTI_STATE_INVALID'],
    [`${'a'.repeat(42)}.${randomUUID()}`, 'LTI_STATE_INVALID'],
  ])('parseLoginState(%p) → %s', (value, code) => {
    expect(codeOf(() => parseLoginState(value))).toBe(code);
  });

  it('checks the cookie of this login', () => {
    const login = newLoginState(registrationId);
    const other = newLoginState(registrationId);
    expect(codeOf(() => checkStateCookie(login, { [login.cookieName]: login.state }))).toBe('OK');
    expect(codeOf(() => checkStateCookie(login, undefined))).toBe('LTI_STATE_COOKIE_MISSING');
    expect(codeOf(() => checkStateCookie(login, { session: 'x' }))).toBe('LTI_STATE_COOKIE_MISSING');
    expect(codeOf(() => checkStateCookie(login, { [other.cookieName]: other.state }))).toBe('LTI_STATE_MISMATCH');
    expect(codeOf(() => checkStateCookie(login, { [login.cookieName]: other.state }))).toBe('LTI_STATE_MISMATCH');
    expect(codeOf(() => checkStateCookie(login, { [login.cookieName]: 'short' }))).toBe('LTI_STATE_MISMATCH');
  });

  it('cookie attributes: SameSite=None; Secure by default, Lax without Secure for plain-http development', () => {
    expect(stateCookieOptions(true, 600)).toEqual({
      path: '/lti',
      httpOnly: true,
      secure: true,
      sameSite: 'none',
      maxAge: 600,
    });
    expect(stateCookieOptions(false, 600)).toEqual({
      path: '/lti',
      httpOnly: true,
      secure: false,
      sameSite: 'lax',
      maxAge: 600,
    });
  });
});
