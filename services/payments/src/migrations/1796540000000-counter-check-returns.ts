import { enableTenantRowLevelSecurity } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A paper check taken at the counter that its bank sent back after its day (recordReturnedCheck): why (the bank's
 * reason), staff's note, who recorded it and when. One per payment (a check comes back once); the ADMIN's key is unique
 * per city, so the same request sent again finds the return it made instead of reversing the payment twice.
 */
export class CounterCheckReturns1796540000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE counter_check_returns (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        payment_id uuid NOT NULL,
        idempotency_key text NOT NULL,
        reason text NOT NULL CHECK (reason IN ('INSUFFICIENT_FUNDS', 'ACCOUNT_CLOSED', 'STOP_PAYMENT', 'OTHER')),
        note text,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, payment_id) REFERENCES payments (tenant_id, id),
        CONSTRAINT counter_check_returns_one_per_payment UNIQUE (tenant_id, payment_id),
        CONSTRAINT counter_check_returns_idempotency_key UNIQUE (tenant_id, idempotency_key)
      )`);
    await enableTenantRowLevelSecurity(queryRunner, 'counter_check_returns');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE counter_check_returns');
  }
}
