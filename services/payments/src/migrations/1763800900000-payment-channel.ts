import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The channel a payment came through (see PaymentChannel). Payments made
 * before it was recorded are WEB, except cash and checks, which only the
 * counter takes, and autopay's, whose keys start with "autopay/".
 */
export class PaymentChannel1763800900000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE payments
        ADD COLUMN channel text NOT NULL DEFAULT 'WEB',
        ADD CONSTRAINT payments_channel_check CHECK (channel IN ('WEB', 'PHONE', 'COUNTER', 'AUTOPAY'))`);
    await queryRunner.query(`UPDATE payments SET channel = 'COUNTER' WHERE method_kind IN ('CASH', 'CHECK')`);
    await queryRunner.query(`UPDATE payments SET channel = 'AUTOPAY' WHERE idempotency_key LIKE 'autopay/%'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE payments DROP CONSTRAINT payments_channel_check, DROP COLUMN channel');
  }
}
