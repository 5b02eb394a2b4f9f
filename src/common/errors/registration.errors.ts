import type { ErrorCatalogueSection } from './error-definition';

/** Platform registrations and deployments (admin API and lookups). */
export const REGISTRATION_ERRORS = {} as const satisfies ErrorCatalogueSection;
