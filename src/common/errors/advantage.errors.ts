import type { ErrorCatalogueSection } from './error-definition';

const RELAUNCH = 'Launch the tool again from the LMS.';
const CHECK_PLATFORM =
  'Retry in a moment. If it persists, ask the platform administrator to check the tool\u2019s LTI Advantage ' +
  'services (token endpoint, client_id, granted scopes) in the LMS.';

/**
 * LTI Advantage: deep linking responses (Deep Linking 2.0), OAuth2 service tokens (RFC 7523,
 * 1EdTech Security Framework §4.1), grades (AGS 2.0) and rosters (NRPS 2.0). A platform that fails
 * or refuses is an upstream fault (502/503/504), never a 500 of ours.
 */
export const ADVANTAGE_ERRORS = {
  // --- Launch bearer credential -------------------------------------------------------------
  ADVANTAGE_LAUNCH_UNAUTHORIZED: {
    status: 401,
    message: 'Send the launch id as "Authorization: Bearer <launch_id>"; it is missing, unknown or expired.',
    hint: RELAUNCH,
  },
  ADVANTAGE_LAUNCH_MISMATCH: {
    status: 403,
    message: 'The bearer launch id does not belong to the launch in the request path.',
  },

  // --- Deep linking (Deep Linking 2.0 §4) ------------------------------------------------------
  DEEP_LINKING_NOT_ALLOWED: {
    status: 400,
    message: 'This launch is not an LtiDeepLinkingRequest, so it cannot return content items.',
  },
  DEEP_LINKING_ITEM_INVALID: {
    status: 400,
    message: 'A content item is malformed; details name the item and the problem.',
  },
  DEEP_LINKING_ITEM_TYPE_NOT_ACCEPTED: {
    status: 400,
    message: 'A content item has a type the platform did not list in accept_types.',
  },
  DEEP_LINKING_MULTIPLE_NOT_ACCEPTED: {
    status: 400,
    message: 'The platform accepts a single content item for this request (accept_multiple is not true).',
  },
  DEEP_LINKING_PRESENTATION_NOT_ACCEPTED: {
    status: 400,
    message:
      'A content item asks for a presentation target the platform did not list in accept_presentation_document_targets.',
  },
  DEEP_LINKING_ALREADY_RESPONDED: {
    status: 409,
    message: 'A deep linking response was already issued for this launch; each request gets one response.',
    hint: RELAUNCH,
  },

  // --- Grades (AGS 2.0) ------------------------------------------------------------------------
  AGS_NOT_AVAILABLE: {
    status: 404,
    message: 'The platform did not offer the Assignment and Grade Services for this launch.',
  },
  AGS_SCOPE_NOT_GRANTED: {
    status: 403,
    message: 'The platform did not grant the AGS scope this operation needs for this launch.',
  },
  AGS_GRADE_WRITE_FORBIDDEN: {
    status: 403,
    message: 'Only instructors and administrators may change line items or post scores for this launch.',
  },
  AGS_RESULTS_FORBIDDEN: {
    status: 403,
    message: 'Only instructors and administrators may read other users\u2019 results.',
  },
  AGS_LINE_ITEM_REQUIRED: {
    status: 400,
    message: 'Name the line item (query parameter lineItem); this launch has no default line item.',
  },
  AGS_LINE_ITEM_URL_NOT_ALLOWED: {
    status: 400,
    message: 'The line item URL is not the launch\u2019s line items endpoint or an item under it.',
  },

  // --- Rosters (NRPS 2.0) ----------------------------------------------------------------------
  NRPS_NOT_AVAILABLE: {
    status: 404,
    message: 'The platform did not offer the Names and Role Provisioning Service for this launch.',
  },
  NRPS_ROSTER_FORBIDDEN: {
    status: 403,
    message: 'Only instructors and administrators may read the course roster.',
  },

  // --- Calls to the platform -------------------------------------------------------------------
  PLATFORM_URL_NOT_ALLOWED: {
    status: 502,
    message: 'The platform gave a service URL this tool will not call (not https, or with credentials).',
    hint: 'Platform service URLs must use https (ALLOW_INSECURE_URLS is for development only).',
  },
  PLATFORM_TOKEN_REJECTED: {
    status: 502,
    message: 'The platform refused to issue an access token to this tool.',
    hint:
      'Check that the registration\u2019s token endpoint and client_id match the LMS, that the LMS can fetch ' +
      'the tool\u2019s JWKS (/.well-known/jwks.json) and that the server clocks agree.',
  },
  PLATFORM_ACCESS_DENIED: {
    status: 502,
    message: 'The platform refused this tool\u2019s access token for the service call.',
    hint: CHECK_PLATFORM,
  },
  PLATFORM_NOT_FOUND: {
    status: 404,
    message: 'The platform reports that the requested line item, result or roster does not exist.',
  },
  PLATFORM_REQUEST_REJECTED: {
    status: 502,
    message: 'The platform rejected the request as invalid; details carry its HTTP status.',
  },
  PLATFORM_RATE_LIMITED: {
    status: 503,
    message: 'The platform asks this tool to slow down; retry later.',
  },
  PLATFORM_UNAVAILABLE: {
    status: 503,
    message: 'The platform\u2019s service is failing or unreachable; retry shortly.',
    hint: CHECK_PLATFORM,
  },
  PLATFORM_TIMEOUT: {
    status: 504,
    message: 'The platform did not answer in time; retry shortly.',
    hint: CHECK_PLATFORM,
  },
  PLATFORM_BAD_RESPONSE: {
    status: 502,
    message: 'The platform answered with something this tool cannot use (wrong status, type or shape).',
  },
} as const satisfies ErrorCatalogueSection;
