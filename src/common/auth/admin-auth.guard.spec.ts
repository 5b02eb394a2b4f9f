import 'reflect-metadata';
import type { ExecutionContext } from '@nestjs/common';
import { buildConfig } from '../../config/config.loader';
import { AppError } from '../errors/app.error';
import { AdminAuthGuard, type AdminRequest, adminTokenId } from './admin-auth.guard';

// The module object itself (an `import * as` namespace would be a copy the guard never calls through).
const nodeCrypto = jest.requireActual<typeof import('node:crypto')>('node:crypto');

const FIRST = 'first-admin-token-0123456789abcdefghijkl';
const SECOND = 'second-admin-token-0123456789abcdefghijk';

function contextFor(headers: Record<string, string | undefined>): { context: ExecutionContext; request: AdminRequest } {
  const request = { headers } as unknown as AdminRequest;
  const context = { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
  return { context, request };
}

function guard(tokens: string[] = [FIRST, SECOND]): AdminAuthGuard {
  return new AdminAuthGuard(buildConfig({ ADMIN_TOKENS: tokens.join(',') }));
}

function rejection(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected the guard to reject');
}

describe('AdminAuthGuard', () => {
  it.each([
    ['the first token', `Bearer ${FIRST}`, FIRST],
    ['the second token (rotation)', `Bearer ${SECOND}`, SECOND],
    ['a lower-case scheme and extra spaces', `bearer   ${FIRST}  `, FIRST],
  ])('accepts %s and records its fingerprint', (_case, header, token) => {
    const { context, request } = contextFor({ authorization: header });
    expect(guard().canActivate(context)).toBe(true);
    expect(request.adminTokenId).toBe(adminTokenId(token));
  });

  it.each([
    ['no Authorization header', undefined],
    ['an empty header', ''],
    ['another scheme', `Basic ${Buffer.from(`admin:${FIRST}`).toString('base64')}`],
    ['a scheme without token', 'Bearer'],
    ['two tokens', `Bearer ${FIRST} ${SECOND}`],
    ['a wrong token', 'Bearer wrong-token-0123456789abcdefghijklmnopq'],
    ['a prefix of a valid token', `Bearer ${FIRST.slice(0, -1)}`],
    ['a valid token with a suffix', `Bearer ${FIRST}x`],
    ['the token without the scheme', FIRST],
  ])('rejects %s with 401 ADMIN_UNAUTHORIZED and a WWW-Authenticate challenge', (_case, header) => {
    const { context, request } = contextFor({ authorization: header });
    const error = rejection(() => guard().canActivate(context));
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('ADMIN_UNAUTHORIZED');
    expect(error.status).toBe(401);
    expect(error.headers?.['www-authenticate']).toMatch(/^Bearer realm="[^"]+"$/);
    expect(request.adminTokenId).toBeUndefined();
  });

  it.each([FIRST, SECOND, 'wrong-token-0123456789abcdefghijklmnopq'])(
    'compares against every configured token whichever one matches (%#), in constant time',
    (token) => {
      const compare = jest.spyOn(nodeCrypto, 'timingSafeEqual');
      try {
        const { context } = contextFor({ authorization: `Bearer ${token}` });
        const tokens = [FIRST, SECOND, 'third-admin-token-0123456789abcdefghijk'];
        try {
          guard(tokens).canActivate(context);
        } catch {
          // a wrong token is rejected; the count below is what matters
        }
        expect(compare).toHaveBeenCalledTimes(tokens.length);
      } finally {
        compare.mockRestore();
      }
    },
  );

  it('rejects everything when no token is configured', () => {
    const { context } = contextFor({ authorization: 'Bearer ' });
    expect(rejection(() => guard([]).canActivate(context)).code).toBe('ADMIN_UNAUTHORIZED');
  });

  it('never puts the presented token in the error', () => {
    const presented = 'presented-secret-0123456789abcdefghijklmn';
    const { context } = contextFor({ authorization: `Bearer ${presented}` });
    const error = rejection(() => guard().canActivate(context));
    expect(JSON.stringify({ message: error.message, detail: error.detail, details: error.details })).not.toContain(
      presented,
    );
  });

  it('fingerprints are short, stable, distinct and do not contain the token', () => {
    expect(adminTokenId(FIRST)).toMatch(/^[0-9a-f]{12}$/);
    expect(adminTokenId(FIRST)).toBe(adminTokenId(FIRST));
    expect(adminTokenId(FIRST)).not.toBe(adminTokenId(SECOND));
    expect(FIRST).not.toContain(adminTokenId(FIRST));
  });
});
