import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Counter payments (cash and checks taken at the city's office): two more
 * method kinds, which have no card digits (a check shows the last four of its
 * number, cash none), and what staff record with them: the check number and
 * who received the money.
 */
export class CounterPayments1763800800000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE payments
        DROP CONSTRAINT payments_method_kind_check,
        DROP CONSTRAINT payments_method_last4_check,
        ADD COLUMN check_number text,
        ADD COLUMN received_by text,
        ADD CONSTRAINT payments_method_kind_check CHECK (method_kind IN ('CARD', 'BANK_ACCOUNT', 'CASH', 'CHECK')),
        ADD CONSTRAINT payments_method_last4_check CHECK (
          CASE method_kind WHEN 'CASH' THEN method_last4 = '' WHEN 'CHECK' THEN method_last4 ~ '^[0-9]{1,4}$' ELSE method_last4 ~ '^[0-9]{4}$' END),
        ADD CONSTRAINT payments_check_number CHECK ((method_kind = 'CHECK') = (check_number IS NOT NULL) AND (check_number IS NULL OR check_number ~ '^[0-9]{1,10}$')),
        ADD CONSTRAINT payments_received_by CHECK ((method_kind IN ('CASH', 'CHECK')) = (received_by IS NOT NULL))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE payments
        DROP CONSTRAINT payments_received_by,
        DROP CONSTRAINT payments_check_number,
        DROP CONSTRAINT payments_method_last4_check,
        DROP CONSTRAINT payments_method_kind_check,
        DROP COLUMN received_by,
        DROP COLUMN check_number,
        ADD CONSTRAINT payments_method_kind_check CHECK (method_kind IN ('CARD', 'BANK_ACCOUNT')),
        ADD CONSTRAINT payments_method_last4_check CHECK (method_last4 ~ '^[0-9]{4}$')`);
  }
}
