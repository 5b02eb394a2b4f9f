import type { StoredLaunch } from './launches.service';
import type { LaunchContextResponse, LaunchServicesResponse } from './launch-context.response';
import { CLAIM, type LtiIdTokenClaims } from './lti-claims';
import { summarizeRoles } from './lti-roles';

function services(claims: LtiIdTokenClaims): LaunchServicesResponse {
  const ags = claims[CLAIM.agsEndpoint];
  const nrps = claims[CLAIM.nrpsService];
  const dl = claims[CLAIM.deepLinkingSettings];
  return {
    grades: ags ? { scopes: ags.scope, lineitems: ags.lineitems, lineitem: ags.lineitem } : null,
    roster: nrps
      ? { contextMembershipsUrl: nrps.context_memberships_url, serviceVersions: nrps.service_versions ?? [] }
      : null,
    deepLinking:
      claims[CLAIM.messageType] === 'LtiDeepLinkingRequest' && dl
        ? {
            returnUrl: dl.deep_link_return_url,
            acceptTypes: dl.accept_types,
            acceptPresentationDocumentTargets: dl.accept_presentation_document_targets,
            acceptMediaTypes: dl.accept_media_types,
            acceptMultiple: dl.accept_multiple,
            acceptLineitem: dl.accept_lineitem,
            autoCreate: dl.auto_create,
            title: dl.title,
            text: dl.text,
          }
        : null,
  };
}

/** The launch context as the front end reads it; claim types were checked at launch. */
export function toLaunchContext(launch: StoredLaunch): LaunchContextResponse {
  const { claims, registration } = launch;
  const context = claims[CLAIM.context];
  const link = claims[CLAIM.resourceLink];
  const platform = claims[CLAIM.toolPlatform];
  const presentation = claims[CLAIM.launchPresentation];
  return {
    id: launch.id,
    messageType: launch.messageType,
    createdAt: launch.createdAt.toISOString(),
    expiresAt: launch.expiresAt.toISOString(),
    user: {
      sub: claims.sub,
      name: claims.name,
      givenName: claims.given_name,
      familyName: claims.family_name,
      email: claims.email,
      picture: claims.picture,
      locale: claims.locale,
    },
    roles: summarizeRoles(claims[CLAIM.roles]),
    context: context ? { id: context.id, label: context.label, title: context.title, type: context.type } : null,
    resourceLink: link ? { id: link.id, title: link.title, description: link.description } : null,
    deployment: { deploymentId: launch.deploymentId },
    platform: {
      issuer: registration.issuer,
      clientId: registration.clientId,
      name: registration.name,
      guid: platform?.guid,
      productFamilyCode: platform?.product_family_code,
      version: platform?.version,
    },
    targetLinkUri: claims[CLAIM.targetLinkUri],
    custom: claims[CLAIM.custom] ?? {},
    launchPresentation: presentation
      ? {
          documentTarget: presentation.document_target,
          returnUrl: presentation.return_url,
          locale: presentation.locale,
          width: presentation.width,
          height: presentation.height,
        }
      : null,
    services: services(claims),
  };
}
