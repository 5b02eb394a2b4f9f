import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One deep linking response per launch: the primary key on launch_id makes the claim atomic
 * (INSERT ... ON CONFLICT DO NOTHING). Rows are removed with their launch.
 */
export class CreateLtiDeepLinkingResponses1763800500000 implements MigrationInterface {
  name = 'CreateLtiDeepLinkingResponses1763800500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "lti_deep_linking_responses" (
        "launch_id" character varying(64) NOT NULL,
        "nonce" character varying(64) NOT NULL,
        "item_count" integer NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_lti_deep_linking_responses" PRIMARY KEY ("launch_id"),
        CONSTRAINT "FK_lti_deep_linking_responses_launch_id" FOREIGN KEY ("launch_id")
          REFERENCES "lti_launches"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "lti_deep_linking_responses"`);
  }
}
