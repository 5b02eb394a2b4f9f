import type { ErrorCatalogueSection } from './error-definition';

export const COMMON_ERRORS = {
  VALIDATION_FAILED: { status: 400, message: 'The request is invalid; see details for each field.' },
  MALFORMED_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    message: 'The request body has a content type this endpoint does not accept.',
  },
  REQUEST_TOO_LARGE: { status: 413, message: 'The request body is larger than this service accepts.' },
  ROUTE_NOT_FOUND: { status: 404, message: 'No endpoint exists at this method and path.' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'This endpoint does not accept that HTTP method.' },
  BAD_REQUEST: { status: 400, message: 'The request could not be understood.' },
  ADMIN_UNAUTHORIZED: { status: 401, message: 'Send a valid admin token as "Authorization: Bearer <token>".' },
  FORBIDDEN: { status: 403, message: 'You are not allowed to perform this action.' },
  DATABASE_UNAVAILABLE: { status: 503, message: 'The database is not reachable right now; retry shortly.' },
  SERVICE_SHUTTING_DOWN: { status: 503, message: 'The service is shutting down; retry on another instance.' },
  TOO_MANY_REQUESTS: { status: 429, message: 'Too many requests; slow down and retry later.' },
  INTERNAL_ERROR: { status: 500, message: 'An unexpected error occurred; quote the request id when reporting it.' },
} as const satisfies ErrorCatalogueSection;
