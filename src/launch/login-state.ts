import { createHash, timingSafeEqual } from 'node:crypto';
import type { CookieSerializeOptions } from '@fastify/cookie';
import { AppError } from '../common/errors/app.error';
import { randomToken } from '../common/random';

export const STATE_COOKIE_PREFIX = 'lti_state_';
export const STATE_COOKIE_PATH = '/lti';

// 256 random bits (base64url), then the registration the login was for.
const STATE_FORMAT = /^[A-Za-z0-9_-]{43}\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/**
 * The OIDC `state` of one login (Security Framework §5.1.1.2). It carries the
 * registration the login was for, so the launch verifies the id_token with that registration's
 * keys and compares iss and aud against it rather than trusting the token to name its own
 * registration. The cookie named after the state's hash binds it to the browser, one cookie per
 * login so that launches in several tabs do not overwrite each other.
 */
export interface LoginState {
  state: string;
  /** sha256 hex of the state: the nonce is stored bound to it. */
  stateHash: string;
  cookieName: string;
  registrationId: string;
}

function describe(state: string, registrationId: string): LoginState {
  const stateHash = createHash('sha256').update(state).digest('hex');
  return { state, stateHash, cookieName: `${STATE_COOKIE_PREFIX}${stateHash.slice(0, 16)}`, registrationId };
}

/** A fresh state from the CSPRNG for a login to `registrationId`. */
export function newLoginState(registrationId: string): LoginState {
  return describe(`${randomToken(32)}.${registrationId}`, registrationId);
}

/** The state posted with the launch form; its shape alone says whether this tool could have issued it. */
export function parseLoginState(value: unknown): LoginState {
  if (value === undefined || value === '') throw new AppError('LTI_STATE_MISSING');
  const match = typeof value === 'string' ? STATE_FORMAT.exec(value) : null;
  if (!match) throw new AppError('LTI_STATE_INVALID');
  return describe(value as string, match[1]);
}

/**
 * LTI-SECURITY.md step 1: the browser that posts the launch must hold the cookie of this login.
 * No state cookie at all usually means the browser blocks cookies in the LMS iframe; other
 * state cookies but not this one means the state belongs to a login of another browser.
 */
export function checkStateCookie(login: LoginState, cookies: Record<string, string | undefined> | undefined): void {
  const value = cookies?.[login.cookieName];
  if (value === undefined) {
    const anyState = Object.keys(cookies ?? {}).some((name) => name.startsWith(STATE_COOKIE_PREFIX));
    throw new AppError(anyState ? 'LTI_STATE_MISMATCH' : 'LTI_STATE_COOKIE_MISSING');
  }
  const expected = Buffer.from(login.state);
  const actual = Buffer.from(value);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw new AppError('LTI_STATE_MISMATCH', { detail: 'state cookie value differs' });
  }
}

/**
 * `SameSite=None; Secure` so the cookie comes back with the platform's cross-site form_post into an
 * LMS iframe; plain-http development (STATE_COOKIE_SECURE=false) falls back to `SameSite=Lax`.
 * Clearing a cookie needs the same attributes, hence this without Max-Age.
 */
export function stateCookieAttributes(secure: boolean): CookieSerializeOptions {
  return { path: STATE_COOKIE_PATH, httpOnly: true, secure, sameSite: secure ? 'none' : 'lax' };
}

/** The cookie lives as long as the login's nonce. */
export function stateCookieOptions(secure: boolean, maxAgeSeconds: number): CookieSerializeOptions {
  return { ...stateCookieAttributes(secure), maxAge: maxAgeSeconds };
}
