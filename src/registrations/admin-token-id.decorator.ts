import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AdminRequest } from '../common/auth/admin-auth.guard';

/** The fingerprint of the admin token that AdminAuthGuard accepted, for audit lines. */
export const AdminTokenId = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string =>
    context.switchToHttp().getRequest<AdminRequest>().adminTokenId ?? 'unknown',
);
