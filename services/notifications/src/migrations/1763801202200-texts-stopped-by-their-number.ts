import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a user's texts were switched off by their number's STOP rather than by
 * the user, so the number's START switches them on again (sms/texts-stopped.ts).
 * Any later choice of the user's about texts clears it: theirs stands.
 */
export class TextsStoppedByTheirNumber1763801202200 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE notification_preferences ADD COLUMN sms_stopped_at timestamptz');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE notification_preferences DROP COLUMN sms_stopped_at');
  }
}
