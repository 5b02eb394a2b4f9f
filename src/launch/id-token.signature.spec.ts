import { errors } from 'jose';
import type { AppError } from '../common/errors/app.error';
import { checkHeader, signatureError } from './id-token.signature';
import { PlatformJwksFetchError, PlatformJwksTooLargeError } from './platform-jwks.cache';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const token = (header: unknown): string => `${b64(header)}.${b64({ sub: 'x' })}.c2ln`;

function codeOf(value: string): string {
  try {
    checkHeader(value);
  } catch (error) {
    return (error as AppError).code;
  }
  return 'OK';
}

describe('id_token header checks', () => {
  it.each<[string, string, string]>([
    ['RS256 with a kid', token({ alg: 'RS256', kid: 'k1' }), 'OK'],
    ['alg none', token({ alg: 'none', kid: 'k1' }), 'LTI_ID_TOKEN_ALG_NOT_ALLOWED'],
    ['HS256', token({ alg: 'HS256', kid: 'k1' }), 'LTI_ID_TOKEN_ALG_NOT_ALLOWED'],
    ['ES256', token({ alg: 'ES256', kid: 'k1' }), 'LTI_ID_TOKEN_ALG_NOT_ALLOWED'],
    ['no alg', token({ kid: 'k1' }), 'LTI_ID_TOKEN_ALG_NOT_ALLOWED'],
    ['no kid', token({ alg: 'RS256' }), 'LTI_ID_TOKEN_KID_MISSING'],
    ['empty kid', token({ alg: 'RS256', kid: '' }), 'LTI_ID_TOKEN_KID_MISSING'],
    ['numeric kid', token({ alg: 'RS256', kid: 7 }), 'LTI_ID_TOKEN_KID_MISSING'],
    ['b64 false', token({ alg: 'RS256', kid: 'k1', b64: false, crit: ['b64'] }), 'LTI_ID_TOKEN_MALFORMED'],
    ['two segments', `${b64({ alg: 'RS256' })}.${b64({})}`, 'LTI_ID_TOKEN_MALFORMED'],
    ['a header that is not JSON', `bm90LWpzb24.${b64({})}.c2ln`, 'LTI_ID_TOKEN_MALFORMED'],
    ['a header that is a JSON array', `${b64([1])}.${b64({})}.c2ln`, 'LTI_ID_TOKEN_MALFORMED'],
    ['characters outside base64url', `${token({ alg: 'RS256', kid: 'k' })}+`, 'LTI_ID_TOKEN_MALFORMED'],
  ])('%s → %s', (_label, value, code) => {
    expect(codeOf(value)).toBe(code);
  });
});

describe('signature error mapping (fail closed, never a 500)', () => {
  const joseGeneric = (cause?: unknown): errors.JOSEError =>
    new errors.JOSEError('x', cause === undefined ? undefined : { cause });
  it.each<[string, unknown, string]>([
    ['no key with the kid', new errors.JWKSNoMatchingKey(), 'LTI_ID_TOKEN_KID_UNKNOWN'],
    ['a bad signature', new errors.JWSSignatureVerificationFailed(), 'LTI_ID_TOKEN_SIGNATURE_INVALID'],
    ['an algorithm not allowed', new errors.JOSEAlgNotAllowed('x'), 'LTI_ID_TOKEN_ALG_NOT_ALLOWED'],
    ['an invalid JWS', new errors.JWSInvalid('x'), 'LTI_ID_TOKEN_MALFORMED'],
    ['a JWKS timeout', new errors.JWKSTimeout(), 'LTI_PLATFORM_JWKS_UNAVAILABLE'],
    ['a refused connection', new PlatformJwksFetchError('refused'), 'LTI_PLATFORM_JWKS_UNAVAILABLE'],
    ['a non-200 answer', joseGeneric(), 'LTI_PLATFORM_JWKS_UNAVAILABLE'],
    ['a body that is not JSON', joseGeneric(new SyntaxError('x')), 'LTI_PLATFORM_JWKS_INVALID'],
    ['a malformed key set', new errors.JWKSInvalid('x'), 'LTI_PLATFORM_JWKS_INVALID'],
    ['an oversized key set', new PlatformJwksTooLargeError('x'), 'LTI_PLATFORM_JWKS_INVALID'],
    [
      'a weak key',
      new TypeError('RS256 requires key modulusLength to be 2048 bits or larger'),
      'LTI_PLATFORM_JWKS_INVALID',
    ],
  ])('%s → %s', (_label, error, code) => {
    expect(signatureError(error).code).toBe(code);
  });
});
