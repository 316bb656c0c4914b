import { acrossCities } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A password-setting token says what it was sent as: a reset link (an hour) or a staff invitation (72 hours). A staff
 * member still invited may set their password with an invitation only, never with a reset link ("Forgot password" must
 * not get round a lapsed invitation). Tokens stored before were issued with one of those two lifetimes, which tells them apart.
 */
export class PasswordTokenPurpose1763801203700 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE password_reset_tokens ADD COLUMN purpose text');
    await acrossCities(queryRunner, ['password_reset_tokens'], () =>
      queryRunner.query(`UPDATE password_reset_tokens SET purpose = CASE WHEN expires_at - created_at > interval '1 hour' THEN 'STAFF_INVITATION' ELSE 'PASSWORD_RESET' END`),
    );
    await queryRunner.query('ALTER TABLE password_reset_tokens ALTER COLUMN purpose SET NOT NULL');
    await queryRunner.query(`ALTER TABLE password_reset_tokens ADD CONSTRAINT password_reset_tokens_purpose CHECK (purpose IN ('PASSWORD_RESET', 'STAFF_INVITATION'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE password_reset_tokens DROP COLUMN purpose');
  }
}
