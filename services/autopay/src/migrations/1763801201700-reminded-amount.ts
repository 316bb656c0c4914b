import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A reminder keeps the amount due it announced (in cents, the city's fee
 * aside, as the run charges it): the run takes no more than that for the
 * reminder's cycle, so a bill imported after the reminder is not charged
 * before the resident has been told of it; it is left for the next cycle's
 * reminder (see remindedAmounts).
 *
 * Reminders recorded before this column have none (no backfill: the outbox
 * keeps the amount only as written, and this table is append-only); their
 * cycles are charged what is owed, as before.
 */
export class RemindedAmount1763801201700 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE autopay_notices ADD COLUMN amount_cents bigint CHECK (amount_cents IS NULL OR (amount_cents > 0 AND kind = 'REMINDER'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE autopay_notices DROP COLUMN amount_cents');
  }
}
