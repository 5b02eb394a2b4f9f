import type { ErrorCatalogueSection } from './error-definition';

/** Scheduled maintenance and its operator API. */
export const MAINTENANCE_ERRORS = {} as const satisfies ErrorCatalogueSection;
