import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A reminder that said the month will not be paid (more than the customer's
 * maximum, or than the city takes in one payment) keeps 0 as the most the
 * run takes for its cycle: the resident, told to pay it another way, must
 * not have the rest taken on the deduction day as well.
 */
export class RemindedNoCharge1763801202600 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    // The check RemindedAmount1763801201700 added, found by what it checks: PostgreSQL named it.
    await queryRunner.query(`
      DO $$
      DECLARE name text;
      BEGIN
        SELECT conname INTO STRICT name FROM pg_constraint
         WHERE conrelid = 'autopay_notices'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%amount_cents > 0%';
        EXECUTE format('ALTER TABLE autopay_notices DROP CONSTRAINT %I', name);
      END $$`);
    await queryRunner.query(`ALTER TABLE autopay_notices ADD CONSTRAINT autopay_notices_reminded_amount CHECK (amount_cents IS NULL OR (amount_cents >= 0 AND kind = 'REMINDER'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE autopay_notices DROP CONSTRAINT autopay_notices_reminded_amount');
    // NOT VALID: the table is append-only, so reminders recorded with 0 stay as they are; new rows are checked again.
    await queryRunner.query(`ALTER TABLE autopay_notices ADD CHECK (amount_cents IS NULL OR (amount_cents > 0 AND kind = 'REMINDER')) NOT VALID`);
  }
}
