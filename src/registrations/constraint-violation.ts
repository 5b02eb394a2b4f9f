import { QueryFailedError } from 'typeorm';
import { AppError } from '../common/errors/app.error';
import type { ErrorCode } from '../common/errors/error-catalogue';

/**
 * Named constraints whose violation is a client error, by the name the migrations gave them.
 * Relying on the database (not a check-then-insert) makes concurrent duplicates impossible.
 */
const CONSTRAINT_CODES: Record<string, ErrorCode> = {
  UQ_platform_registrations_issuer_client_id: 'REGISTRATION_ALREADY_EXISTS',
  UQ_platform_deployments_registration_deployment: 'REGISTRATION_DEPLOYMENT_ALREADY_EXISTS',
  // Inserting a deployment for a registration that does not exist (or was just deleted).
  FK_platform_deployments_registration_id: 'REGISTRATION_NOT_FOUND',
};

// 23505 unique_violation, 23503 foreign_key_violation.
const SQLSTATES = new Set(['23505', '23503']);

/** The AppError a driver error stands for, or null when it is not one of ours. */
export function constraintError(error: unknown): AppError | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driver = error.driverError as { code?: unknown; constraint?: unknown };
  if (typeof driver.code !== 'string' || !SQLSTATES.has(driver.code) || typeof driver.constraint !== 'string')
    return null;
  const code = CONSTRAINT_CODES[driver.constraint];
  return code ? new AppError(code, { detail: `${driver.code} on ${driver.constraint}`, cause: error }) : null;
}

/** Runs a write and translates the violations above; anything else propagates unchanged. */
export async function translatingConstraints<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw constraintError(error) ?? error;
  }
}
