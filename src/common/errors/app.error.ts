import { type ErrorCode, errorDefinition } from './error-catalogue';

export interface AppErrorOptions {
  /** Private detail for the log line; never sent to the client. */
  detail?: string;
  cause?: unknown;
  /** Public, structured extras (e.g. per-field validation messages). Never secrets. */
  details?: unknown;
  /** Response headers such as WWW-Authenticate or Retry-After. */
  headers?: Record<string, string>;
}

/**
 * The one error class services throw. The code decides the status and public message through the
 * catalogue; the detail is only logged.
 */
export class AppError extends Error {
  readonly detail?: string;
  readonly details?: unknown;
  readonly headers?: Record<string, string>;

  constructor(
    readonly code: ErrorCode,
    options: AppErrorOptions = {},
  ) {
    super(errorDefinition(code).message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.detail = options.detail;
    this.details = options.details;
    this.headers = options.headers;
  }

  get status(): number {
    return errorDefinition(this.code).status;
  }
}
