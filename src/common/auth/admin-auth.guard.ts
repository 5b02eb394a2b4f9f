import { createHash, timingSafeEqual } from 'node:crypto';
import { applyDecorators, type CanActivate, type ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app.config';
import { AppError } from '../errors/app.error';

export interface AdminRequest extends FastifyRequest {
  /** Short, non-secret fingerprint of the admin token used (for audit log lines). */
  adminTokenId?: string;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Fingerprint shown in logs so operators can tell which token acted, without the token itself. */
export function adminTokenId(token: string): string {
  return digest(token).toString('hex').slice(0, 12);
}

/**
 * `Authorization: Bearer <token>` against every configured admin token. Tokens are compared as
 * SHA-256 digests with timingSafeEqual, and every configured token is compared on each request,
 * so neither the length nor the position of a match leaks through timing.
 */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  private readonly digests: Buffer[];

  constructor(config: AppConfig) {
    this.digests = config.ADMIN_TOKENS.map(digest);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AdminRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) throw this.unauthorized('missing bearer token');
    const presented = digest(match[1]);
    let ok = false;
    for (const candidate of this.digests) ok = timingSafeEqual(candidate, presented) || ok;
    if (!ok) throw this.unauthorized('admin token does not match');
    request.adminTokenId = adminTokenId(match[1]);
    return true;
  }

  private unauthorized(detail: string): AppError {
    return new AppError('ADMIN_UNAUTHORIZED', {
      detail,
      headers: { 'www-authenticate': 'Bearer realm="lti-admin"' },
    });
  }
}

/** Marks a controller or handler as admin-only (guard + OpenAPI security). */
export function AdminRoute(): ClassDecorator & MethodDecorator {
  return applyDecorators(
    UseGuards(AdminAuthGuard),
    ApiBearerAuth('admin'),
    ApiUnauthorizedResponse({ description: 'ADMIN_UNAUTHORIZED: missing or wrong admin token' }),
  );
}
