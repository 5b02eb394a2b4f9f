import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tool signing keys: public JWK published while active, private key only encrypted at rest. */
export class CreateLtiJwks1763800000000 implements MigrationInterface {
  name = 'CreateLtiJwks1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "lti_jwks" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "kid" character varying(64) NOT NULL,
        "alg" character varying(16) NOT NULL,
        "public_jwk" jsonb NOT NULL,
        "private_key_encrypted" text,
        "kek_id" character varying(64),
        "active" boolean NOT NULL DEFAULT true,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "first_signed_at" TIMESTAMP WITH TIME ZONE,
        "retired_at" TIMESTAMP WITH TIME ZONE,
        "deactivated_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_lti_jwks" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_lti_jwks_kid" UNIQUE ("kid")
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_lti_jwks_active" ON "lti_jwks" ("active")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_lti_jwks_active"`);
    await queryRunner.query(`DROP TABLE "lti_jwks"`);
  }
}
