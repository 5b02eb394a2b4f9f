import { Injectable } from '@nestjs/common';
import { LaunchUrls } from './launch.urls';
import type { ToolSetupResponse } from './tool-setup.response';

/** AGS 2.0 and NRPS 2.0 scopes a registration may grant the tool. */
export const ADVANTAGE_SCOPES = [
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
];

/** Set-up help for admins: the tool's URLs as an LMS wants them, and a Canvas JSON configuration. */
@Injectable()
export class ToolSetupService {
  constructor(private readonly urls: LaunchUrls) {}

  describe(): ToolSetupResponse {
    const { urls } = this;
    return {
      loginUrl: urls.loginUrl,
      redirectUri: urls.redirectUri,
      jwksUrl: urls.jwksUrl,
      targetLinkUri: urls.targetLinkUri,
      deepLinkingUrl: urls.targetLinkUri,
      canvasConfigUrl: urls.canvasConfigUrl,
      domain: new URL(urls.publicUrl).host,
      scopes: ADVANTAGE_SCOPES,
      steps: [
        'In the LMS, register an LTI 1.3 tool with the login URL, redirect URI, public keyset (JWKS) URL and target link URI above (Canvas: paste the JSON configuration).',
        'Note what the LMS shows you: its issuer, the client_id it assigned, its authentication (authorization) endpoint, keyset URL, access token URL and the deployment id.',
        'Register the platform in this tool: POST /admin/registrations with issuer, clientId, authEndpoint, jwksUri, tokenEndpoint and deploymentIds.',
        'Launch the tool from a course: the landing page shows who launched, in which course, with which role.',
      ],
    };
  }

  /** Canvas developer key JSON (Canvas "LTI Key" > "Paste JSON" or "Enter URL"). */
  canvasConfiguration(): Record<string, unknown> {
    const { urls } = this;
    const title = `LTI tool (${new URL(urls.publicUrl).host})`;
    const placement = (name: string, messageType: string): Record<string, string> => ({
      placement: name,
      message_type: messageType,
      target_link_uri: urls.targetLinkUri,
      text: title,
    });
    return {
      title,
      description: 'LTI 1.3 tool',
      oidc_initiation_url: urls.loginUrl,
      target_link_uri: urls.targetLinkUri,
      public_jwk_url: urls.jwksUrl,
      scopes: ADVANTAGE_SCOPES,
      extensions: [
        {
          platform: 'canvas.instructure.com',
          domain: new URL(urls.publicUrl).host,
          privacy_level: 'public',
          settings: {
            text: title,
            placements: [
              placement('course_navigation', 'LtiResourceLinkRequest'),
              placement('link_selection', 'LtiDeepLinkingRequest'),
              placement('assignment_selection', 'LtiDeepLinkingRequest'),
            ],
          },
        },
      ],
      custom_fields: {},
    };
  }
}
