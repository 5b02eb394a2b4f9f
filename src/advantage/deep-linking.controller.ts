import { Body, Controller, Get, Header, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../common/errors/app.error';
import { type AdvantageLaunch, AdvantageLaunchSource } from './advantage-launch';
import { DeepLinkingResponseDto } from './deep-linking.dto';
import { autoSubmitCsp, pickerCsp, renderPickerPage } from './deep-linking.page';
import { DeepLinkingResult } from './deep-linking.response';
import { DeepLinkingService } from './deep-linking.service';
import { CurrentLaunch, LaunchBearerRoute } from './launch-bearer.guard';

/** HTML only when the client asks for it and does not also accept JSON (fetch clients get JSON). */
function wantsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html') && !accept.includes('application/json');
}

function securePage(reply: FastifyReply, csp: string): void {
  void reply
    .header('content-security-policy', csp)
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8');
}

@ApiTags('lti: deep linking')
@Controller('lti/launches/:id')
export class DeepLinkingController {
  constructor(
    private readonly deepLinking: DeepLinkingService,
    private readonly launches: AdvantageLaunchSource,
  ) {}

  @Post('deep-linking-response')
  @LaunchBearerRoute()
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Sign the one LtiDeepLinkingResponse of this deep linking launch',
    description:
      'JSON clients get { jwt, returnUrl, html }; with "Accept: text/html" (and not application/json) the ' +
      'auto-submitting HTML page itself is returned.',
  })
  @ApiProduces('application/json', 'text/html')
  @ApiOkResponse({ type: DeepLinkingResult })
  async respond(
    @CurrentLaunch() launch: AdvantageLaunch,
    @Body() body: DeepLinkingResponseDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DeepLinkingResult | string> {
    const result = await this.deepLinking.respond(launch, body);
    if (!wantsHtml(request)) return result;
    securePage(reply, autoSubmitCsp(new URL(result.returnUrl)));
    return result.html;
  }

  /**
   * The built-in minimal picker, opened by the browser (the landing page links here). The launch
   * id in the path is the same credential the page then sends as its bearer.
   */
  @Get('deep-linking')
  @ApiExcludeEndpoint()
  async picker(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const launch = await this.launches.find(id);
    if (!launch) throw new AppError('LTI_LAUNCH_NOT_FOUND');
    const { settings, returnUrl } = this.deepLinking.request(launch);
    securePage(reply, pickerCsp(returnUrl));
    return renderPickerPage({
      launchId: launch.launchId,
      acceptTypes: settings.accept_types ?? [],
      title: settings.title,
      text: settings.text,
    });
  }
}
