import type { FastifyRequest } from 'fastify';

// A path segment that looks like an opaque credential (a launch id is 43 base64url characters).
const OPAQUE_SEGMENT = /(?<=\/)[A-Za-z0-9_-]{32,}(?=\/|$)/g;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What a log line says about the path: the matched route pattern (/lti/launches/:id) rather than
 * the URL, because launch ids in paths are the front end's bearer credentials. Unmatched paths
 * lose their query string, opaque segments (UUIDs are kept) and anything past 120 characters.
 */
export function loggablePath(request: Pick<FastifyRequest, 'url' | 'routeOptions'>): string {
  if (request.routeOptions?.url) return request.routeOptions.url;
  const path = request.url.split('?')[0].replace(OPAQUE_SEGMENT, (segment) => (UUID.test(segment) ? segment : '…'));
  return `unmatched:${path.slice(0, 120)}`;
}
