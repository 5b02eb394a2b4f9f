import { Body, Controller, Get, Header, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiFoundResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toAppError } from '../common/errors/http-exception.filter';
import { AppConfig } from '../config/app.config';
import { MetricsService } from '../metrics/metrics.service';
import { LaunchService } from './launch.service';
import { toLaunchContext } from './launch-context.mapper';
import { LaunchContextResponse } from './launch-context.response';
import { LaunchesService } from './launches.service';
import { stateCookieAttributes } from './login-state';
import { LtiErrorFilter } from './lti-error.filter';

/** The redirect_uri receiving the platform's form_post, and the launch context API. */
@ApiTags('lti')
@Controller('lti')
@UseFilters(LtiErrorFilter)
export class LaunchController {
  private readonly cookie: CookieSerializeOptions;

  constructor(
    private readonly launchFlow: LaunchService,
    private readonly launches: LaunchesService,
    private readonly metrics: MetricsService,
    config: AppConfig,
  ) {
    this.cookie = stateCookieAttributes(config.STATE_COOKIE_SECURE);
  }

  @Post('launch')
  @ApiOperation({ summary: 'Launch: form_post of id_token and state (application/x-www-form-urlencoded)' })
  @ApiFoundResponse({ description: 'Redirect to the target_link_uri of the login with launch_id=<id> added' })
  @ApiBadRequestResponse({ description: 'One LTI_* code per failed check (see README); an HTML page for browsers' })
  async launch(@Body() body: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    let result: Awaited<ReturnType<LaunchService['launch']>>;
    try {
      result = await this.launchFlow.launch(body, request.cookies);
    } catch (error) {
      this.metrics.recordLaunch(toAppError(error).code);
      throw error;
    }
    this.metrics.recordLaunch('ok');
    const { location, login } = result;
    // The login is spent: its state cookie goes (same attributes, or browsers keep it).
    await reply.clearCookie(login.cookieName, this.cookie).header('cache-control', 'no-store').redirect(location, 302);
  }

  @Get('launches/:id')
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'The launch context (user, roles, course, link, platform, services) by launch_id' })
  @ApiOkResponse({ type: LaunchContextResponse })
  @ApiNotFoundResponse({ description: 'LTI_LAUNCH_NOT_FOUND: unknown, malformed or expired id' })
  async context(@Param('id') id: string): Promise<LaunchContextResponse> {
    return toLaunchContext(await this.launches.get(id));
  }
}
