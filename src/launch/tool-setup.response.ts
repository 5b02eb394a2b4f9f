import { ApiProperty } from '@nestjs/swagger';

/** GET /lti/setup: what an admin pastes into an LMS to register this tool. */
export class ToolSetupResponse {
  @ApiProperty({ description: 'OIDC login initiation URL (Canvas: OpenID Connect Initiation Url)' }) loginUrl: string;
  @ApiProperty({ description: 'Redirect URI / launch URL (Canvas: Redirect URIs)' }) redirectUri: string;
  @ApiProperty({ description: 'Public keyset URL of the tool (Canvas: Public JWK URL)' }) jwksUrl: string;
  @ApiProperty({ description: 'Target link URI: the built-in landing page, or your front end' }) targetLinkUri: string;
  @ApiProperty({ description: 'Deep linking URL (content selection)' }) deepLinkingUrl: string;
  @ApiProperty({ description: 'Canvas-style JSON configuration (paste or "Enter URL")' }) canvasConfigUrl: string;
  @ApiProperty({ description: 'Tool domain' }) domain: string;
  @ApiProperty({ type: [String], description: 'OAuth2 scopes the tool may request (LTI Advantage)' }) scopes: string[];
  @ApiProperty({ type: [String], description: 'The steps, in order' }) steps: string[];
}
