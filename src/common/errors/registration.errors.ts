import type { ErrorCatalogueSection } from './error-definition';

/** Platform registrations and deployments (admin API and lookups). */
export const REGISTRATION_ERRORS = {
  REGISTRATION_NOT_FOUND: {
    status: 404,
    message: 'No platform registration exists with this id.',
  },
  REGISTRATION_ALREADY_EXISTS: {
    status: 409,
    message: 'A platform registration with this issuer and clientId already exists.',
  },
  REGISTRATION_DEPLOYMENT_NOT_FOUND: {
    status: 404,
    message: 'This registration has no deployment with this deploymentId (deployment ids are case-sensitive).',
  },
  REGISTRATION_DEPLOYMENT_ALREADY_EXISTS: {
    status: 409,
    message: 'This registration already has a deployment with this deploymentId.',
  },
  REGISTRATION_CLIENT_ID_REQUIRED: {
    status: 400,
    message: 'Several registrations share this issuer; the login request must include client_id.',
    hint: 'Configure the platform to send client_id in its login initiation request, or ask the tool administrator.',
  },
} as const satisfies ErrorCatalogueSection;
