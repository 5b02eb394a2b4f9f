import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Platforms allowed to launch, keyed by (issuer, client_id). Each points at exactly one current
 * signing key (jwk_id, unique: a key signs for one registration) and at most one pre-published key.
 */
export class CreatePlatformRegistrations1763800100000 implements MigrationInterface {
  name = 'CreatePlatformRegistrations1763800100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "platform_registrations" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "issuer" character varying(255) NOT NULL,
        "client_id" character varying(255) NOT NULL,
        "name" character varying(255),
        "auth_endpoint" character varying(2048) NOT NULL,
        "jwks_uri" character varying(2048) NOT NULL,
        "token_endpoint" character varying(2048) NOT NULL,
        "jwk_id" uuid NOT NULL,
        "pending_jwk_id" uuid,
        "pending_activates_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_platform_registrations" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_platform_registrations_issuer_client_id" UNIQUE ("issuer", "client_id"),
        CONSTRAINT "UQ_platform_registrations_jwk_id" UNIQUE ("jwk_id"),
        CONSTRAINT "UQ_platform_registrations_pending_jwk_id" UNIQUE ("pending_jwk_id"),
        CONSTRAINT "CHK_platform_registrations_pending_pair"
          CHECK (("pending_jwk_id" IS NULL) = ("pending_activates_at" IS NULL)),
        CONSTRAINT "CHK_platform_registrations_pending_differs"
          CHECK ("pending_jwk_id" IS NULL OR "pending_jwk_id" <> "jwk_id"),
        CONSTRAINT "FK_platform_registrations_jwk_id" FOREIGN KEY ("jwk_id")
          REFERENCES "lti_jwks"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT "FK_platform_registrations_pending_jwk_id" FOREIGN KEY ("pending_jwk_id")
          REFERENCES "lti_jwks"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_platform_registrations_issuer" ON "platform_registrations" ("issuer")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_platform_registrations_issuer"`);
    await queryRunner.query(`DROP TABLE "platform_registrations"`);
  }
}
