import type { ErrorCatalogueSection } from './error-definition';

const ASK_PLATFORM = 'Ask the platform administrator to check the tool configuration in the LMS, then launch again.';

/**
 * OIDC login initiation, id_token validation and launch records. One code per check of
 * LTI-SECURITY.md (1EdTech Security Framework 1.0 §5.1, LTI Core 1.3 §5.3-5.4),
 * so a failed launch names exactly what was wrong. Validation failures are 400: the request is
 * refused, never a 5xx. Only an unreachable or broken platform JWKS is a 502 (an upstream fault).
 */
export const LTI_ERRORS = {
  // --- Login initiation (Security Framework §5.1.1) --------------------------------------
  LTI_LOGIN_PARAMETER_MISSING: {
    status: 400,
    message: 'The login initiation lacks a required parameter (iss, login_hint or target_link_uri).',
    hint: ASK_PLATFORM,
  },
  LTI_LOGIN_PARAMETER_INVALID: {
    status: 400,
    message: 'A login initiation parameter is repeated, empty or too long.',
  },
  LTI_REGISTRATION_NOT_FOUND: {
    status: 400,
    message: 'No platform registration matches this issuer and client_id.',
    hint:
      'An administrator must register this platform with the tool (admin API, POST /admin/registrations) using ' +
      'exactly the issuer and client_id shown here, plus the platform\u2019s authentication endpoint, JWKS URL and ' +
      'token endpoint. See /lti/setup for the values to enter in the LMS.',
  },
  LTI_TARGET_LINK_URI_NOT_ALLOWED: {
    status: 400,
    message: 'The target_link_uri does not point at this tool.',
    hint:
      'The target link URI configured in the LMS must be on the tool\u2019s public origin (PUBLIC_URL) or on an ' +
      'origin listed in ALLOWED_TARGET_ORIGINS.',
  },
  LTI_DEPLOYMENT_UNKNOWN: {
    status: 400,
    message: 'The deployment_id is not registered for this platform.',
    hint:
      'An administrator must add this deployment_id to the platform registration shown here ' +
      '(admin API, POST /admin/registrations/:id/deployments). Deployment ids are case-sensitive.',
  },

  // --- Launch form and state (Security Framework §5.1.1.3) ------------------------
  LTI_ID_TOKEN_MISSING: { status: 400, message: 'The launch request has no id_token form field.', hint: ASK_PLATFORM },
  LTI_ID_TOKEN_TOO_LARGE: { status: 413, message: 'The id_token is larger than this tool accepts.' },
  LTI_STATE_MISSING: { status: 400, message: 'The launch request has no state form field.', hint: ASK_PLATFORM },
  LTI_STATE_INVALID: { status: 400, message: 'The state was not issued by this tool.' },
  LTI_STATE_COOKIE_MISSING: {
    status: 400,
    message: 'The browser did not send back the cookie this tool set at login, so the launch cannot be trusted.',
    hint:
      'Your browser blocks cookies for tools shown inside the LMS page (third-party cookies). Open the tool in a ' +
      'new window or tab (ask the course admin to set the placement to open in a new window), or allow cookies ' +
      'for this site, then launch again from the LMS.',
  },
  LTI_STATE_MISMATCH: {
    status: 400,
    message: 'The state does not belong to a login started in this browser.',
    hint: 'Start the launch again from the LMS in the same browser.',
  },

  // --- JOSE header and signature (RFC 8725 §3.1, Security Framework §5.1.3 step 1) ----------
  LTI_ID_TOKEN_MALFORMED: { status: 400, message: 'The id_token is not a well-formed signed JWT.' },
  LTI_ID_TOKEN_ALG_NOT_ALLOWED: {
    status: 400,
    message: 'The id_token is not signed with an allowed algorithm (RS256).',
  },
  LTI_ID_TOKEN_KID_MISSING: { status: 400, message: 'The id_token header has no key id (kid).' },
  LTI_ID_TOKEN_KID_UNKNOWN: {
    status: 400,
    message: 'The platform\u2019s key set has no key with the id_token\u2019s key id (kid).',
    hint: 'Check that the registration\u2019s JWKS URL is the platform\u2019s current key set URL.',
  },
  LTI_ID_TOKEN_SIGNATURE_INVALID: {
    status: 400,
    message: 'The id_token signature does not verify with the platform\u2019s key.',
  },
  LTI_PLATFORM_JWKS_UNAVAILABLE: {
    status: 502,
    message: 'The platform\u2019s key set (JWKS) could not be fetched in time.',
    hint: 'Retry in a moment. If it persists, check the JWKS URL of the platform registration.',
  },
  LTI_PLATFORM_JWKS_INVALID: {
    status: 502,
    message: 'The platform\u2019s key set (JWKS) is not a valid JSON Web Key Set.',
    hint: 'Check the JWKS URL of the platform registration.',
  },

  // --- Claims (Security Framework §5.1.3 steps 2-9, LTI Core 1.3 §5.3-5.4) --------------------
  LTI_ISSUER_INVALID: {
    status: 400,
    message: 'The id_token issuer (iss) is not the issuer of the registration that started this login.',
  },
  LTI_AUDIENCE_INVALID: {
    status: 400,
    message: 'The id_token audience (aud) does not contain this tool\u2019s client_id.',
  },
  LTI_AZP_MISSING: { status: 400, message: 'The id_token has several audiences but no authorized party (azp).' },
  LTI_AZP_INVALID: { status: 400, message: 'The id_token authorized party (azp) is not this tool\u2019s client_id.' },
  LTI_ID_TOKEN_TIMES_INVALID: {
    status: 400,
    message: 'The id_token lacks a numeric exp or iat, or has a non-numeric nbf.',
  },
  LTI_ID_TOKEN_EXPIRED: {
    status: 400,
    message: 'The id_token has expired (exp).',
    hint: 'Launch again from the LMS; check the server clocks if it persists.',
  },
  LTI_ID_TOKEN_ISSUED_IN_FUTURE: {
    status: 400,
    message: 'The id_token was issued in the future (iat); the clocks disagree.',
  },
  LTI_ID_TOKEN_TOO_OLD: { status: 400, message: 'The id_token was issued too long ago (iat).' },
  LTI_ID_TOKEN_NOT_YET_VALID: { status: 400, message: 'The id_token is not valid yet (nbf).' },
  LTI_NONCE_MISSING: { status: 400, message: 'The id_token has no nonce.' },
  LTI_NONCE_INVALID: {
    status: 400,
    message: 'The id_token nonce was not issued for this login, was already used, or has expired.',
    hint: 'Launch again from the LMS; each launch can be used once.',
  },
  LTI_VERSION_UNSUPPORTED: { status: 400, message: 'The LTI version claim is not "1.3.0".' },
  LTI_MESSAGE_TYPE_UNSUPPORTED: {
    status: 400,
    message: 'The LTI message type is not supported (LtiResourceLinkRequest, LtiDeepLinkingRequest).',
  },
  LTI_DEPLOYMENT_ID_INVALID: {
    status: 400,
    message: 'The deployment_id claim is missing, empty, not a string or over 255 characters.',
  },
  LTI_SUB_MISSING: {
    status: 400,
    message:
      'The id_token has no valid user identifier (sub, a non-empty string of at most 255 characters); anonymous launches are not accepted.',
  },
  LTI_ROLES_INVALID: { status: 400, message: 'The roles claim is missing or not an array of strings.' },
  LTI_RESOURCE_LINK_INVALID: { status: 400, message: 'The resource_link claim is missing or has no id.' },
  LTI_DEEP_LINKING_SETTINGS_INVALID: {
    status: 400,
    message:
      'The deep_linking_settings claim is missing or lacks deep_link_return_url, accept_types or accept_presentation_document_targets.',
  },
  LTI_CLAIM_TYPE_INVALID: { status: 400, message: 'A claim has the wrong JSON type; details name the claim.' },
  LTI_TARGET_LINK_URI_MISMATCH: {
    status: 400,
    message: 'The target_link_uri claim is missing or differs from the one of the login.',
  },

  // --- Launch records ----------------------------------------------------------------------
  LTI_LAUNCH_NOT_FOUND: {
    status: 404,
    message: 'No launch with this id exists, or it has expired.',
    hint: 'Launch the tool again from the LMS.',
  },
} as const satisfies ErrorCatalogueSection;
