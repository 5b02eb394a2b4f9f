/** Claim names of LTI Core 1.3 (§5.3, §5.4), Deep Linking 2.0, AGS 2.0 and NRPS 2.0. */
const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';

export const CLAIM = {
  version: `${LTI}version`,
  messageType: `${LTI}message_type`,
  deploymentId: `${LTI}deployment_id`,
  targetLinkUri: `${LTI}target_link_uri`,
  resourceLink: `${LTI}resource_link`,
  roles: `${LTI}roles`,
  roleScopeMentor: `${LTI}role_scope_mentor`,
  context: `${LTI}context`,
  toolPlatform: `${LTI}tool_platform`,
  launchPresentation: `${LTI}launch_presentation`,
  custom: `${LTI}custom`,
  lis: `${LTI}lis`,
  deepLinkingSettings: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
  agsEndpoint: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
  nrpsService: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
} as const;

export const LTI_VERSION = '1.3.0';

export const MESSAGE_TYPES = ['LtiResourceLinkRequest', 'LtiDeepLinkingRequest'] as const;
export type LtiMessageType = (typeof MESSAGE_TYPES)[number];

export interface ResourceLinkClaim {
  id: string;
  title?: string;
  description?: string;
}

export interface ContextClaim {
  id: string;
  label?: string;
  title?: string;
  type?: string[];
}

export interface ToolPlatformClaim {
  guid?: string;
  name?: string;
  version?: string;
  product_family_code?: string;
  contact_email?: string;
  url?: string;
  description?: string;
}

export interface LaunchPresentationClaim {
  document_target?: string;
  return_url?: string;
  locale?: string;
  width?: number;
  height?: number;
}

export interface DeepLinkingSettingsClaim {
  deep_link_return_url: string;
  accept_types: string[];
  accept_presentation_document_targets: string[];
  accept_media_types?: string;
  accept_multiple?: boolean;
  accept_lineitem?: boolean;
  auto_create?: boolean;
  title?: string;
  text?: string;
  data?: string;
}

export interface AgsEndpointClaim {
  scope: string[];
  lineitems?: string;
  lineitem?: string;
}

export interface NrpsServiceClaim {
  context_memberships_url: string;
  service_versions?: string[];
}

/**
 * A validated id_token payload: every field here has been checked for presence (when required)
 * and JSON type by id-token.checks.ts. Unknown claims are kept as they came.
 */
export interface LtiIdTokenClaims {
  iss: string;
  sub: string;
  aud: string | string[];
  azp?: string;
  exp: number;
  iat: number;
  nbf?: number;
  nonce: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  middle_name?: string;
  email?: string;
  picture?: string;
  locale?: string;
  [CLAIM.version]: typeof LTI_VERSION;
  [CLAIM.messageType]: LtiMessageType;
  [CLAIM.deploymentId]: string;
  [CLAIM.targetLinkUri]?: string;
  [CLAIM.roles]: string[];
  [CLAIM.resourceLink]?: ResourceLinkClaim;
  [CLAIM.roleScopeMentor]?: string[];
  [CLAIM.context]?: ContextClaim;
  [CLAIM.toolPlatform]?: ToolPlatformClaim;
  [CLAIM.launchPresentation]?: LaunchPresentationClaim;
  [CLAIM.custom]?: Record<string, unknown>;
  [CLAIM.lis]?: Record<string, unknown>;
  [CLAIM.deepLinkingSettings]?: DeepLinkingSettingsClaim;
  [CLAIM.agsEndpoint]?: AgsEndpointClaim;
  [CLAIM.nrpsService]?: NrpsServiceClaim;
  [claim: string]: unknown;
}
