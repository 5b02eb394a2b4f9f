import { generateKeyPairSync, sign as cryptoSign } from 'node:crypto';
import { createLocalJWKSet, errors } from 'jose';
import type { AppError } from '../common/errors/app.error';
import { checkHeader, signatureError, verifySignature } from './id-token.signature';
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

describe('verifySignature (RS256 against the key jose selects by kid)', () => {
  type Key = { privateKey: import('node:crypto').KeyObject; jwk: Record<string, unknown> };
  const makeKey = (kid: string, modulusLength = 2048): Key => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength });
    return { privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } };
  };
  const sign = (key: Key, header: Record<string, unknown> = { alg: 'RS256', kid: key.jwk.kid }): string => {
    const input = `${b64(header)}.${b64({ sub: 'u-1' })}`;
    return `${input}.${cryptoSign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`;
  };
  const a = makeKey('a');
  const b = makeKey('a');
  const verifyWith = async (token: string, keys: Key[]): Promise<string> => {
    try {
      const payload = await verifySignature(
        token,
        checkHeader(token),
        createLocalJWKSet({ keys: keys.map((k) => k.jwk) }),
      );
      return JSON.parse(payload.toString()).sub as string;
    } catch (error) {
      return (error as AppError).code;
    }
  };

  it('returns the payload of a good signature', async () => {
    expect(await verifyWith(sign(a), [a])).toBe('u-1');
  });

  it('tries every key published under one kid', async () => {
    expect(await verifyWith(sign(b), [a, b])).toBe('u-1');
  });

  it('refuses a signature by another key under the same kid', async () => {
    expect(await verifyWith(sign(b), [a])).toBe('LTI_ID_TOKEN_SIGNATURE_INVALID');
  });

  it('refuses an unknown kid', async () => {
    expect(await verifyWith(sign(a, { alg: 'RS256', kid: 'zzz' }), [a])).toBe('LTI_ID_TOKEN_KID_UNKNOWN');
  });

  it('refuses a platform key under 2048 bits', async () => {
    const weak = makeKey('w', 1024);
    expect(await verifyWith(sign(weak), [weak])).toBe('LTI_PLATFORM_JWKS_INVALID');
  });

  it('refuses a critical header extension', () => {
    expect(codeOf(sign(a, { alg: 'RS256', kid: 'a', crit: ['exp'], exp: 1 }))).toBe('LTI_ID_TOKEN_MALFORMED');
  });
});
