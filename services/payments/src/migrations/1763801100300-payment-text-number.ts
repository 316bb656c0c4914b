import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The number a payer on the phone line asked to be texted at about their
 * payment (they have no email there): its receipt, or that it did not go
 * through, once the processor says which.
 */
export class PaymentTextNumber1763801100300 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE payments
        ADD COLUMN payer_phone text,
        ADD CONSTRAINT payments_payer_phone_check CHECK (payer_phone ~ '^\\+[1-9][0-9]{7,14}$')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE payments DROP CONSTRAINT payments_payer_phone_check, DROP COLUMN payer_phone');
  }
}
