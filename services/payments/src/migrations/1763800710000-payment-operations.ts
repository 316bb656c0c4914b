import { enableTenantRowLevelSecurity, makeAppendOnly } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Refunds and voids become operations of a payment, each with its own
 * status, key and history (Kill Bill's payment transactions). Refunds made
 * so far and voids still in flight are carried over, then payment_refunds
 * and payments.void_requested_at go: an open VOID operation is now what
 * holds a payment back from posting and refunds.
 */
export class PaymentOperations1763800710000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE payment_operations (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        payment_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('REFUND', 'VOID')),
        idempotency_key text NOT NULL,
        processor_key text NOT NULL,
        amount_cents bigint NOT NULL CHECK (amount_cents > 0),
        reason text NOT NULL,
        actor text NOT NULL,
        status text NOT NULL CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED', 'UNKNOWN')),
        processor_ref text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, payment_id) REFERENCES payments (tenant_id, id),
        CONSTRAINT payment_operations_idempotency_key UNIQUE (tenant_id, idempotency_key)
      )`);
    await queryRunner.query('CREATE INDEX payment_operations_payment ON payment_operations (tenant_id, payment_id, seq)');
    await queryRunner.query(`CREATE INDEX payment_operations_open ON payment_operations (tenant_id, created_at) WHERE status IN ('PENDING', 'UNKNOWN')`);
    // A payment is voided once: at most one void in flight or done.
    await queryRunner.query(`CREATE UNIQUE INDEX payment_operations_one_void ON payment_operations (tenant_id, payment_id) WHERE kind = 'VOID' AND status <> 'FAILED'`);
    await queryRunner.query(`
      CREATE TABLE payment_operation_transitions (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        operation_id uuid NOT NULL,
        from_status text,
        to_status text NOT NULL,
        actor text NOT NULL,
        reason text NOT NULL,
        processor_ref text,
        occurred_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, operation_id) REFERENCES payment_operations (tenant_id, id)
      )`);
    await queryRunner.query('CREATE INDEX payment_operation_transitions_operation ON payment_operation_transitions (tenant_id, operation_id, seq)');
    // What payments a payable has in flight (the amount-owed check).
    await queryRunner.query('CREATE INDEX payment_lines_payable ON payment_lines (tenant_id, payable_id) WHERE payable_id IS NOT NULL');

    // The owner is subject to its own row-level security (FORCE): lift it while rows of every city are carried over.
    await queryRunner.query('ALTER TABLE payment_refunds NO FORCE ROW LEVEL SECURITY');
    await queryRunner.query('ALTER TABLE payments NO FORCE ROW LEVEL SECURITY');
    await queryRunner.query(`
      INSERT INTO payment_operations (tenant_id, id, payment_id, kind, idempotency_key, processor_key, amount_cents, reason, actor, status, processor_ref, created_at, updated_at)
      SELECT tenant_id, id, payment_id, 'REFUND', idempotency_key, 'refund-' || id, amount_cents, reason, actor, status, processor_refund_id, created_at, updated_at FROM payment_refunds`);
    await queryRunner.query(`
      INSERT INTO payment_operations (tenant_id, id, payment_id, kind, idempotency_key, processor_key, amount_cents, reason, actor, status, processor_ref, created_at, updated_at)
      SELECT tenant_id, gen_random_uuid(), id, 'VOID', 'void-' || id, 'void-' || id, total_cents, 'void requested', 'system', 'PENDING', NULL, void_requested_at, void_requested_at
        FROM payments WHERE void_requested_at IS NOT NULL AND status IN ('CAPTURED', 'AUTHORIZED')`);
    await queryRunner.query(`
      INSERT INTO payment_operation_transitions (tenant_id, id, operation_id, from_status, to_status, actor, reason, processor_ref, occurred_at)
      SELECT tenant_id, gen_random_uuid(), id, NULL, status, actor, 'carried over', processor_ref, updated_at FROM payment_operations`);
    await queryRunner.query('DROP TABLE payment_refunds');
    await queryRunner.query('ALTER TABLE payments DROP COLUMN void_requested_at');
    await queryRunner.query('ALTER TABLE payments FORCE ROW LEVEL SECURITY');

    for (const table of ['payment_operations', 'payment_operation_transitions']) await enableTenantRowLevelSecurity(queryRunner, table);
    await makeAppendOnly(queryRunner, 'payment_operation_transitions');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['payments', 'payment_operations']) await queryRunner.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
    await queryRunner.query('ALTER TABLE payments ADD COLUMN void_requested_at timestamptz');
    await queryRunner.query(`
      UPDATE payments p SET void_requested_at = o.created_at FROM payment_operations o
       WHERE o.tenant_id = p.tenant_id AND o.payment_id = p.id AND o.kind = 'VOID' AND o.status IN ('PENDING', 'UNKNOWN')`);
    await queryRunner.query(`
      CREATE TABLE payment_refunds (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        payment_id uuid NOT NULL,
        idempotency_key text NOT NULL,
        amount_cents bigint NOT NULL CHECK (amount_cents > 0),
        reason text NOT NULL,
        actor text NOT NULL,
        status text NOT NULL CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED', 'UNKNOWN')),
        processor_refund_id text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, payment_id) REFERENCES payments (tenant_id, id),
        CONSTRAINT payment_refunds_idempotency_key UNIQUE (tenant_id, idempotency_key)
      )`);
    await queryRunner.query(`
      INSERT INTO payment_refunds SELECT tenant_id, id, payment_id, idempotency_key, amount_cents, reason, actor, status, processor_ref, created_at, updated_at
        FROM payment_operations WHERE kind = 'REFUND'`);
    await enableTenantRowLevelSecurity(queryRunner, 'payment_refunds');
    await queryRunner.query('ALTER TABLE payments FORCE ROW LEVEL SECURITY');
    await queryRunner.query('DROP INDEX payment_lines_payable');
    await queryRunner.query('DROP TABLE payment_operation_transitions');
    await queryRunner.query('DROP TABLE payment_operations');
  }
}
