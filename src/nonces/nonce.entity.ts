import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PlatformRegistrationEntity } from '../registrations/platform-registration.entity';

/**
 * A nonce issued at OIDC login, bound to that login (state hash, target_link_uri) and deleted when
 * the launch consumes it (1EdTech Security Framework §5.1.3, step 7 of LTI-SECURITY.md). Rows are
 * only written by NonceRepository's SQL; the entity exists so migration:check sees the table.
 * The primary key is the (nonce, issuer) uniqueness contract, hence its UQ_ name.
 */
@Entity({ name: 'lti_nonces' })
@Index('IDX_lti_nonces_created_at', ['createdAt'])
@Index('IDX_lti_nonces_registration_id', ['registrationId'])
export class NonceEntity {
  @PrimaryColumn({ type: 'varchar', length: 128, primaryKeyConstraintName: 'UQ_lti_nonces_nonce_issuer' })
  nonce: string;

  @PrimaryColumn({ type: 'varchar', length: 255, primaryKeyConstraintName: 'UQ_lti_nonces_nonce_issuer' })
  issuer: string;

  @Column({ name: 'registration_id', type: 'uuid' })
  registrationId: string;

  @ManyToOne(() => PlatformRegistrationEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'registration_id', foreignKeyConstraintName: 'FK_lti_nonces_registration_id' })
  registration?: PlatformRegistrationEntity;

  /** sha256 hex of the OIDC state: a nonce is only good for the browser that started its login. */
  @Column({ name: 'state_hash', type: 'varchar', length: 64 })
  stateHash: string;

  @Column({ name: 'target_link_uri', type: 'varchar', length: 2048 })
  targetLinkUri: string;

  /** Set from the injected Clock (not the database's now()) so expiry is testable with a fixed clock. */
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
