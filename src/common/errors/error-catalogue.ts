import { ADVANTAGE_ERRORS } from './advantage.errors';
import { COMMON_ERRORS } from './common.errors';
import type { ErrorDefinition } from './error-definition';
import { KEY_ERRORS } from './key.errors';
import { LTI_ERRORS } from './lti.errors';
import { MAINTENANCE_ERRORS } from './maintenance.errors';
import { METRICS_ERRORS } from './metrics.errors';
import { REGISTRATION_ERRORS } from './registration.errors';

/** Every stable error code the service can answer with. README.md lists them all (a test checks). */
export const ERROR_CATALOGUE = {
  ...COMMON_ERRORS,
  ...REGISTRATION_ERRORS,
  ...KEY_ERRORS,
  ...LTI_ERRORS,
  ...ADVANTAGE_ERRORS,
  ...MAINTENANCE_ERRORS,
  ...METRICS_ERRORS,
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export function errorDefinition(code: ErrorCode): ErrorDefinition {
  return ERROR_CATALOGUE[code];
}
