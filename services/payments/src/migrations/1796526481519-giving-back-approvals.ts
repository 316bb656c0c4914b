import { enableTenantRowLevelSecurity } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two people for large sums: a refund or void at or above the city's refundApprovalThreshold is recorded here,
 * AWAITING, and nothing is sent to the processor until a different ADMIN approves it (then its operation is opened
 * under the same idempotency key, so it is made once) or declines it. A refund's key is the staff's key, unique per
 * city beside the operations' own; a payment has at most one void awaiting approval.
 */
export class GivingBackApprovals1796526481519 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE giving_back_approvals (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        payment_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('REFUND', 'VOID')),
        idempotency_key text NOT NULL,
        amount_cents bigint NOT NULL CHECK (amount_cents > 0),
        service_account_id uuid,
        reason text NOT NULL,
        requested_by text NOT NULL,
        status text NOT NULL CHECK (status IN ('AWAITING', 'APPROVED', 'DECLINED')),
        decided_by text,
        decision_reason text,
        operation_id uuid,
        created_at timestamptz NOT NULL,
        decided_at timestamptz,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, payment_id) REFERENCES payments (tenant_id, id),
        FOREIGN KEY (tenant_id, operation_id) REFERENCES payment_operations (tenant_id, id),
        CONSTRAINT giving_back_approvals_idempotency_key UNIQUE (tenant_id, idempotency_key),
        CONSTRAINT giving_back_approvals_decided CHECK ((status = 'AWAITING') = (decided_by IS NULL)),
        CONSTRAINT giving_back_approvals_four_eyes CHECK (decided_by IS NULL OR decided_by <> requested_by)
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX giving_back_approvals_one_void ON giving_back_approvals (tenant_id, payment_id) WHERE kind = 'VOID' AND status = 'AWAITING'`);
    await queryRunner.query(`CREATE INDEX giving_back_approvals_awaiting ON giving_back_approvals (tenant_id, seq) WHERE status = 'AWAITING'`);
    await queryRunner.query('CREATE INDEX giving_back_approvals_operation ON giving_back_approvals (tenant_id, operation_id) WHERE operation_id IS NOT NULL');
    await enableTenantRowLevelSecurity(queryRunner, 'giving_back_approvals');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE giving_back_approvals');
  }
}
