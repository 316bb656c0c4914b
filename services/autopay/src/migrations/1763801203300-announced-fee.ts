import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A reminder that announces a charge keeps the city's convenience fee it
 * announced with the amount (in cents): the run adds no higher a fee for its
 * cycle, so a fee the city adds or raises after the reminder does not take
 * more from the card than the resident was told (see remindedAmounts). A
 * claim keeps the fee it was decided with beside its amount, so a follow-up
 * asks for the very charge the claim decided.
 *
 * Reminders recorded before this column, and those that said the month will
 * not be paid, have none: their cycles are charged the city's fee as the run
 * reads it, as before. Nor have claims made before it (none is backfilled:
 * the fee a payment took is the payments service's to know).
 */
export class AnnouncedFee1763801203300 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE autopay_notices ADD COLUMN fee_cents bigint CONSTRAINT autopay_notices_reminded_fee CHECK (fee_cents IS NULL OR (fee_cents >= 0 AND amount_cents > 0))`);
    await queryRunner.query(
      `ALTER TABLE autopay_deductions ADD COLUMN fee_cents bigint CONSTRAINT autopay_deductions_claimed_fee CHECK (fee_cents IS NULL OR (fee_cents >= 0 AND amount_cents IS NOT NULL))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE autopay_deductions DROP COLUMN fee_cents');
    await queryRunner.query('ALTER TABLE autopay_notices DROP COLUMN fee_cents');
  }
}
