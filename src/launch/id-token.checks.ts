import { AppError } from '../common/errors/app.error';
import { isFiniteNumber, isNonEmptyString, isObject, isStringArray, type JsonObject } from './claim.guards';
import { CLAIM, LTI_VERSION, type LtiIdTokenClaims, MESSAGE_TYPES } from './lti-claims';
import { checkMessageClaims, checkOptionalClaimTypes } from './message-claims.checks';

/** What the claim checks compare against; time comes from the injected Clock. */
export interface ClaimCheckContext {
  issuer: string;
  clientId: string;
  nowSeconds: number;
  clockToleranceSeconds: number;
  maxAgeSeconds: number;
}

export type ClaimCheck = (payload: JsonObject, context: ClaimCheckContext) => void;

/** Security Framework §5.1.3 step 2: iss must exactly match the registration's issuer. */
export const checkIssuer: ClaimCheck = (payload, { issuer }) => {
  if (payload.iss !== issuer)
    throw new AppError('LTI_ISSUER_INVALID', { detail: 'iss differs from the registration issuer' });
};

/**
 * §5.1.3 steps 3-5 (as OpenID Connect Core §3.1.3.7): aud contains our client_id; with several
 * audiences azp is required; a present azp must be our client_id.
 */
export const checkAudience: ClaimCheck = (payload, { clientId }) => {
  const { aud, azp } = payload;
  const audiences = typeof aud === 'string' ? [aud] : aud;
  if (!isStringArray(audiences) || !audiences.includes(clientId)) {
    throw new AppError('LTI_AUDIENCE_INVALID', { detail: 'aud does not contain the client_id' });
  }
  if (audiences.length > 1 && azp === undefined) throw new AppError('LTI_AZP_MISSING');
  if (azp !== undefined && azp !== clientId) throw new AppError('LTI_AZP_INVALID');
};

/** §5.1.3 steps 7-8 and RFC 7519 §4.1.4-4.1.6: exp and iat required, nbf honoured, bounded age. */
export const checkTimes: ClaimCheck = (payload, context) => {
  const { exp, iat, nbf } = payload;
  if (!isFiniteNumber(exp) || !isFiniteNumber(iat) || (nbf !== undefined && !isFiniteNumber(nbf))) {
    throw new AppError('LTI_ID_TOKEN_TIMES_INVALID');
  }
  const { nowSeconds: now, clockToleranceSeconds: tolerance } = context;
  if (now > exp + tolerance) throw new AppError('LTI_ID_TOKEN_EXPIRED', { detail: `exp ${exp}, now ${now}` });
  if (iat > now + tolerance) throw new AppError('LTI_ID_TOKEN_ISSUED_IN_FUTURE', { detail: `iat ${iat}, now ${now}` });
  if (now - iat > context.maxAgeSeconds + tolerance)
    throw new AppError('LTI_ID_TOKEN_TOO_OLD', { detail: `iat ${iat}, now ${now}` });
  if (nbf !== undefined && nbf > now + tolerance)
    throw new AppError('LTI_ID_TOKEN_NOT_YET_VALID', { detail: `nbf ${nbf}` });
};

/** §5.1.3 step 9: a nonce must be present; it is consumed later, after every other check passed. */
export const checkNonce: ClaimCheck = (payload) => {
  if (!isNonEmptyString(payload.nonce, 1024)) throw new AppError('LTI_NONCE_MISSING');
};

/** LTI Core 1.3 §5.3.2. */
export const checkVersion: ClaimCheck = (payload) => {
  if (payload[CLAIM.version] !== LTI_VERSION) throw new AppError('LTI_VERSION_UNSUPPORTED');
};

/** LTI Core 1.3 §5.3.1; Deep Linking 2.0 §4.4. */
export const checkMessageType: ClaimCheck = (payload) => {
  const type = payload[CLAIM.messageType];
  if (!MESSAGE_TYPES.includes(type as (typeof MESSAGE_TYPES)[number])) {
    throw new AppError('LTI_MESSAGE_TYPE_UNSUPPORTED', {
      detail: `message_type ${JSON.stringify(type)?.slice(0, 80)}`,
    });
  }
};

/** LTI Core 1.3 §5.3.3: deployment_id required, case-sensitive, at most 255 characters. */
export const checkDeploymentId: ClaimCheck = (payload) => {
  if (!isNonEmptyString(payload[CLAIM.deploymentId], 255)) throw new AppError('LTI_DEPLOYMENT_ID_INVALID');
};

/** LTI Core 1.3 §5.3.6: sub required (no anonymous launches), at most 255 characters. */
export const checkSub: ClaimCheck = (payload) => {
  if (!isNonEmptyString(payload.sub, 255)) throw new AppError('LTI_SUB_MISSING');
};

/** LTI Core 1.3 §5.3.7: roles required, an array; it may be empty or hold unknown values. */
export const checkRoles: ClaimCheck = (payload) => {
  if (!isStringArray(payload[CLAIM.roles])) throw new AppError('LTI_ROLES_INVALID');
};

/** The order matters: who sent it and whether it is current, before what it says. */
export const CLAIM_CHECKS: readonly ClaimCheck[] = [
  checkIssuer,
  checkAudience,
  checkTimes,
  checkNonce,
  checkVersion,
  checkMessageType,
  checkDeploymentId,
  checkSub,
  checkRoles,
  checkMessageClaims,
  checkOptionalClaimTypes,
];

/** Runs every synchronous claim check; throws the first failure's AppError. */
export function checkClaims(payload: unknown, context: ClaimCheckContext): LtiIdTokenClaims {
  if (!isObject(payload)) throw new AppError('LTI_ID_TOKEN_MALFORMED', { detail: 'payload is not a JSON object' });
  for (const check of CLAIM_CHECKS) check(payload, context);
  return payload as LtiIdTokenClaims;
}
