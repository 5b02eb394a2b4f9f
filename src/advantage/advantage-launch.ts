import type { LtiIdTokenClaims } from '../launch/lti-claims';
import type { RegistrationView } from '../registrations/registration.store';

/** What the Advantage services need to know about the launch that authorises a call. */
export interface AdvantageLaunch {
  launchId: string;
  registration: RegistrationView;
  deploymentId: string;
  messageType: string;
  /** The launching user (id_token `sub`). */
  sub: string;
  roles: string[];
  /** The validated id_token claims, full claim URIs as keys. */
  claims: LtiIdTokenClaims;
}

/** Looks a live launch up by id (null when unknown or expired); the Nest token the guard injects. */
export abstract class AdvantageLaunchSource {
  abstract find(launchId: string): Promise<AdvantageLaunch | null>;
}
