import { AppError } from '../common/errors/app.error';
import { isHttpUrl, isNonEmptyString, isObject, isStringArray, type JsonObject, optional } from './claim.guards';
import { CLAIM } from './lti-claims';

/** LTI Core 1.3 §5.3.5: a resource link launch names its link; §5.3.4: and its target. */
function checkResourceLinkRequest(payload: JsonObject): void {
  const link = payload[CLAIM.resourceLink];
  if (
    !isObject(link) ||
    !isNonEmptyString(link.id, 255) ||
    !optional.string(link.title) ||
    !optional.string(link.description)
  ) {
    throw new AppError('LTI_RESOURCE_LINK_INVALID');
  }
  if (!isNonEmptyString(payload[CLAIM.targetLinkUri])) {
    throw new AppError('LTI_TARGET_LINK_URI_MISMATCH', { detail: 'target_link_uri claim missing' });
  }
}

/** Deep Linking 2.0 §4.4.1: where to send the items and what the platform accepts. */
function checkDeepLinkingRequest(payload: JsonObject): void {
  const settings = payload[CLAIM.deepLinkingSettings];
  const valid =
    isObject(settings) &&
    isHttpUrl(settings.deep_link_return_url) &&
    isStringArray(settings.accept_types) &&
    isStringArray(settings.accept_presentation_document_targets) &&
    optional.string(settings.accept_media_types) &&
    optional.boolean(settings.accept_multiple) &&
    optional.boolean(settings.accept_lineitem) &&
    optional.boolean(settings.auto_create) &&
    optional.string(settings.title) &&
    optional.string(settings.text) &&
    optional.string(settings.data);
  if (!valid) throw new AppError('LTI_DEEP_LINKING_SETTINGS_INVALID');
  // Optional here, but when sent it must name the same target as the login (checked later).
  if (!optional.string(payload[CLAIM.targetLinkUri])) throw claimTypeInvalid(CLAIM.targetLinkUri);
}

export function checkMessageClaims(payload: JsonObject): void {
  if (payload[CLAIM.messageType] === 'LtiResourceLinkRequest') checkResourceLinkRequest(payload);
  else checkDeepLinkingRequest(payload);
}

function claimTypeInvalid(claim: string): AppError {
  return new AppError('LTI_CLAIM_TYPE_INVALID', { details: { claim }, detail: `claim ${claim} has the wrong type` });
}

const isContext = (v: JsonObject): boolean =>
  isNonEmptyString(v.id, 255) && optional.string(v.label) && optional.string(v.title) && optional.stringArray(v.type);
const isLaunchPresentation = (v: JsonObject): boolean =>
  optional.string(v.document_target) &&
  optional.string(v.return_url) &&
  optional.string(v.locale) &&
  optional.number(v.width) &&
  optional.number(v.height);
const isToolPlatform = (v: JsonObject): boolean =>
  ['guid', 'name', 'version', 'product_family_code', 'contact_email', 'url', 'description'].every((key) =>
    optional.string(v[key]),
  );
const isAgsEndpoint = (v: JsonObject): boolean =>
  isStringArray(v.scope) && optional.string(v.lineitems) && optional.string(v.lineitem);
const isNrpsService = (v: JsonObject): boolean =>
  isNonEmptyString(v.context_memberships_url) && optional.stringArray(v.service_versions);
const anyObject = (): boolean => true;

/** Object claims with the shape each must have when present (LTI Core 1.3 §5.4, AGS, NRPS). */
const OBJECT_CLAIMS: [string, (value: JsonObject) => boolean][] = [
  [CLAIM.context, isContext],
  [CLAIM.launchPresentation, isLaunchPresentation],
  [CLAIM.toolPlatform, isToolPlatform],
  [CLAIM.custom, anyObject],
  [CLAIM.lis, anyObject],
  [CLAIM.agsEndpoint, isAgsEndpoint],
  [CLAIM.nrpsService, isNrpsService],
];
const STRING_CLAIMS = ['name', 'given_name', 'family_name', 'middle_name', 'email', 'picture', 'locale'];

/** LTI Core 1.3 §5.4 and OIDC Core §5.1: optional claims, when sent, have their JSON types. */
export function checkOptionalClaimTypes(payload: JsonObject): void {
  for (const [claim, isValid] of OBJECT_CLAIMS) {
    const value = payload[claim];
    if (value !== undefined && !(isObject(value) && isValid(value))) throw claimTypeInvalid(claim);
  }
  for (const claim of STRING_CLAIMS) {
    if (!optional.string(payload[claim])) throw claimTypeInvalid(claim);
  }
  if (!optional.stringArray(payload[CLAIM.roleScopeMentor])) throw claimTypeInvalid(CLAIM.roleScopeMentor);
  const link = payload[CLAIM.resourceLink];
  if (link !== undefined && !isObject(link)) throw claimTypeInvalid(CLAIM.resourceLink);
}
