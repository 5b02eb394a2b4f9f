import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PlatformRegistrationEntity } from '../registrations/platform-registration.entity';

/**
 * A validated launch, readable by the tool's front end through its unguessable id until
 * expires_at. Rows are written and read only through LaunchRecordRepository's SQL; the entity
 * exists so migration:check sees the table. Times come from the injected Clock.
 */
@Entity({ name: 'lti_launches' })
@Index('IDX_lti_launches_expires_at', ['expiresAt'])
@Index('IDX_lti_launches_registration_id', ['registrationId'])
export class LaunchRecordEntity {
  /** 256 random bits, base64url (43 characters). */
  @PrimaryColumn({ type: 'varchar', length: 64, primaryKeyConstraintName: 'PK_lti_launches' })
  id: string;

  @Column({ name: 'registration_id', type: 'uuid' })
  registrationId: string;

  @ManyToOne(() => PlatformRegistrationEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'registration_id', foreignKeyConstraintName: 'FK_lti_launches_registration_id' })
  registration?: PlatformRegistrationEntity;

  @Column({ name: 'deployment_id', type: 'varchar', length: 255 })
  deploymentId: string;

  @Column({ name: 'message_type', type: 'varchar', length: 64 })
  messageType: string;

  /** The id_token payload as validated. */
  @Column({ type: 'jsonb' })
  claims: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
