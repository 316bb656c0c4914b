import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Refusals per bucket and window, so only the first refusal of a window is written to the security log. */
export class CountRefusedAttempts1763800170000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE rate_limit_buckets ADD COLUMN refused integer NOT NULL DEFAULT 0');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE rate_limit_buckets DROP COLUMN refused');
  }
}
