import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A bank account's R01 (insufficient funds) returns of the last 90 days are
 * counted as each new one is recorded: a second blocks the account. Returned
 * payments are few among a city's payments, so a partial index keeps that
 * count one probe.
 */
export class BankAccountReturns1763801201800 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX payments_returned_by_method ON payments (tenant_id, method_fingerprint, settled_at) WHERE status = 'RETURNED'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX payments_returned_by_method');
  }
}
