const SENSITIVE_KEY =
  /^(authorization|cookie|set-cookie|id_token|idtoken|jwt|token|access_token|accesstoken|client_assertion|assertion|password|secret|private.*|privatekey|ciphertext|kek|.*_?tokens?|d|p|q|dp|dq|qi|k)$/i;
// Compact JWS/JWE and PEM blocks are redacted wherever they appear inside a string.
const JWT_PATTERN = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;
const PEM_PATTERN = /-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g;
export const REDACTED = '[REDACTED]';

export function redactString(value: string): string {
  return value.replace(JWT_PATTERN, REDACTED).replace(PEM_PATTERN, REDACTED);
}

/** A deep copy of a log payload with secrets replaced; safe on cycles and deep objects. */
export function redact(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8 || seen.has(value)) return '[…]';
  seen.add(value);
  if (value instanceof Error) return { name: value.name, message: redactString(value.message) };
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SENSITIVE_KEY.test(key) ? REDACTED : redact(item, depth + 1, seen);
  }
  return out;
}
