import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The cash a resident handed over for a counter payment, in cents, kept with it (the change counted back is that less
 * the payment's total): for the receipt, the audit log and the clerk's drawer at the day's close. Cash only, and never
 * short of the payment; null where the clerk did not give it (and on every payment recorded before this column).
 * Indexes find a day's counter payments for the drawers, and a check by its number (leading zeros aside) for
 * DUPLICATE_CHECK_NUMBER.
 */
export class CounterCashReceived1796526475460 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE payments
        ADD COLUMN cash_received_cents bigint,
        ADD CONSTRAINT payments_cash_received CHECK (cash_received_cents IS NULL OR (method_kind = 'CASH' AND cash_received_cents >= total_cents))`);
    await queryRunner.query(`CREATE INDEX payments_counter_made_at ON payments (tenant_id, made_at) WHERE method_kind IN ('CASH', 'CHECK')`);
    await queryRunner.query(`CREATE INDEX payments_check_numbers ON payments (tenant_id, ltrim(check_number, '0')) WHERE check_number IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX payments_check_numbers');
    await queryRunner.query('DROP INDEX payments_counter_made_at');
    await queryRunner.query('ALTER TABLE payments DROP CONSTRAINT payments_cash_received, DROP COLUMN cash_received_cents');
  }
}
