import { KeyObject, verify as cryptoVerify } from 'node:crypto';
import {
  type CryptoKey,
  decodeProtectedHeader,
  errors,
  type CompactJWSHeaderParameters,
  type JWTVerifyGetKey,
  type ProtectedHeaderParameters,
} from 'jose';
import { AppError } from '../common/errors/app.error';
import { PlatformJwksFetchError } from './platform-jwks.cache';

/** RFC 8725 §3.1: an explicit allow-list; never `none`, never an HMAC keyed with a public key. */
export const ALLOWED_ALGORITHMS = ['RS256'];
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Header checks before any key is looked up (LTI-SECURITY.md step 2). Only `alg` and `kid` are
 * read: `jku`, `x5u`, `jwk` and `x5c` would let the token name its own key, so they are ignored.
 */
export function checkHeader(token: string): CompactJWSHeaderParameters & { kid: string } {
  if (!COMPACT_JWS.test(token)) throw new AppError('LTI_ID_TOKEN_MALFORMED', { detail: 'not a compact JWS' });
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(token);
  } catch (cause) {
    throw new AppError('LTI_ID_TOKEN_MALFORMED', { detail: 'header is not JSON', cause });
  }
  // RFC 7515 §4.1.11: we understand no critical extensions, so a token that declares one is refused
  // (RFC 7797 unencoded payloads among them: they would change what the signature covers).
  if (header.crit !== undefined || header.b64 !== undefined) {
    throw new AppError('LTI_ID_TOKEN_MALFORMED', { detail: 'crit or b64 header present' });
  }
  if (typeof header.alg !== 'string' || !ALLOWED_ALGORITHMS.includes(header.alg)) {
    throw new AppError('LTI_ID_TOKEN_ALG_NOT_ALLOWED', { detail: `alg ${JSON.stringify(header.alg)?.slice(0, 40)}` });
  }
  if (typeof header.kid !== 'string' || header.kid.length === 0) throw new AppError('LTI_ID_TOKEN_KID_MISSING');
  return header as CompactJWSHeaderParameters & { kid: string };
}

/** Maps what jose or the JWKS fetch threw to one stable code; fails closed, never a 500. */
export function signatureError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const cause = error;
  const detail = (error as Error)?.message;
  if (error instanceof errors.JWKSNoMatchingKey) return new AppError('LTI_ID_TOKEN_KID_UNKNOWN', { cause });
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return new AppError('LTI_ID_TOKEN_SIGNATURE_INVALID', { cause });
  if (error instanceof errors.JOSEAlgNotAllowed) return new AppError('LTI_ID_TOKEN_ALG_NOT_ALLOWED', { cause });
  if (error instanceof errors.JWSInvalid) return new AppError('LTI_ID_TOKEN_MALFORMED', { detail, cause });
  if (error instanceof errors.JWKSTimeout || error instanceof PlatformJwksFetchError) {
    return new AppError('LTI_PLATFORM_JWKS_UNAVAILABLE', { detail, cause });
  }
  // jose's plain JOSEError: a non-200 answer, or (with a SyntaxError cause) a body that is not JSON.
  // (compared by name: the SyntaxError may come from another realm, e.g. undici's.)
  if (
    error instanceof errors.JOSEError &&
    error.code === errors.JOSEError.code &&
    (error.cause as Error)?.name !== 'SyntaxError'
  ) {
    return new AppError('LTI_PLATFORM_JWKS_UNAVAILABLE', { detail, cause });
  }
  // Anything else came from the key material: malformed set, bad JSON, unusable or weak key.
  return new AppError('LTI_PLATFORM_JWKS_INVALID', { detail, cause });
}

const MIN_RSA_BITS = 2048;
const keyObjects = new WeakMap<CryptoKey, KeyObject>();

/** The node:crypto handle of a key jose selected, converted once per key (RFC 7518 §3.3: ≥ 2048 bits). */
function keyObject(key: CryptoKey): KeyObject {
  let object = keyObjects.get(key);
  if (!object) {
    object = KeyObject.from(key);
    const bits = object.asymmetricKeyDetails?.modulusLength ?? 0;
    if (object.asymmetricKeyType !== 'rsa' || bits < MIN_RSA_BITS) {
      throw new AppError('LTI_PLATFORM_JWKS_INVALID', { detail: `platform key is not RSA of ${MIN_RSA_BITS}+ bits` });
    }
    keyObjects.set(key, object);
  }
  return object;
}

/**
 * RS256 (RSASSA-PKCS1-v1_5 with SHA-256) over the ASCII signing input, RFC 7515 §5.2. Done with
 * node:crypto directly: the same check as jose's compactVerify at a third of its CPU (WebCrypto's
 * job machinery costs more than the RSA operation itself). The token's shape was checked by
 * checkHeader, so the segments are plain base64url.
 */
function rs256Verifies(token: string, key: CryptoKey): boolean {
  const end = token.lastIndexOf('.');
  return cryptoVerify(
    'sha256',
    Buffer.from(token.slice(0, end), 'latin1'),
    keyObject(key),
    Buffer.from(token.slice(end + 1), 'base64url'),
  );
}

async function candidateKeys(
  token: string,
  header: CompactJWSHeaderParameters,
  getKey: JWTVerifyGetKey,
): Promise<CryptoKey[]> {
  const [protectedHeader, payload, signature] = token.split('.');
  try {
    return [(await getKey(header, { protected: protectedHeader, payload, signature })) as CryptoKey];
  } catch (error) {
    // A set may hold several keys under one kid (e.g. during a rotation): each is tried.
    if (!(error instanceof errors.JWKSMultipleMatchingKeys)) throw error;
    const keys: CryptoKey[] = [];
    for await (const key of error as unknown as AsyncIterable<CryptoKey>) keys.push(key);
    return keys;
  }
}

/**
 * Security Framework §5.1.3 step 1: the signature, with the key the registration's JWKS names by
 * kid (jose selects it: kty, alg, use and key_ops must fit). Returns the payload bytes.
 */
export async function verifySignature(
  token: string,
  header: CompactJWSHeaderParameters,
  getKey: JWTVerifyGetKey,
): Promise<Buffer> {
  let keys: CryptoKey[];
  try {
    keys = await candidateKeys(token, header, getKey);
  } catch (error) {
    throw signatureError(error);
  }
  if (!keys.some((key) => rs256Verifies(token, key))) throw new AppError('LTI_ID_TOKEN_SIGNATURE_INVALID');
  return Buffer.from(token.slice(token.indexOf('.') + 1, token.lastIndexOf('.')), 'base64url');
}
