import type { ErrorCatalogueSection } from './error-definition';

/** OIDC login initiation, id_token validation and launch records. */
export const LTI_ERRORS = {} as const satisfies ErrorCatalogueSection;
