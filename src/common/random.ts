import { randomBytes } from 'node:crypto';

/** An unguessable URL-safe token from the CSPRNG (default 256 bits). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
