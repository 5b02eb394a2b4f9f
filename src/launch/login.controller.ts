import { Body, Controller, Get, Post, Query, Res, UseFilters } from '@nestjs/common';
import { ApiBadRequestResponse, ApiFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply } from 'fastify';
import { toAppError } from '../common/errors/http-exception.filter';
import { AppConfig } from '../config/app.config';
import { MetricsService } from '../metrics/metrics.service';
import { parseLoginInitiation } from './login.parser';
import { LoginService } from './login.service';
import { stateCookieOptions } from './login-state';
import { LtiErrorFilter } from './lti-error.filter';

const FAILURES = {
  description:
    'LTI_LOGIN_PARAMETER_MISSING, LTI_LOGIN_PARAMETER_INVALID, LTI_REGISTRATION_NOT_FOUND, REGISTRATION_CLIENT_ID_REQUIRED, ' +
    'LTI_TARGET_LINK_URI_NOT_ALLOWED, LTI_DEPLOYMENT_UNKNOWN (HTML page for browsers, JSON otherwise)',
};

/** OIDC third-party initiated login (Security Framework §5.1.1), by GET or form POST. */
@ApiTags('lti')
@Controller('lti')
@UseFilters(LtiErrorFilter)
export class LoginController {
  private readonly cookie: CookieSerializeOptions;

  constructor(
    private readonly login: LoginService,
    private readonly metrics: MetricsService,
    config: AppConfig,
  ) {
    this.cookie = stateCookieOptions(config.STATE_COOKIE_SECURE, config.NONCE_TTL_SECONDS);
  }

  @Get('login')
  @ApiOperation({ summary: 'OIDC login initiation (query parameters iss, login_hint, target_link_uri, ...)' })
  @ApiFoundResponse({ description: "Redirect to the platform's authorization endpoint; sets the state cookie" })
  @ApiBadRequestResponse(FAILURES)
  loginByGet(@Query() query: Record<string, unknown>, @Res() reply: FastifyReply): Promise<void> {
    return this.initiate(query, reply);
  }

  @Post('login')
  @ApiOperation({ summary: 'OIDC login initiation (application/x-www-form-urlencoded)' })
  @ApiFoundResponse({ description: "Redirect to the platform's authorization endpoint; sets the state cookie" })
  @ApiBadRequestResponse(FAILURES)
  loginByPost(@Body() body: Record<string, unknown>, @Res() reply: FastifyReply): Promise<void> {
    return this.initiate(body, reply);
  }

  private async initiate(params: unknown, reply: FastifyReply): Promise<void> {
    let result: Awaited<ReturnType<LoginService['initiate']>>;
    try {
      result = await this.login.initiate(parseLoginInitiation(params));
    } catch (error) {
      this.metrics.recordLogin(toAppError(error).code);
      throw error;
    }
    this.metrics.recordLogin('ok');
    const { location, state } = result;
    await reply
      .setCookie(state.cookieName, state.state, this.cookie)
      .header('cache-control', 'no-store')
      .redirect(location, 302);
  }
}
