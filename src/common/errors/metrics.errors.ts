import type { ErrorCatalogueSection } from './error-definition';

/** The Prometheus scrape endpoint. */
export const METRICS_ERRORS = {
  METRICS_UNAUTHORIZED: { status: 401, message: 'Send the metrics token as "Authorization: Bearer <token>".' },
} as const satisfies ErrorCatalogueSection;
