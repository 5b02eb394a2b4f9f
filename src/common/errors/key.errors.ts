import type { ErrorCatalogueSection } from './error-definition';

/** Tool signing keys: storage, encryption at rest, rotation, signing. */
export const KEY_ERRORS = {
  KEY_REGISTRATION_NOT_FOUND: {
    status: 404,
    message: 'No platform registration exists with this id.',
  },
  KEY_DECRYPTION_FAILED: {
    status: 500,
    message: 'A tool signing key could not be decrypted; the operator must check KEY_ENCRYPTION_KEYS.',
    hint: 'The tool cannot sign messages for this platform until its key-encryption keys are fixed.',
  },
  KEY_ENCRYPTION_KEY_UNKNOWN: {
    status: 500,
    message:
      'A tool signing key is sealed with a key-encryption key that is not configured; the operator must add it to KEY_ENCRYPTION_KEYS.',
  },
  KEY_NOT_USABLE: {
    status: 500,
    message: 'The signing key of this registration holds no private key; rotate the key of this registration.',
  },
  KEY_GENERATION_FAILED: {
    status: 500,
    message: 'A new signing key could not be generated; retry shortly.',
  },
} as const satisfies ErrorCatalogueSection;
