import type { AppError } from '../common/errors/app.error';
import { checkClaims, type ClaimCheckContext } from './id-token.checks';
import { CLAIM } from './lti-claims';

const NOW = 1_800_000_000;
const context: ClaimCheckContext = {
  issuer: 'https://lms.example.edu',
  clientId: 'tool-1',
  nowSeconds: NOW,
  clockToleranceSeconds: 10,
  maxAgeSeconds: 300,
};

function payload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    iss: 'https://lms.example.edu',
    aud: 'tool-1',
    sub: 'u-1',
    exp: NOW + 60,
    iat: NOW - 5,
    nonce: 'n-1',
    [CLAIM.version]: '1.3.0',
    [CLAIM.messageType]: 'LtiResourceLinkRequest',
    [CLAIM.deploymentId]: 'd-1',
    [CLAIM.targetLinkUri]: 'https://tool.example.edu/lti/app',
    [CLAIM.resourceLink]: { id: 'rl-1' },
    [CLAIM.roles]: [],
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete base[key];
    else base[key] = value;
  }
  return base;
}

const deepLinking = (settings: unknown): Record<string, unknown> => ({
  [CLAIM.messageType]: 'LtiDeepLinkingRequest',
  [CLAIM.resourceLink]: undefined,
  [CLAIM.deepLinkingSettings]: settings,
});
const dlSettings = {
  deep_link_return_url: 'https://lms.example.edu/dl',
  accept_types: ['link'],
  accept_presentation_document_targets: ['iframe'],
};

function codeOf(input: unknown): string {
  try {
    checkClaims(input, context);
  } catch (error) {
    return (error as AppError).code;
  }
  return 'OK';
}

describe('id_token claim checks', () => {
  it.each<[string, Record<string, unknown>]>([
    ['a minimal resource link launch', {}],
    ['aud as an array with azp', { aud: ['tool-1', 'other'], azp: 'tool-1' }],
    ['a single-element aud array', { aud: ['tool-1'] }],
    ['exp just within the tolerance', { exp: NOW - 10 }],
    ['iat just within the tolerance', { iat: NOW + 10 }],
    ['iat at the maximum age plus tolerance', { iat: NOW - 310 }],
    ['nbf in the past', { nbf: NOW - 1 }],
    ['empty-string and unknown roles', { [CLAIM.roles]: ['', 'Wizard'] }],
    ['a deep linking request', deepLinking(dlSettings)],
    [
      'a deep linking request without target_link_uri',
      { ...deepLinking(dlSettings), [CLAIM.targetLinkUri]: undefined },
    ],
    [
      'full optional claims',
      { name: 'A', email: 'a@b', [CLAIM.context]: { id: 'c', type: ['CourseOffering'] }, [CLAIM.custom]: { a: 1 } },
    ],
  ])('accepts %s', (_label, overrides) => {
    expect(codeOf(payload(overrides))).toBe('OK');
  });

  it.each<[string, unknown, string]>([
    ['a non-object payload', ['x'], 'LTI_ID_TOKEN_MALFORMED'],
    ['another issuer', payload({ iss: 'https://lms.example.edu/' }), 'LTI_ISSUER_INVALID'],
    ['a missing issuer', payload({ iss: undefined }), 'LTI_ISSUER_INVALID'],
    ['another audience', payload({ aud: 'tool-2' }), 'LTI_AUDIENCE_INVALID'],
    ['an empty audience array', payload({ aud: [] }), 'LTI_AUDIENCE_INVALID'],
    ['a numeric audience', payload({ aud: 1 }), 'LTI_AUDIENCE_INVALID'],
    ['several audiences, no azp', payload({ aud: ['tool-1', 'x'] }), 'LTI_AZP_MISSING'],
    ['azp of someone else', payload({ aud: ['tool-1', 'x'], azp: 'x' }), 'LTI_AZP_INVALID'],
    ['azp of someone else, single aud', payload({ azp: 'x' }), 'LTI_AZP_INVALID'],
    ['no exp', payload({ exp: undefined }), 'LTI_ID_TOKEN_TIMES_INVALID'],
    ['no iat', payload({ iat: undefined }), 'LTI_ID_TOKEN_TIMES_INVALID'],
    ['string nbf', payload({ nbf: 'soon' }), 'LTI_ID_TOKEN_TIMES_INVALID'],
    ['expired beyond tolerance', payload({ exp: NOW - 11 }), 'LTI_ID_TOKEN_EXPIRED'],
    ['issued in the future', payload({ iat: NOW + 11 }), 'LTI_ID_TOKEN_ISSUED_IN_FUTURE'],
    ['too old', payload({ iat: NOW - 311 }), 'LTI_ID_TOKEN_TOO_OLD'],
    ['not yet valid', payload({ nbf: NOW + 11 }), 'LTI_ID_TOKEN_NOT_YET_VALID'],
    ['no nonce', payload({ nonce: undefined }), 'LTI_NONCE_MISSING'],
    ['an empty nonce', payload({ nonce: '' }), 'LTI_NONCE_MISSING'],
    ['version 1.1', payload({ [CLAIM.version]: '1.1' }), 'LTI_VERSION_UNSUPPORTED'],
    ['no message type', payload({ [CLAIM.messageType]: undefined }), 'LTI_MESSAGE_TYPE_UNSUPPORTED'],
    ['another message type', payload({ [CLAIM.messageType]: 'LtiStartProctoring' }), 'LTI_MESSAGE_TYPE_UNSUPPORTED'],
    ['a numeric deployment id', payload({ [CLAIM.deploymentId]: 5 }), 'LTI_DEPLOYMENT_ID_INVALID'],
    ['an empty deployment id', payload({ [CLAIM.deploymentId]: '' }), 'LTI_DEPLOYMENT_ID_INVALID'],
    ['a 256-character deployment id', payload({ [CLAIM.deploymentId]: 'd'.repeat(256) }), 'LTI_DEPLOYMENT_ID_INVALID'],
    ['no sub', payload({ sub: undefined }), 'LTI_SUB_MISSING'],
    ['a 256-character sub', payload({ sub: 's'.repeat(256) }), 'LTI_SUB_MISSING'],
    ['roles as an object', payload({ [CLAIM.roles]: { 0: 'Learner' } }), 'LTI_ROLES_INVALID'],
    ['roles with null', payload({ [CLAIM.roles]: [null] }), 'LTI_ROLES_INVALID'],
    ['resource link id as a number', payload({ [CLAIM.resourceLink]: { id: 1 } }), 'LTI_RESOURCE_LINK_INVALID'],
    ['resource link as a string', payload({ [CLAIM.resourceLink]: 'rl-1' }), 'LTI_RESOURCE_LINK_INVALID'],
    [
      'no target_link_uri on a resource link launch',
      payload({ [CLAIM.targetLinkUri]: undefined }),
      'LTI_TARGET_LINK_URI_MISMATCH',
    ],
    ['deep linking settings as an array', payload(deepLinking([dlSettings])), 'LTI_DEEP_LINKING_SETTINGS_INVALID'],
    [
      'deep linking return url not a URL',
      payload(deepLinking({ ...dlSettings, deep_link_return_url: 'not a url' })),
      'LTI_DEEP_LINKING_SETTINGS_INVALID',
    ],
    [
      'deep linking without targets',
      payload(deepLinking({ ...dlSettings, accept_presentation_document_targets: undefined })),
      'LTI_DEEP_LINKING_SETTINGS_INVALID',
    ],
    [
      'deep linking accept_multiple as a string',
      payload(deepLinking({ ...dlSettings, accept_multiple: 'true' })),
      'LTI_DEEP_LINKING_SETTINGS_INVALID',
    ],
    [
      'deep linking target_link_uri as a number',
      payload({ ...deepLinking(dlSettings), [CLAIM.targetLinkUri]: 5 }),
      'LTI_CLAIM_TYPE_INVALID',
    ],
    ['context as an array', payload({ [CLAIM.context]: [] }), 'LTI_CLAIM_TYPE_INVALID'],
    [
      'context type as a string',
      payload({ [CLAIM.context]: { id: 'c', type: 'CourseOffering' } }),
      'LTI_CLAIM_TYPE_INVALID',
    ],
    ['custom as a string', payload({ [CLAIM.custom]: 'a=b' }), 'LTI_CLAIM_TYPE_INVALID'],
    [
      'launch presentation width as a string',
      payload({ [CLAIM.launchPresentation]: { width: '100' } }),
      'LTI_CLAIM_TYPE_INVALID',
    ],
    ['tool platform guid as a number', payload({ [CLAIM.toolPlatform]: { guid: 1 } }), 'LTI_CLAIM_TYPE_INVALID'],
    [
      'NRPS without a memberships URL',
      payload({ [CLAIM.nrpsService]: { service_versions: ['2.0'] } }),
      'LTI_CLAIM_TYPE_INVALID',
    ],
    ['AGS scope as a string', payload({ [CLAIM.agsEndpoint]: { scope: 'score' } }), 'LTI_CLAIM_TYPE_INVALID'],
    ['name as an object', payload({ name: { first: 'A' } }), 'LTI_CLAIM_TYPE_INVALID'],
    ['role_scope_mentor as a string', payload({ [CLAIM.roleScopeMentor]: 'u-2' }), 'LTI_CLAIM_TYPE_INVALID'],
  ])('rejects %s', (_label, input, code) => {
    expect(codeOf(input)).toBe(code);
  });
});
