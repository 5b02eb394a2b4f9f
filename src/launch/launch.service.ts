import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app.error';
import { NoncesService } from '../nonces/nonces.service';
import { IdTokenValidator } from './id-token.validator';
import { checkStateCookie, type LoginState, parseLoginState } from './login-state';
import { CLAIM } from './lti-claims';
import { LaunchesService } from './launches.service';

export interface LaunchResult {
  /** The login's target_link_uri with launch_id added. */
  location: string;
  /** The state cookie of this login, to clear. */
  login: LoginState;
}

function readIdToken(form: Record<string, unknown>): string {
  const value = form.id_token;
  if (value === undefined || value === '') throw new AppError('LTI_ID_TOKEN_MISSING');
  if (typeof value !== 'string') throw new AppError('LTI_ID_TOKEN_MALFORMED', { detail: 'id_token field repeated' });
  return value;
}

/**
 * The redirect_uri (Security Framework §5.1.1.3): the form_post with id_token and state. Order:
 * form fields, state bound to this browser, the token validated for the login's registration,
 * then the nonce consumed (exactly once), the target compared with the login's, the record stored.
 */
@Injectable()
export class LaunchService {
  constructor(
    private readonly validator: IdTokenValidator,
    private readonly nonces: NoncesService,
    private readonly launches: LaunchesService,
  ) {}

  async launch(body: unknown, cookies: Record<string, string | undefined> | undefined): Promise<LaunchResult> {
    const form = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const idToken = readIdToken(form);
    const login = parseLoginState(form.state);
    checkStateCookie(login, cookies);
    const { registration, claims, claimsJson } = await this.validator.validate(idToken, login.registrationId);

    // LTI-SECURITY.md step 7: one atomic DELETE; of N concurrent posts of one token, one wins.
    const binding = await this.nonces.consume({
      nonce: claims.nonce,
      issuer: registration.issuer,
      stateHash: login.stateHash,
    });
    if (!binding || binding.registrationId !== registration.id) throw new AppError('LTI_NONCE_INVALID');
    // Step 13: the platform must launch what the login asked for (Security Framework §5.1.1.1).
    const target = claims[CLAIM.targetLinkUri];
    if (target !== undefined && target !== binding.targetLinkUri) {
      throw new AppError('LTI_TARGET_LINK_URI_MISMATCH', { detail: 'claim differs from the login target_link_uri' });
    }
    const launch = await this.launches.create(registration, claims, claimsJson);
    const location = new URL(binding.targetLinkUri);
    location.searchParams.set('launch_id', launch.id);
    return { location: location.toString(), login };
  }
}
