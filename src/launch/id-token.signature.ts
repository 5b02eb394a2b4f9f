import { compactVerify, type CryptoKey, decodeProtectedHeader, errors, type JWTVerifyGetKey, type ProtectedHeaderParameters } from 'jose';
import { AppError } from '../common/errors/app.error';
import { PlatformJwksFetchError } from './platform-jwks.cache';

/** RFC 8725 §3.1: an explicit allow-list; never `none`, never an HMAC keyed with a public key. */
export const ALLOWED_ALGORITHMS = ['RS256'];
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Header checks before any key is looked up (LTI-SECURITY.md step 2). Only `alg` and `kid` are
 * read: `jku`, `x5u`, `jwk` and `x5c` would let the token name its own key, so they are ignored.
 */
export function checkHeader(token: string): ProtectedHeaderParameters & { kid: string } {
  if (!COMPACT_JWS.test(token)) throw new AppError('LTI_ID_TOKEN_MALFORMED', { detail: 'not a compact JWS' });
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(token);
  } catch (cause) {
    throw new AppError('LTI_ID_TOKEN_MALFORMED', { detail: 'header is not JSON', cause });
  }
  // RFC 7797 unencoded payloads would change what the signature covers; LTI never uses them.
  if (header.b64 !== undefined) throw new AppError('LTI_ID_TOKEN_MALFORMED', { detail: 'b64 header present' });
  if (typeof header.alg !== 'string' || !ALLOWED_ALGORITHMS.includes(header.alg)) {
    throw new AppError('LTI_ID_TOKEN_ALG_NOT_ALLOWED', { detail: `alg ${JSON.stringify(header.alg)?.slice(0, 40)}` });
  }
  if (typeof header.kid !== 'string' || header.kid.length === 0) throw new AppError('LTI_ID_TOKEN_KID_MISSING');
  return header as ProtectedHeaderParameters & { kid: string };
}

/** Maps what jose or the JWKS fetch threw to one stable code; fails closed, never a 500. */
export function signatureError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const cause = error;
  const detail = (error as Error)?.message;
  if (error instanceof errors.JWKSNoMatchingKey) return new AppError('LTI_ID_TOKEN_KID_UNKNOWN', { cause });
  if (error instanceof errors.JWSSignatureVerificationFailed) return new AppError('LTI_ID_TOKEN_SIGNATURE_INVALID', { cause });
  if (error instanceof errors.JOSEAlgNotAllowed) return new AppError('LTI_ID_TOKEN_ALG_NOT_ALLOWED', { cause });
  if (error instanceof errors.JWSInvalid) return new AppError('LTI_ID_TOKEN_MALFORMED', { detail, cause });
  if (error instanceof errors.JWKSTimeout || error instanceof PlatformJwksFetchError) {
    return new AppError('LTI_PLATFORM_JWKS_UNAVAILABLE', { detail, cause });
  }
  // jose's plain JOSEError: a non-200 answer, or (with a SyntaxError cause) a body that is not JSON.
  // (compared by name: the SyntaxError may come from another realm, e.g. undici's.)
  if (error instanceof errors.JOSEError && error.code === errors.JOSEError.code && (error.cause as Error)?.name !== 'SyntaxError') {
    return new AppError('LTI_PLATFORM_JWKS_UNAVAILABLE', { detail, cause });
  }
  // Anything else came from the key material: malformed set, bad JSON, unusable or weak key.
  return new AppError('LTI_PLATFORM_JWKS_INVALID', { detail, cause });
}

async function verifyWithCandidates(token: string, candidates: AsyncIterable<CryptoKey>): Promise<Uint8Array> {
  for await (const key of candidates) {
    try {
      return (await compactVerify(token, key, { algorithms: ALLOWED_ALGORITHMS })).payload;
    } catch (error) {
      if (!(error instanceof errors.JWSSignatureVerificationFailed)) throw error;
    }
  }
  throw new errors.JWSSignatureVerificationFailed();
}

/** Security Framework §5.1.3 step 1: the signature, with the key the registration's JWKS names by kid. */
export async function verifySignature(token: string, getKey: JWTVerifyGetKey): Promise<Uint8Array> {
  try {
    return (await compactVerify(token, getKey, { algorithms: ALLOWED_ALGORITHMS })).payload;
  } catch (error) {
    // A set may hold several keys with one kid (e.g. during a rotation): try each of them.
    if (error instanceof errors.JWKSMultipleMatchingKeys) {
      return verifyWithCandidates(token, error as unknown as AsyncIterable<CryptoKey>).catch((inner: unknown) => {
        throw signatureError(inner);
      });
    }
    throw signatureError(error);
  }
}
