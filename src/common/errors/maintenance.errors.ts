import type { ErrorCatalogueSection } from './error-definition';

/** Scheduled maintenance and its operator API. */
export const MAINTENANCE_ERRORS = {
  MAINTENANCE_TASK_NOT_FOUND: {
    status: 404,
    message: 'No maintenance task has that name; GET /admin/maintenance lists the tasks.',
  },
} as const satisfies ErrorCatalogueSection;
