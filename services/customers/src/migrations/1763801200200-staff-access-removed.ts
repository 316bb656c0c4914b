import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A city's ADMIN can take a staff member's access away (someone who left, an
 * invitation sent to a mistyped address): `disabled_at` says since when. The
 * user stays, for the audit log and everything they did, but cannot sign in.
 */
export class StaffAccessRemoved1763801200200 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE users ADD COLUMN disabled_at timestamptz');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE users DROP COLUMN disabled_at');
  }
}
