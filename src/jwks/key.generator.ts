import { createHash, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { PublicRsaJwk } from './jwk.entity';

const generateRsa = promisify(generateKeyPair);

export const SIGNING_ALG = 'RS256';

/** A freshly generated key pair, not yet stored. The private half never leaves the process unencrypted. */
export interface GeneratedKey {
  kid: string;
  alg: typeof SIGNING_ALG;
  publicJwk: PublicRsaJwk;
  privateKey: KeyObject;
}

/** RFC 7638 §3: SHA-256 over the required members (e, kty, n) in lexicographic order, no whitespace. */
export function rsaThumbprint(jwk: { e: string; n: string }): string {
  const canonical = JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n });
  return createHash('sha256').update(canonical).digest('base64url');
}

/**
 * Generates an RSA key pair on libuv's thread pool (crypto.generateKeyPair with a callback), so the
 * event loop keeps serving while a 2048-4096 bit prime search runs.
 */
export async function generateRsaSigningKey(modulusLength: number): Promise<GeneratedKey> {
  const { publicKey, privateKey } = await generateRsa('rsa', { modulusLength, publicExponent: 0x10001 });
  const exported = publicKey.export({ format: 'jwk' });
  if (typeof exported.n !== 'string' || typeof exported.e !== 'string') throw new Error('RSA public key without n/e');
  const kid = rsaThumbprint({ e: exported.e, n: exported.n });
  return {
    kid,
    alg: SIGNING_ALG,
    publicJwk: { kty: 'RSA', kid, use: 'sig', alg: SIGNING_ALG, n: exported.n, e: exported.e },
    privateKey,
  };
}
