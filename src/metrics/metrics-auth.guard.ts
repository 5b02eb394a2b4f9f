import { createHash, timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../common/errors/app.error';
import { AppConfig } from '../config/app.config';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * METRICS_ENABLED=false: the endpoint does not exist (404). METRICS_TOKEN set: the scraper must
 * send `Authorization: Bearer <METRICS_TOKEN>`, compared as SHA-256 digests with timingSafeEqual
 * so neither length nor content leaks through timing. Unset: open (protect it at the network).
 */
@Injectable()
export class MetricsAuthGuard implements CanActivate {
  private readonly enabled: boolean;
  private readonly expected?: Buffer;

  constructor(config: AppConfig) {
    this.enabled = config.METRICS_ENABLED;
    this.expected = config.METRICS_TOKEN ? digest(config.METRICS_TOKEN) : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.enabled)
      throw new AppError('ROUTE_NOT_FOUND', { detail: 'metrics are disabled (METRICS_ENABLED=false)' });
    if (!this.expected) return true;
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) throw this.unauthorized('missing bearer token');
    if (!timingSafeEqual(this.expected, digest(match[1]))) throw this.unauthorized('metrics token does not match');
    return true;
  }

  private unauthorized(detail: string): AppError {
    return new AppError('METRICS_UNAUTHORIZED', { detail, headers: { 'www-authenticate': 'Bearer realm="metrics"' } });
  }
}
