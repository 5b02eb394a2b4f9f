import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorDefinition } from '../common/errors/error-catalogue';
import { escapeHtml } from '../common/errors/error-page';
import { HttpExceptionFilter, toAppError } from '../common/errors/http-exception.filter';
import { JsonLogger } from '../common/logging/json.logger';
import { definitionList, htmlPage, PAGE_CSP, sendHtml } from './html.page';

function wantsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

function detailEntries(details: unknown): [string, string][] {
  if (typeof details !== 'object' || details === null || Array.isArray(details)) return [];
  return Object.entries(details).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
}

/**
 * Errors of the login and launch endpoints. JSON clients get the global filter's answer. A
 * browser gets a page with a strict CSP (these pages show inside LMS iframes) and, when the error
 * carries public details (the issuer and client_id to register, the deployment to add), those
 * values, so the admin in front of the LMS knows exactly what to register. All escaped.
 */
@Catch()
export class LtiErrorFilter implements ExceptionFilter {
  private readonly global: HttpExceptionFilter;

  constructor(private readonly logger: JsonLogger) {
    this.global = new HttpExceptionFilter(logger);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const error = toAppError(exception);
    const entries = detailEntries(error.details);
    if (!wantsHtml(request) || entries.length === 0 || reply.sent) {
      if (wantsHtml(request)) void reply.header('content-security-policy', PAGE_CSP);
      this.global.catch(error, host);
      return;
    }
    const definition = errorDefinition(error.code);
    this.logger.event('warn', 'HttpError', 'request failed', {
      code: error.code,
      status: definition.status,
      method: request.method,
      path: request.url.split('?')[0],
      detail: error.detail,
    });
    const hint = definition.hint ? `<p>${escapeHtml(definition.hint)}</p>` : '';
    const body = `<h1>This tool could not be opened</h1><p>${escapeHtml(definition.message)}</p>${definitionList(entries)}${hint}
<p class="muted">Error code <code>${escapeHtml(error.code)}</code> · request id <code>${escapeHtml(String(request.id))}</code></p>`;
    sendHtml(reply, htmlPage(`LTI tool error: ${error.code}`, body), definition.status);
  }
}
