import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../../database/database-errors';
import type { JsonLogger } from '../logging/json.logger';
import { loggablePath } from '../logging/loggable-path';
import { AppError } from './app.error';
import { type ErrorCode, errorDefinition } from './error-catalogue';
import { renderErrorPage } from './error-page';

// Fastify's own request errors (raised before a handler runs) and what they mean to a client.
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'REQUEST_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
};

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'ADMIN_UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'ROUTE_NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'REQUEST_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
};

/** Maps anything thrown to one catalogue code; unknown errors become INTERNAL_ERROR. */
function fastifyCode(exception: unknown, depth = 0): ErrorCode | undefined {
  if (depth > 3 || exception === null || typeof exception !== 'object') return undefined;
  const { code, cause } = exception as { code?: unknown; cause?: unknown };
  if (typeof code === 'string' && FASTIFY_CODES[code]) return FASTIFY_CODES[code];
  return fastifyCode(cause, depth + 1);
}

export function toAppError(exception: unknown): AppError {
  if (exception instanceof AppError) return exception;
  const mapped = fastifyCode(exception);
  if (mapped) return new AppError(mapped, { cause: exception });
  if (exception instanceof HttpException && /not valid JSON/i.test(exception.message)) {
    return new AppError('MALFORMED_JSON', { cause: exception });
  }
  if (exception instanceof SyntaxError) return new AppError('MALFORMED_JSON', { cause: exception });
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const cause = (exception as { cause?: unknown }).cause;
    if (status === 400 && cause instanceof SyntaxError) return new AppError('MALFORMED_JSON', { cause });
    const code = STATUS_CODES[status];
    if (code) return new AppError(code, { detail: exception.message, cause: exception });
  }
  if (isDatabaseUnavailable(exception)) return new AppError('DATABASE_UNAVAILABLE', { cause: exception });
  return new AppError('INTERNAL_ERROR', { cause: exception });
}

function wantsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return request.url.startsWith('/lti') && accept.includes('text/html');
}

/**
 * The one place that decides status, body shape (JSON or a small HTML page for browsers under
 * /lti) and log level. Bodies carry code, public message and request id; never a stack or secret.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: JsonLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const error = toAppError(exception);
    const definition = errorDefinition(error.code);
    const requestId = String(request.id);
    this.log(error, request);

    if (reply.sent) return;
    for (const [name, value] of Object.entries(error.headers ?? {})) void reply.header(name, value);
    void reply.header('cache-control', 'no-store');
    void reply.status(definition.status);
    if (wantsHtml(request)) {
      void reply.type('text/html; charset=utf-8').send(renderErrorPage(error.code, definition, requestId));
      return;
    }
    const body: Record<string, unknown> = { code: error.code, message: definition.message, requestId };
    if (error.details !== undefined) body.details = error.details;
    void reply.type('application/json; charset=utf-8').send({ error: body });
  }

  private log(error: AppError, request: FastifyRequest): void {
    const status = error.status;
    const cause = error.cause as { message?: string; stack?: string } | undefined;
    const fields: Record<string, unknown> = {
      code: error.code,
      status,
      method: request.method,
      path: loggablePath(request),
      // A 404's detail only restates the raw path, which may hold a credential.
      detail: error.code === 'ROUTE_NOT_FOUND' ? undefined : error.detail,
      cause: error.code === 'ROUTE_NOT_FOUND' ? undefined : cause?.message,
    };
    if (status >= 500 && error.code === 'INTERNAL_ERROR') fields.stack = cause?.stack;
    this.logger.event(status >= 500 ? 'error' : 'warn', 'HttpError', 'request failed', fields);
  }
}
