import type { ErrorCatalogueSection } from './error-definition';

/** Tool signing keys: storage, encryption at rest, rotation, signing. */
export const KEY_ERRORS = {} as const satisfies ErrorCatalogueSection;
