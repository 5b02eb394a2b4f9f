import { AppError } from '../common/errors/app.error';

/** Claims nest a few levels (custom, lis, AGS); far deeper only costs stack, here and in PostgreSQL. */
export const MAX_PAYLOAD_DEPTH = 32;

const decoder = new TextDecoder('utf-8', { fatal: true });
// After JSON.stringify, a `\u` escape (behind an odd run of backslashes) is either a NUL or a lone
// surrogate: jsonb stores neither, so such a payload could be verified but never recorded.
const UNSTORABLE = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/i;

function malformed(detail: string, cause?: unknown): AppError {
  return new AppError('LTI_ID_TOKEN_MALFORMED', { detail, cause });
}

function deeperThan(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (limit === 0) return true;
  return Object.values(value).some((child) => deeperThan(child, limit - 1));
}

/** The verified payload bytes as JSON (strict UTF-8). */
export function parsePayload(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(bytes));
  } catch (cause) {
    throw malformed('payload is not JSON', cause);
  }
}

/** The claims as the JSON text the launch record stores; refuses what jsonb cannot hold. */
export function storableJson(payload: unknown): string {
  if (deeperThan(payload, MAX_PAYLOAD_DEPTH)) throw malformed(`payload nested deeper than ${MAX_PAYLOAD_DEPTH}`);
  const json = JSON.stringify(payload);
  if (UNSTORABLE.test(json)) throw malformed('payload holds a NUL character or a lone surrogate');
  return json;
}
