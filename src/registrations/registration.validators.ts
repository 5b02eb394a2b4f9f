import { ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';

export const MAX_TEXT_LENGTH = 255;
export const MAX_URL_LENGTH = 2048;

/**
 * Length in characters as PostgreSQL counts them for varchar(n) (code points, not UTF-16 units),
 * so a value that passes here always fits its column.
 */
export function characterLength(value: string): number {
  let length = 0;
  for (const _ of value) length += 1;
  return length;
}

/** A value PostgreSQL can store in a varchar(max) column: a string, no NUL byte, min..max characters. */
export function isStorableText(value: unknown, min: number, max: number): value is string {
  // A string longer than 2*max UTF-16 units has more than max code points: skip counting it.
  if (typeof value !== 'string' || value.length > 2 * max || value.includes('\u0000')) return false;
  const length = characterLength(value);
  return length >= min && length <= max;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checked before a query: PostgreSQL raises (a 500) on malformed uuid input instead of matching nothing. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Strings stored exactly as given (issuer, client_id, deployment_id are compared byte for byte at launch). */
export function IsText(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isText',
      constraints: [min, max],
      validator: {
        validate: (value: unknown) => isStorableText(value, min, max),
        defaultMessage: (args) =>
          `${options?.each ? 'each value in ' : ''}${args?.property ?? 'value'} must be a string of ${min} to ${max} characters without NUL bytes`,
      },
    },
    options,
  );
}

/**
 * An absolute http(s) URL without credentials or fragment, in printable ASCII (IDN hosts as
 * punycode). Whether plain http is acceptable depends on ALLOW_INSECURE_URLS and is checked by
 * RegistrationUrlPolicyPipe, which has the configuration.
 */
export function isPlatformUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH || !/^[\x21-\x7e]+$/.test(value)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  const schemeOk = url.protocol === 'https:' || url.protocol === 'http:';
  return schemeOk && url.hostname !== '' && !url.username && !url.password && !value.includes('#');
}

export function IsPlatformUrl(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPlatformUrl',
      validator: {
        validate: (value: unknown) => isPlatformUrl(value),
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be an absolute http(s) URL of at most ${MAX_URL_LENGTH} characters, without spaces, credentials or fragment`,
      },
    },
    options,
  );
}

/** Optional in a partial update, but not nullable: `{"issuer": null}` is rejected, not applied. */
export function IsOmittable(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}
