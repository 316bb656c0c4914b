import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An attempt's outcome keeps the convenience fee its payment carried beside
 * `amount_cents` (which is what goes to the account), so staff read what a
 * card was charged, or asked for and declined, as the processor and the
 * resident's notice saw it: amount plus fee.
 *
 * Outcomes written before this column have none (autopay cannot backfill it:
 * the fee a payment took is the payments service's to know). Reads ask the
 * payments service for their payments' fees instead (outcomesOfRuns,
 * summarizeRuns), so NULL means "not written here", never "no fee".
 */
export class OutcomeFee1763801203800 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE autopay_outcomes ADD COLUMN fee_cents bigint CONSTRAINT autopay_outcomes_fee CHECK (fee_cents IS NULL OR (fee_cents >= 0 AND amount_cents IS NOT NULL))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE autopay_outcomes DROP COLUMN fee_cents');
  }
}
