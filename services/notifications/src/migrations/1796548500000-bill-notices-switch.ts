import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A resident's switch for new bill notices (BILL_ISSUED), on until they turn it off, as autopay reminders'. */
export class BillNoticesSwitch1796548500000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE notification_preferences ADD COLUMN bill_notices boolean NOT NULL DEFAULT true');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE notification_preferences DROP COLUMN bill_notices');
  }
}
