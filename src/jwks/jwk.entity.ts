import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** Public members of an RSA signing key as published in our JWKS. */
export interface PublicRsaJwk {
  kty: 'RSA';
  kid: string;
  use: 'sig';
  alg: string;
  n: string;
  e: string;
}

/**
 * A tool signing key. `active` = published in /.well-known/jwks.json. The private key is stored
 * only encrypted (AES-256-GCM under a key-encryption key, kid bound as AAD) and wiped on
 * deactivation.
 */
@Entity({ name: 'lti_jwks' })
@Unique('UQ_lti_jwks_kid', ['kid'])
@Index('IDX_lti_jwks_active', ['active'])
export class JwkEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_lti_jwks' })
  id: string;

  /** RFC 7638 JWK thumbprint of the public key. */
  @Column({ type: 'varchar', length: 64 })
  kid: string;

  @Column({ type: 'varchar', length: 16 })
  alg: string;

  @Column({ name: 'public_jwk', type: 'jsonb' })
  publicJwk: PublicRsaJwk;

  /** Versioned envelope `v1.<kekId>.<iv>.<ciphertext>.<tag>`; null once the key is deactivated. */
  @Column({ name: 'private_key_encrypted', type: 'text', nullable: true })
  privateKeyEncrypted: string | null;

  /** Id of the key-encryption key that sealed private_key_encrypted (for re-encryption). */
  @Column({ name: 'kek_id', type: 'varchar', length: 64, nullable: true })
  kekId: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'first_signed_at', type: 'timestamptz', nullable: true })
  firstSignedAt: Date | null;

  /** When the key stopped signing (a rotation replaced it, or its registration was deleted). */
  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt: Date | null;

  /** When it was unpublished (active = false) and its private key wiped. */
  @Column({ name: 'deactivated_at', type: 'timestamptz', nullable: true })
  deactivatedAt: Date | null;
}
