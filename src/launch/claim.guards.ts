/** Small JSON type guards for untrusted claim values. */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isNonEmptyString(value: unknown, maxLength = Number.POSITIVE_INFINITY): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= maxLength;
}

export function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || !URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === 'https:' || protocol === 'http:';
}

/** Optional members: absent, or of the given JSON type. */
export const optional = {
  string: (value: unknown): boolean => value === undefined || typeof value === 'string',
  number: (value: unknown): boolean => value === undefined || isFiniteNumber(value),
  boolean: (value: unknown): boolean => value === undefined || typeof value === 'boolean',
  stringArray: (value: unknown): boolean => value === undefined || isStringArray(value),
  object: (value: unknown): boolean => value === undefined || isObject(value),
};
