/** What a login stores with its nonce so that only the launch of this very login can consume it. */
export interface LoginBinding {
  /** From the CSPRNG, at most 128 characters. */
  nonce: string;
  /** Platform issuer, at most 255 characters. */
  issuer: string;
  /** platform_registrations.id (the nonce dies with its registration). */
  registrationId: string;
  /** sha256 hex of the OIDC state: binds the nonce to this browser's login. */
  stateHash: string;
  /** The login's target_link_uri (at most 2048 characters), compared with the launch's claim. */
  targetLinkUri: string;
}

export interface NonceQuery {
  nonce: string;
  issuer: string;
  stateHash: string;
}

export interface ConsumedNonce {
  registrationId: string;
  targetLinkUri: string;
}

export const NONCE_MAX_LENGTH = 128;
export const ISSUER_MAX_LENGTH = 255;
export const STATE_HASH_LENGTH = 64;
