import { acrossCities } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A lifted block is kept (LIFTED) with when it was lifted, instead of deleted: R01 returns recorded before the lift no
 * longer count toward a new block (recordReturn), so an account the city unblocked is not blocked again by the next
 * return for want of funds, as it was when the returns before the lift still counted within their 90 days. A LIFTED
 * row is read as none (the next new token from the account is checked with its bank, as a first one is).
 */
export class BankAccountLifts1796526747640 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE bank_accounts
        DROP CONSTRAINT bank_accounts_status_check,
        ADD CONSTRAINT bank_accounts_status_check CHECK (status IN ('VERIFIED', 'BLOCKED', 'LIFTED')),
        ADD COLUMN lifted_at timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // A lifted block was a deleted row before: every city's (the owner running migrations is bound by row-level security too).
    await acrossCities(queryRunner, ['bank_accounts'], () => queryRunner.query(`DELETE FROM bank_accounts WHERE status = 'LIFTED'`));
    await queryRunner.query(`
      ALTER TABLE bank_accounts
        DROP COLUMN lifted_at,
        DROP CONSTRAINT bank_accounts_status_check,
        ADD CONSTRAINT bank_accounts_status_check CHECK (status IN ('VERIFIED', 'BLOCKED'))`);
  }
}
