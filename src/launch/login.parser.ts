import { AppError } from '../common/errors/app.error';

/** A third-party initiated login (Security Framework §5.1.1.1; LTI Core 1.3 §4.1). */
export interface LoginInitiation {
  issuer: string;
  loginHint: string;
  targetLinkUri: string;
  clientId?: string;
  ltiMessageHint?: string;
  deploymentId?: string;
  storageTarget?: string;
}

// Bounds follow what can be stored (registration issuer and client_id, nonce target_link_uri)
// and leave room for long opaque hints (Canvas sends a JWT as lti_message_hint).
const LIMITS = {
  iss: 255,
  login_hint: 8192,
  target_link_uri: 2048,
  client_id: 255,
  lti_message_hint: 8192,
  lti_deployment_id: 255,
  lti_storage_target: 255,
} as const;
type Parameter = keyof typeof LIMITS;

function read(params: Record<string, unknown>, name: Parameter): string | undefined {
  const value = params[name];
  if (value === undefined || value === '') return undefined;
  // A repeated parameter arrives as an array: ambiguous, so refused rather than guessed.
  if (typeof value !== 'string' || value.length > LIMITS[name]) {
    throw new AppError('LTI_LOGIN_PARAMETER_INVALID', { details: { parameter: name } });
  }
  return value;
}

function required(params: Record<string, unknown>, name: Parameter): string {
  const value = read(params, name);
  if (value === undefined) throw new AppError('LTI_LOGIN_PARAMETER_MISSING', { details: { parameter: name } });
  return value;
}

/**
 * Reads the login initiation from the query (GET) or form body (POST). Platforms add their own
 * parameters (Canvas: canvas_region, deployment_id...), so unknown ones are ignored, never refused.
 */
export function parseLoginInitiation(input: unknown): LoginInitiation {
  const params = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const initiation: LoginInitiation = {
    issuer: required(params, 'iss'),
    loginHint: required(params, 'login_hint'),
    targetLinkUri: required(params, 'target_link_uri'),
  };
  const clientId = read(params, 'client_id');
  const ltiMessageHint = read(params, 'lti_message_hint');
  const deploymentId = read(params, 'lti_deployment_id');
  const storageTarget = read(params, 'lti_storage_target');
  if (clientId !== undefined) initiation.clientId = clientId;
  if (ltiMessageHint !== undefined) initiation.ltiMessageHint = ltiMessageHint;
  if (deploymentId !== undefined) initiation.deploymentId = deploymentId;
  if (storageTarget !== undefined) initiation.storageTarget = storageTarget;
  return initiation;
}
