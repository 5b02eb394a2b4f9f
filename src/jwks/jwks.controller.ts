import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '../config/app.config';
import { JwksPublisher } from './jwks.publisher';

/** RFC 9110 §13.1.2: If-None-Match uses the weak comparison; "*" matches any current representation. */
function matches(ifNoneMatch: string, etag: string): boolean {
  return ifNoneMatch.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}

/**
 * Our public keys for platforms (LTI Security Framework §6.3): answered from memory, never from the
 * database, with a max-age and a validator so platforms and proxies revalidate cheaply.
 */
@ApiTags('jwks')
@Controller('.well-known')
export class JwksController {
  private readonly cacheControl: string;

  constructor(
    private readonly publisher: JwksPublisher,
    config: AppConfig,
  ) {
    this.cacheControl = `public, max-age=${config.JWKS_MAX_AGE_SECONDS}`;
  }

  @Get('jwks.json')
  @ApiOperation({ summary: 'Public halves of every published tool signing key (kty, kid, use, alg, n, e)' })
  @ApiOkResponse({ description: '{"keys": [...]}; 304 when If-None-Match matches the ETag' })
  jwks(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res() reply: FastifyReply): void {
    const { body, etag } = this.publisher.published;
    void reply.header('cache-control', this.cacheControl).header('etag', etag);
    if (ifNoneMatch !== undefined && matches(ifNoneMatch, etag)) {
      void reply.code(304).send();
      return;
    }
    void reply.header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
