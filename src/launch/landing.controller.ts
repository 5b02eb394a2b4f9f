import { Controller, Get, Query, Res, UseFilters } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { sendHtml } from './html.page';
import { renderLandingPage } from './landing.page';
import { toLaunchContext } from './launch-context.mapper';
import { LaunchesService } from './launches.service';
import { LtiErrorFilter } from './lti-error.filter';

/** The default target link URI: a small page showing who launched, where, as what. */
@ApiTags('lti')
@Controller('lti')
@UseFilters(LtiErrorFilter)
export class LandingController {
  constructor(private readonly launches: LaunchesService) {}

  @Get('app')
  @ApiOperation({ summary: 'Built-in landing page for a launch (the default target link URI)' })
  @ApiQuery({ name: 'launch_id', required: true })
  @ApiOkResponse({ description: 'HTML page' })
  @ApiNotFoundResponse({ description: 'LTI_LAUNCH_NOT_FOUND' })
  async landing(@Query('launch_id') launchId: unknown, @Res() reply: FastifyReply): Promise<void> {
    const launch = await this.launches.get(typeof launchId === 'string' ? launchId : '');
    await sendHtml(reply, renderLandingPage(toLaunchContext(launch)));
  }
}
