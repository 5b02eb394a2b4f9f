import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Deployments a platform reports in launches; removed with their registration. */
export class CreatePlatformDeployments1763800200000 implements MigrationInterface {
  name = 'CreatePlatformDeployments1763800200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "platform_deployments" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "registration_id" uuid NOT NULL,
        "deployment_id" character varying(255) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_platform_deployments" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_platform_deployments_registration_deployment" UNIQUE ("registration_id", "deployment_id"),
        CONSTRAINT "CHK_platform_deployments_deployment_id_not_empty" CHECK (length("deployment_id") > 0),
        CONSTRAINT "FK_platform_deployments_registration_id" FOREIGN KEY ("registration_id")
          REFERENCES "platform_registrations"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "platform_deployments"`);
  }
}
