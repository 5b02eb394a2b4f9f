import { AppError } from '../common/errors/app.error';

/**
 * Platform service URLs come from launch claims (lineitems, lineitem, context_memberships_url,
 * deep_link_return_url) and, for line items, from our own front end. Our bearer token travels to
 * them, so they must be https (unless ALLOW_INSECURE_URLS, development only), carry no userinfo,
 * and client-supplied ones must stay inside the endpoint the platform gave (no SSRF).
 */
export function parsePlatformUrl(value: unknown, allowInsecure: boolean, what: string): URL {
  if (typeof value !== 'string' || !URL.canParse(value)) {
    throw new AppError('PLATFORM_URL_NOT_ALLOWED', { detail: `${what} is not an absolute URL` });
  }
  const url = new URL(value);
  const schemeOk = url.protocol === 'https:' || (allowInsecure && url.protocol === 'http:');
  if (!schemeOk) throw new AppError('PLATFORM_URL_NOT_ALLOWED', { detail: `${what} uses ${url.protocol}` });
  if (url.username || url.password) {
    throw new AppError('PLATFORM_URL_NOT_ALLOWED', { detail: `${what} carries credentials` });
  }
  url.hash = '';
  return url;
}

/** The path without trailing slashes, so "/items" and "/items/" are the same endpoint. */
function trimmedPath(url: URL): string {
  return url.pathname.replace(/\/+$/, '');
}

/**
 * True when `candidate` is `base` or a resource below it: same origin and a path prefix ending at a
 * segment boundary ("/lineitems/5" is under "/lineitems", "/lineitems-evil" is not). Both are
 * already normalised by the URL parser, so "/lineitems/../admin" cannot sneak through.
 */
export function isWithin(candidate: URL, base: URL): boolean {
  if (candidate.origin !== base.origin) return false;
  const prefix = trimmedPath(base);
  const path = trimmedPath(candidate);
  return path === prefix || path.startsWith(`${prefix}/`);
}

/** Strictly below `base` (not `base` itself). */
export function isBelow(candidate: URL, base: URL): boolean {
  return isWithin(candidate, base) && trimmedPath(candidate) !== trimmedPath(base);
}

/**
 * Appends a path segment to a URL that may carry a query string (Moodle's line item URLs end in
 * "?type_id=1"): ".../lineitems/5/lineitem?type_id=1" + "scores" -> ".../lineitem/scores?type_id=1".
 */
export function appendPath(base: URL, segment: string): URL {
  const url = new URL(base.href);
  url.pathname = `${trimmedPath(url)}/${segment}`;
  return url;
}

/** Adds query parameters (skipping undefined) without dropping those the platform put there. */
export function withQuery(base: URL, params: Record<string, string | number | undefined>): URL {
  const url = new URL(base.href);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  return url;
}
