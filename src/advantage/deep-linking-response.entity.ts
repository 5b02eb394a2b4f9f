import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { LaunchRecordEntity } from '../launch/launch-record.entity';

/**
 * The one deep linking response a launch may issue (Deep Linking 2.0: one response per request).
 * The primary key on launch_id is the atomic guard: of two concurrent responses one inserts, the
 * other is refused. Rows go with their launch (cascade), so the launch cleanup job clears them.
 * Written only through DeepLinkingResponseRepository's SQL; the entity exists for migration:check.
 */
@Entity({ name: 'lti_deep_linking_responses' })
export class DeepLinkingResponseEntity {
  @PrimaryColumn({
    name: 'launch_id',
    type: 'varchar',
    length: 64,
    primaryKeyConstraintName: 'PK_lti_deep_linking_responses',
  })
  launchId: string;

  @ManyToOne(() => LaunchRecordEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'launch_id', foreignKeyConstraintName: 'FK_lti_deep_linking_responses_launch_id' })
  launch?: LaunchRecordEntity;

  /** The nonce claim of the signed response, to trace a platform's complaint to this row. */
  @Column({ type: 'varchar', length: 64 })
  nonce: string;

  @Column({ name: 'item_count', type: 'integer' })
  itemCount: number;

  /** From the injected Clock. */
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
