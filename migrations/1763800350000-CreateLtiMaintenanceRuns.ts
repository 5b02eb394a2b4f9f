import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The last run of each maintenance task, shared by every instance so that GET /admin/maintenance
 * shows the same view wherever it lands. Skipped runs (another instance held the lock) only
 * touch last_skipped_at, so they never hide the result of the run that did the work.
 */
export class CreateLtiMaintenanceRuns1763800350000 implements MigrationInterface {
  name = 'CreateLtiMaintenanceRuns1763800350000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "lti_maintenance_runs" (
        "task" character varying(100) NOT NULL,
        "last_started_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "last_finished_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "outcome" character varying(16) NOT NULL,
        "counts" jsonb NOT NULL DEFAULT '{}',
        "duration_ms" integer NOT NULL,
        "error" character varying(500),
        "instance_id" character varying(100) NOT NULL,
        "last_skipped_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_lti_maintenance_runs" PRIMARY KEY ("task"),
        CONSTRAINT "CHK_lti_maintenance_runs_outcome" CHECK ("outcome" IN ('ok', 'failed'))
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "lti_maintenance_runs"`);
  }
}
