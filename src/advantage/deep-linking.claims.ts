import { CLAIM, LTI_VERSION } from '../launch/lti-claims';

const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';

/** Deep Linking 2.0 §4.2 response claims. */
export const DL_CLAIM = {
  contentItems: `${DL}content_items`,
  data: `${DL}data`,
  msg: `${DL}msg`,
  log: `${DL}log`,
  errorMsg: `${DL}errormsg`,
  errorLog: `${DL}errorlog`,
} as const;

export interface DeepLinkingResponseInput {
  clientId: string;
  issuer: string;
  deploymentId: string;
  nonce: string;
  contentItems: Record<string, unknown>[];
  /** The request's deep_linking_settings.data, echoed verbatim when present. */
  data?: unknown;
  message?: string;
  log?: string;
  errorMessage?: string;
  errorLog?: string;
}

/**
 * The LtiDeepLinkingResponse payload (Deep Linking 2.0 §4.2; LTI-SECURITY.md "What the tool
 * signs"): iss = our client_id, aud = the platform issuer, a fresh nonce, the request's
 * deployment_id, message type and version, the items, and `data` exactly as the platform sent it.
 * iat and exp are added by SigningService from the injected clock.
 */
export function deepLinkingResponseClaims(input: DeepLinkingResponseInput): Record<string, unknown> {
  const claims: Record<string, unknown> = {
    iss: input.clientId,
    aud: input.issuer,
    nonce: input.nonce,
    [CLAIM.deploymentId]: input.deploymentId,
    [CLAIM.messageType]: 'LtiDeepLinkingResponse',
    [CLAIM.version]: LTI_VERSION,
    [DL_CLAIM.contentItems]: input.contentItems,
  };
  if (input.data !== undefined) claims[DL_CLAIM.data] = input.data;
  if (input.message !== undefined) claims[DL_CLAIM.msg] = input.message;
  if (input.log !== undefined) claims[DL_CLAIM.log] = input.log;
  if (input.errorMessage !== undefined) claims[DL_CLAIM.errorMsg] = input.errorMessage;
  if (input.errorLog !== undefined) claims[DL_CLAIM.errorLog] = input.errorLog;
  return claims;
}
