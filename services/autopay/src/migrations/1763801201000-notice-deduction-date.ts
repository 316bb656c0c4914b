import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each reminder and card-expiry notice keeps the deduction date it named, so
 * a deduction day moved after a reminder went out does not move that cycle's
 * deduction: the run charges the account on the date its reminder promised
 * (see firstAttemptPage). Always within the notice's cycle.
 *
 * Notices sent before this column are left without a date (no backfill):
 * they are history, which this table never rewrites, and the only date one
 * could write is the city's day now, a guess that is wrong exactly when the
 * day has moved since. Such a cycle is deducted on the city's day, as before.
 */
export class NoticeDeductionDate1763801201000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE autopay_notices ADD COLUMN deduction_date date CHECK (to_char(deduction_date, 'YYYY-MM') = cycle)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE autopay_notices DROP COLUMN deduction_date');
  }
}
