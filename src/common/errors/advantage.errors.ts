import type { ErrorCatalogueSection } from './error-definition';

/** LTI Advantage: deep linking responses, service tokens, AGS, NRPS. */
export const ADVANTAGE_ERRORS = {} as const satisfies ErrorCatalogueSection;
