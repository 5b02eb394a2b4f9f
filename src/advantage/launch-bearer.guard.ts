import { createHash, timingSafeEqual } from 'node:crypto';
import {
  applyDecorators,
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Injectable,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../common/errors/app.error';
import { type AdvantageLaunch, AdvantageLaunchSource } from './advantage-launch';

export interface LaunchRequest extends FastifyRequest {
  advantageLaunch?: AdvantageLaunch;
}

const BEARER = /^Bearer\s+([A-Za-z0-9._~+/-]{1,128}=*)\s*$/i;

function sameId(a: string, b: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * The tool's front end holds the launch id (256 random bits) and sends it as
 * `Authorization: Bearer <launch_id>`. It authorises calls for that launch only: the id in the
 * path must be the bearer's own (403 otherwise), and an unknown or expired one is 401. A bearer
 * header, not a cookie, so a cross-site form cannot ride on it.
 */
@Injectable()
export class LaunchBearerGuard implements CanActivate {
  constructor(private readonly launches: AdvantageLaunchSource) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<LaunchRequest & { params: Record<string, string> }>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    if (!match) throw unauthorized('missing bearer launch id');
    const launch = await this.launches.find(match[1]);
    if (!launch) throw unauthorized('bearer launch id unknown or expired');
    if (!sameId(launch.launchId, request.params.id ?? '')) {
      throw new AppError('ADVANTAGE_LAUNCH_MISMATCH', { detail: 'bearer launch id differs from the path launch id' });
    }
    request.advantageLaunch = launch;
    return true;
  }
}

function unauthorized(detail: string): AppError {
  return new AppError('ADVANTAGE_LAUNCH_UNAUTHORIZED', {
    detail,
    headers: { 'www-authenticate': 'Bearer realm="lti-launch"' },
  });
}

/** Marks a handler (or controller) under /lti/launches/:id as needing the launch bearer credential. */
export function LaunchBearerRoute(): ClassDecorator & MethodDecorator {
  return applyDecorators(
    UseGuards(LaunchBearerGuard),
    ApiBearerAuth('launch'),
    ApiUnauthorizedResponse({ description: 'ADVANTAGE_LAUNCH_UNAUTHORIZED: missing, unknown or expired launch id' }),
    ApiForbiddenResponse({ description: 'ADVANTAGE_LAUNCH_MISMATCH: the bearer belongs to another launch' }),
  );
}

/** The launch the guard resolved. */
export const CurrentLaunch = createParamDecorator((_: unknown, context: ExecutionContext): AdvantageLaunch => {
  const launch = context.switchToHttp().getRequest<LaunchRequest>().advantageLaunch;
  if (!launch) throw new AppError('ADVANTAGE_LAUNCH_UNAUTHORIZED', { detail: 'route lacks LaunchBearerRoute()' });
  return launch;
});
