import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Validated launches, read by the tool's front end through an unguessable id (the launch_id of
 * the redirect) until they expire. Removed with their registration; expires_at is indexed for
 * the cleanup job, registration_id for the cascade.
 */
export class CreateLtiLaunches1763800400000 implements MigrationInterface {
  name = 'CreateLtiLaunches1763800400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "lti_launches" (
        "id" character varying(64) NOT NULL,
        "registration_id" uuid NOT NULL,
        "deployment_id" character varying(255) NOT NULL,
        "message_type" character varying(64) NOT NULL,
        "claims" jsonb NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_lti_launches" PRIMARY KEY ("id"),
        CONSTRAINT "FK_lti_launches_registration_id" FOREIGN KEY ("registration_id")
          REFERENCES "platform_registrations"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_lti_launches_expires_at" ON "lti_launches" ("expires_at")`);
    await queryRunner.query(`CREATE INDEX "IDX_lti_launches_registration_id" ON "lti_launches" ("registration_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_lti_launches_registration_id"`);
    await queryRunner.query(`DROP INDEX "IDX_lti_launches_expires_at"`);
    await queryRunner.query(`DROP TABLE "lti_launches"`);
  }
}
