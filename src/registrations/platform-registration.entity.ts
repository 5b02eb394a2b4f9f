import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { JwkEntity } from '../jwks/jwk.entity';
import { PlatformDeploymentEntity } from './platform-deployment.entity';

/**
 * An LMS allowed to launch the tool, keyed by (issuer, client_id): Canvas cloud and Blackboard
 * use one issuer for every customer. `jwk_id` is the tool key that signs for this registration;
 * `pending_jwk_id` is a pre-published key that takes over at `pending_activates_at`.
 */
@Entity({ name: 'platform_registrations' })
@Unique('UQ_platform_registrations_issuer_client_id', ['issuer', 'clientId'])
@Unique('UQ_platform_registrations_jwk_id', ['jwkId'])
@Unique('UQ_platform_registrations_pending_jwk_id', ['pendingJwkId'])
@Index('IDX_platform_registrations_issuer', ['issuer'])
@Check('CHK_platform_registrations_pending_pair', '("pending_jwk_id" IS NULL) = ("pending_activates_at" IS NULL)')
@Check('CHK_platform_registrations_pending_differs', '"pending_jwk_id" IS NULL OR "pending_jwk_id" <> "jwk_id"')
export class PlatformRegistrationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_platform_registrations' })
  id: string;

  @Column({ type: 'varchar', length: 255 })
  issuer: string;

  @Column({ name: 'client_id', type: 'varchar', length: 255 })
  clientId: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  name: string | null;

  @Column({ name: 'auth_endpoint', type: 'varchar', length: 2048 })
  authEndpoint: string;

  @Column({ name: 'jwks_uri', type: 'varchar', length: 2048 })
  jwksUri: string;

  @Column({ name: 'token_endpoint', type: 'varchar', length: 2048 })
  tokenEndpoint: string;

  @Column({ name: 'jwk_id', type: 'uuid' })
  jwkId: string;

  @ManyToOne(() => JwkEntity, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'jwk_id', foreignKeyConstraintName: 'FK_platform_registrations_jwk_id' })
  jwk?: JwkEntity;

  @Column({ name: 'pending_jwk_id', type: 'uuid', nullable: true })
  pendingJwkId: string | null;

  @ManyToOne(() => JwkEntity, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'pending_jwk_id', foreignKeyConstraintName: 'FK_platform_registrations_pending_jwk_id' })
  pendingJwk?: JwkEntity | null;

  @Column({ name: 'pending_activates_at', type: 'timestamptz', nullable: true })
  pendingActivatesAt: Date | null;

  @OneToMany(() => PlatformDeploymentEntity, (deployment) => deployment.registration)
  deployments?: PlatformDeploymentEntity[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
