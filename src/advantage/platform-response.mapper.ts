import { AppError } from '../common/errors/app.error';
import type { PlatformResponse } from './platform-http.client';

/**
 * Maps a non-2xx answer of an AGS or NRPS endpoint to one code (5xx never gets here: the HTTP
 * client retries then raises PLATFORM_UNAVAILABLE). The platform's status is public detail; its
 * body is not echoed (it may quote our request).
 */
export function serviceError(operation: string, response: PlatformResponse): AppError {
  const { status } = response;
  const detail = `${operation}: platform answered HTTP ${status}`;
  if (status === 401 || status === 403)
    return new AppError('PLATFORM_ACCESS_DENIED', { detail, details: { platformStatus: status } });
  if (status === 404 || status === 410)
    return new AppError('PLATFORM_NOT_FOUND', { detail, details: { platformStatus: status } });
  if (status === 429) {
    const retryAfter = response.headers.get('retry-after');
    const headers = retryAfter && /^\d{1,6}$/.test(retryAfter) ? { 'retry-after': retryAfter } : undefined;
    return new AppError('PLATFORM_RATE_LIMITED', { detail, headers });
  }
  if (status >= 400) return new AppError('PLATFORM_REQUEST_REJECTED', { detail, details: { platformStatus: status } });
  return new AppError('PLATFORM_BAD_RESPONSE', { detail });
}

export function isSuccess(response: PlatformResponse): boolean {
  return response.status >= 200 && response.status < 300;
}

/** JSON body of a 2xx answer; anything unparsable is PLATFORM_BAD_RESPONSE. Empty bodies are allowed when `optional`. */
export function parseJsonBody(operation: string, response: PlatformResponse, optional = false): unknown {
  if (response.text.trim() === '') {
    if (optional) return undefined;
    throw new AppError('PLATFORM_BAD_RESPONSE', { detail: `${operation}: empty body` });
  }
  try {
    return JSON.parse(response.text) as unknown;
  } catch (error) {
    throw new AppError('PLATFORM_BAD_RESPONSE', { detail: `${operation}: body is not JSON`, cause: error });
  }
}
