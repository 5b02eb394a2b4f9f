import { Controller, Get, Header, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { definitionList, escapeHtml, htmlPage, sendHtml } from './html.page';
import { ToolSetupResponse } from './tool-setup.response';
import { ToolSetupService } from './tool-setup.service';

function renderSetupPage(setup: ToolSetupResponse): string {
  const values = definitionList([
    ['Login (OIDC initiation) URL', setup.loginUrl],
    ['Redirect URI', setup.redirectUri],
    ['Public keyset (JWKS) URL', setup.jwksUrl],
    ['Target link URI', setup.targetLinkUri],
    ['Deep linking URL', setup.deepLinkingUrl],
    ['Canvas JSON configuration URL', setup.canvasConfigUrl],
    ['Domain', setup.domain],
  ]);
  const steps = setup.steps.map((step) => `<li>${escapeHtml(step)}</li>`).join('');
  const scopes = setup.scopes.map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`).join('');
  return htmlPage(
    'Register this LTI tool',
    `<h1>Register this LTI 1.3 tool in your LMS</h1>${values}<h2>Steps</h2><ol>${steps}</ol><h2>LTI Advantage scopes</h2><ul>${scopes}</ul>`,
  );
}

/** Set-up help for admins: public values only (no secrets), JSON or HTML by Accept. */
@ApiTags('lti')
@Controller('lti')
export class SetupController {
  constructor(private readonly setup: ToolSetupService) {}

  @Get('setup')
  @ApiOperation({ summary: 'What to enter in an LMS to register this tool (HTML for browsers, JSON otherwise)' })
  @ApiProduces('application/json', 'text/html')
  @ApiOkResponse({ type: ToolSetupResponse })
  async describe(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const setup = this.setup.describe();
    if ((request.headers.accept ?? '').includes('text/html')) {
      await sendHtml(reply, renderSetupPage(setup));
      return;
    }
    await reply.header('cache-control', 'no-store').send(setup);
  }

  @Get('config.json')
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Canvas-style JSON tool configuration (developer key "Paste JSON" / "Enter URL")' })
  @ApiOkResponse({ description: 'Canvas LTI 1.3 tool configuration' })
  canvasConfiguration(): Record<string, unknown> {
    return this.setup.canvasConfiguration();
  }
}
