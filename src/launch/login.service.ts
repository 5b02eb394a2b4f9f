import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app.error';
import { randomToken } from '../common/random';
import { NoncesService } from '../nonces/nonces.service';
import { RegistrationStore, type RegistrationView } from '../registrations/registration.store';
import type { LoginInitiation } from './login.parser';
import { type LoginState, newLoginState } from './login-state';
import { LaunchUrls } from './launch.urls';
import { TargetLinkPolicy } from './target-link.policy';

export interface LoginRedirect {
  /** The platform's authorization endpoint with every OIDC parameter. */
  location: string;
  state: LoginState;
}

/**
 * OIDC third-party initiated login (Security Framework §5.1.1): pick the registration, make the
 * state and nonce, remember the nonce bound to this login, and send the browser to the platform.
 */
@Injectable()
export class LoginService {
  constructor(
    private readonly registrations: RegistrationStore,
    private readonly nonces: NoncesService,
    private readonly targets: TargetLinkPolicy,
    private readonly urls: LaunchUrls,
  ) {}

  async initiate(login: LoginInitiation): Promise<LoginRedirect> {
    // Never redirect anywhere but to this tool, whoever asks (LTI-SECURITY.md, login).
    this.targets.check(login.targetLinkUri);
    const registration = await this.findRegistration(login);
    if (login.deploymentId !== undefined) await this.checkDeployment(registration, login.deploymentId);
    const state = newLoginState(registration.id);
    const nonce = randomToken(32);
    await this.nonces.issue({
      nonce,
      issuer: registration.issuer,
      registrationId: registration.id,
      stateHash: state.stateHash,
      targetLinkUri: login.targetLinkUri,
    });
    return { location: this.authenticationRequest(registration, login, state.state, nonce), state };
  }

  /** Registrations are keyed by (iss, client_id); without client_id the issuer must be unambiguous. */
  private async findRegistration(login: LoginInitiation): Promise<RegistrationView> {
    const registration =
      login.clientId === undefined
        ? await this.registrations.findByIssuer(login.issuer)
        : await this.registrations.findByIssuerAndClientId(login.issuer, login.clientId);
    if (registration) return registration;
    throw new AppError('LTI_REGISTRATION_NOT_FOUND', {
      details: { issuer: login.issuer, clientId: login.clientId ?? '(not sent by the platform)' },
    });
  }

  /** Optional early check: the launch would fail on this deployment anyway, so say so now. */
  private async checkDeployment(registration: RegistrationView, deploymentId: string): Promise<void> {
    if (await this.registrations.findDeployment(registration.id, deploymentId)) return;
    throw new AppError('LTI_DEPLOYMENT_UNKNOWN', {
      details: { issuer: registration.issuer, clientId: registration.clientId, deploymentId },
    });
  }

  /** Security Framework §5.1.1.2; built with URL so an endpoint's own query parameters survive. */
  private authenticationRequest(
    registration: RegistrationView,
    login: LoginInitiation,
    state: string,
    nonce: string,
  ): string {
    const url = new URL(registration.authEndpoint);
    const params: [string, string][] = [
      ['scope', 'openid'],
      ['response_type', 'id_token'],
      ['response_mode', 'form_post'],
      ['prompt', 'none'],
      ['client_id', registration.clientId],
      ['redirect_uri', this.urls.redirectUri],
      ['login_hint', login.loginHint],
      ['state', state],
      ['nonce', nonce],
    ];
    if (login.ltiMessageHint !== undefined) params.push(['lti_message_hint', login.ltiMessageHint]);
    for (const [name, value] of params) url.searchParams.set(name, value);
    return url.toString();
  }
}
