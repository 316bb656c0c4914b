import { enableTenantRowLevelSecurity, makeAppendOnly } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['payments', 'payment_lines', 'payment_transitions', 'payment_refunds', 'saved_payment_methods', 'processor_profiles', 'bank_accounts'];

export class CreatePayments1763800500000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE payments (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        confirmation_number text NOT NULL,
        idempotency_key text NOT NULL,
        request_hash text NOT NULL,
        payer_user_id uuid,
        payer_email text,
        payer_locale text NOT NULL,
        method_kind text NOT NULL CHECK (method_kind IN ('CARD', 'BANK_ACCOUNT')),
        method_brand text,
        method_last4 text NOT NULL CHECK (method_last4 ~ '^[0-9]{4}$'),
        method_fingerprint text NOT NULL,
        saved_method_id uuid,
        amount_cents bigint NOT NULL CHECK (amount_cents > 0),
        fee_cents bigint NOT NULL CHECK (fee_cents >= 0),
        total_cents bigint NOT NULL CHECK (total_cents = amount_cents + fee_cents),
        refunded_cents bigint NOT NULL DEFAULT 0 CHECK (refunded_cents >= 0 AND refunded_cents <= total_cents),
        status text NOT NULL CHECK (status IN ('PENDING', 'AUTHORIZED', 'CAPTURED', 'POSTED', 'DECLINED', 'FAILED', 'VOIDED', 'PARTIALLY_REFUNDED', 'REFUNDED', 'RETURNED', 'UNKNOWN')),
        decline_code text,
        processor_charge_id text,
        return_code text,
        expected_posting_date date NOT NULL,
        made_at timestamptz NOT NULL,
        posted_at timestamptz,
        settled_at timestamptz,
        -- Staff asked the processor to void it: posting and refunds wait until the answer is known.
        void_requested_at timestamptz,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id),
        CONSTRAINT payments_idempotency_key UNIQUE (tenant_id, idempotency_key),
        CONSTRAINT payments_confirmation_number UNIQUE (tenant_id, confirmation_number)
      )`);
    await queryRunner.query('CREATE INDEX payments_recent ON payments (tenant_id, made_at DESC, id DESC)');
    await queryRunner.query('CREATE INDEX payments_payer ON payments (tenant_id, payer_user_id, made_at DESC) WHERE payer_user_id IS NOT NULL');
    await queryRunner.query(`CREATE INDEX payments_to_post ON payments (tenant_id, expected_posting_date) WHERE status IN ('CAPTURED', 'AUTHORIZED')`);
    await queryRunner.query(`CREATE INDEX payments_unsettled ON payments (tenant_id, status) WHERE status IN ('PENDING', 'UNKNOWN') OR (method_kind = 'BANK_ACCOUNT' AND settled_at IS NULL)`);

    await queryRunner.query(`
      CREATE TABLE payment_lines (
        tenant_id uuid NOT NULL,
        payment_id uuid NOT NULL,
        line_no smallint NOT NULL,
        service_account_id uuid NOT NULL,
        payable_id uuid,
        amount_cents bigint NOT NULL CHECK (amount_cents > 0),
        PRIMARY KEY (tenant_id, payment_id, line_no),
        FOREIGN KEY (tenant_id, payment_id) REFERENCES payments (tenant_id, id)
      )`);
    await queryRunner.query('CREATE INDEX payment_lines_account ON payment_lines (tenant_id, service_account_id)');

    await queryRunner.query(`
      CREATE TABLE payment_transitions (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        payment_id uuid NOT NULL,
        from_status text,
        to_status text NOT NULL,
        actor text NOT NULL,
        reason text NOT NULL,
        processor_ref text,
        occurred_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, payment_id) REFERENCES payments (tenant_id, id)
      )`);
    await queryRunner.query('CREATE INDEX payment_transitions_payment ON payment_transitions (tenant_id, payment_id, seq)');

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
      CREATE TABLE processor_profiles (
        tenant_id uuid NOT NULL,
        user_id uuid NOT NULL,
        profile_id text NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, user_id)
      )`);

    await queryRunner.query(`
      CREATE TABLE saved_payment_methods (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        user_id uuid NOT NULL,
        processor_profile_id text NOT NULL,
        processor_method_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('CARD', 'BANK_ACCOUNT')),
        brand text,
        last4 text NOT NULL CHECK (last4 ~ '^[0-9]{4}$'),
        exp_month smallint,
        exp_year smallint,
        holder_name text,
        fingerprint text NOT NULL,
        created_at timestamptz NOT NULL,
        removed_at timestamptz,
        PRIMARY KEY (tenant_id, id)
      )`);
    await queryRunner.query('CREATE INDEX saved_payment_methods_user ON saved_payment_methods (tenant_id, user_id) WHERE removed_at IS NULL');
    // A processor method is in one wallet once: a double-submitted save returns the first row.
    await queryRunner.query('CREATE UNIQUE INDEX saved_payment_methods_method ON saved_payment_methods (tenant_id, processor_method_id) WHERE removed_at IS NULL');

    await queryRunner.query(`
      CREATE TABLE bank_accounts (
        tenant_id uuid NOT NULL,
        fingerprint text NOT NULL,
        status text NOT NULL CHECK (status IN ('VERIFIED', 'BLOCKED')),
        reason text,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, fingerprint)
      )`);

    for (const table of TABLES) await enableTenantRowLevelSecurity(queryRunner, table);
    await makeAppendOnly(queryRunner, 'payment_transitions');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) await queryRunner.query(`DROP TABLE ${table}`);
  }
}
