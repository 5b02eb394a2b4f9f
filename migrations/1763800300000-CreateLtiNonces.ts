import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Nonces issued at OIDC login and consumed once at launch (1EdTech Security Framework §5.1.3).
 * The key (nonce, issuer) is the uniqueness contract; created_at is indexed for the cleanup job,
 * registration_id for the cascade when a registration is deleted.
 */
export class CreateLtiNonces1763800300000 implements MigrationInterface {
  name = 'CreateLtiNonces1763800300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "lti_nonces" (
        "nonce" character varying(128) NOT NULL,
        "issuer" character varying(255) NOT NULL,
        "registration_id" uuid NOT NULL,
        "state_hash" character varying(64) NOT NULL,
        "target_link_uri" character varying(2048) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "UQ_lti_nonces_nonce_issuer" PRIMARY KEY ("nonce", "issuer"),
        CONSTRAINT "FK_lti_nonces_registration_id" FOREIGN KEY ("registration_id")
          REFERENCES "platform_registrations"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_lti_nonces_created_at" ON "lti_nonces" ("created_at")`);
    await queryRunner.query(`CREATE INDEX "IDX_lti_nonces_registration_id" ON "lti_nonces" ("registration_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_lti_nonces_registration_id"`);
    await queryRunner.query(`DROP INDEX "IDX_lti_nonces_created_at"`);
    await queryRunner.query(`DROP TABLE "lti_nonces"`);
  }
}
