import { ApiProperty } from '@nestjs/swagger';

/** The signed LtiDeepLinkingResponse and how to deliver it (form field JWT, POST to returnUrl). */
export class DeepLinkingResult {
  @ApiProperty({ description: 'The signed LtiDeepLinkingResponse JWT (RS256, our kid).' })
  jwt: string;

  @ApiProperty({ description: 'The platform\u2019s deep_link_return_url: POST the JWT there as form field "JWT".' })
  returnUrl: string;

  @ApiProperty({
    description: 'A complete HTML page that auto-submits the JWT to returnUrl (with a no-script button).',
  })
  html: string;
}
