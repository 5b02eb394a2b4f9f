import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { PlatformRegistrationEntity } from './platform-registration.entity';

/** An install of the tool that the platform names in every launch (deployment_id, case-sensitive). */
@Entity({ name: 'platform_deployments' })
@Unique('UQ_platform_deployments_registration_deployment', ['registrationId', 'deploymentId'])
@Check('CHK_platform_deployments_deployment_id_not_empty', 'length("deployment_id") > 0')
export class PlatformDeploymentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_platform_deployments' })
  id: string;

  @Column({ name: 'registration_id', type: 'uuid' })
  registrationId: string;

  @ManyToOne(() => PlatformRegistrationEntity, (registration) => registration.deployments, {
    nullable: false,
    onDelete: 'CASCADE',
  })
  @JoinColumn({ name: 'registration_id', foreignKeyConstraintName: 'FK_platform_deployments_registration_id' })
  // Relation<> keeps the emitted design:type from naming the class: the two entity files import each
  // other, and under swc (jest) an eager reference hits the class before it is initialised.
  registration?: Relation<PlatformRegistrationEntity>;

  @Column({ name: 'deployment_id', type: 'varchar', length: 255 })
  deploymentId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
