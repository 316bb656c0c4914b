import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff say why they disconnect or restore an account (the console asks for
 * it): kept beside the reason code, on the append-only status history.
 */
export class StatusChangeNotes1763800800000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE account_status_changes ADD COLUMN note text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE account_status_changes DROP COLUMN note');
  }
}
