/** What the launch flow needs to know about a platform registration. */
export interface RegistrationView {
  id: string;
  issuer: string;
  clientId: string;
  name: string | null;
  authEndpoint: string;
  jwksUri: string;
  tokenEndpoint: string;
}

export interface DeploymentView {
  id: string;
  registrationId: string;
  deploymentId: string;
}

/**
 * Hot-path lookups for login and launch, behind one interface: the launch code depends on this
 * abstract class (the Nest injection token); the TypeORM implementation is the default provider
 * and another store can be swapped in.
 */
export abstract class RegistrationStore {
  /** Exact (issuer, client_id) match, or null. */
  abstract findByIssuerAndClientId(issuer: string, clientId: string): Promise<RegistrationView | null>;

  /**
   * Issuer-only lookup (login without client_id): the registration when exactly one matches,
   * null when none; throws AppError('REGISTRATION_CLIENT_ID_REQUIRED') when several match.
   */
  abstract findByIssuer(issuer: string): Promise<RegistrationView | null>;

  abstract findById(id: string): Promise<RegistrationView | null>;

  /** deployment_id is case-sensitive. */
  abstract findDeployment(registrationId: string, deploymentId: string): Promise<DeploymentView | null>;
}
