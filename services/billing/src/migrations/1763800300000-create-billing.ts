import { enableTenantRowLevelSecurity, makeAppendOnly } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['service_accounts', 'payables', 'payable_lines', 'ledger_entries', 'payment_allocations', 'account_status_changes', 'bill_imports'];

export class CreateBilling1763800300000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE service_accounts (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        account_number text NOT NULL CHECK (length(account_number) BETWEEN 1 AND 40),
        -- What look-ups match on: the number without spaces or dashes, upper case.
        account_key text NOT NULL CHECK (account_key ~ '^[A-Z0-9]{1,32}$'),
        customer_name text NOT NULL,
        address_line1 text NOT NULL,
        address_line2 text,
        city text NOT NULL,
        region text NOT NULL,
        postal_code text NOT NULL,
        status text NOT NULL CHECK (status IN ('ACTIVE', 'DISCONNECT_ELIGIBLE', 'DISCONNECTED', 'RESTORATION_PENDING', 'CLOSED')),
        opened_on date NOT NULL,
        closed_on date,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id),
        CONSTRAINT service_accounts_key UNIQUE (tenant_id, account_key)
      )`);
    await queryRunner.query('CREATE INDEX service_accounts_status ON service_accounts (tenant_id, status)');

    await queryRunner.query(`
      CREATE TABLE bill_imports (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        source text NOT NULL CHECK (source IN ('CSV', 'API', 'CLI', 'SEED')),
        rows_received integer NOT NULL,
        rows_imported integer NOT NULL,
        rows_already_imported integer NOT NULL,
        actor text NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id)
      )`);

    await queryRunner.query(`
      CREATE TABLE payables (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        service_account_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('UTILITY_BILL', 'CITATION', 'OTHER')),
        reference_number text NOT NULL,
        reference_key text NOT NULL,
        description text,
        period_start date,
        period_end date,
        issue_date date NOT NULL,
        due_date date NOT NULL,
        total_cents bigint NOT NULL CHECK (total_cents > 0),
        import_id uuid,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, service_account_id) REFERENCES service_accounts (tenant_id, id),
        FOREIGN KEY (tenant_id, import_id) REFERENCES bill_imports (tenant_id, id),
        CONSTRAINT payables_reference UNIQUE (tenant_id, kind, reference_key),
        CHECK (due_date >= issue_date),
        CHECK (period_end IS NULL OR period_start IS NULL OR period_end >= period_start)
      )`);
    await queryRunner.query('CREATE INDEX payables_account ON payables (tenant_id, service_account_id, due_date DESC)');

    await queryRunner.query(`
      CREATE TABLE payable_lines (
        tenant_id uuid NOT NULL,
        payable_id uuid NOT NULL,
        line_no smallint NOT NULL,
        category text NOT NULL CHECK (category IN ('WATER', 'SEWER', 'TRASH', 'FEES', 'OTHER')),
        description text NOT NULL,
        amount_cents bigint NOT NULL CHECK (amount_cents > 0),
        PRIMARY KEY (tenant_id, payable_id, line_no),
        FOREIGN KEY (tenant_id, payable_id) REFERENCES payables (tenant_id, id)
      )`);

    await queryRunner.query(`
      CREATE TABLE ledger_entries (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        service_account_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('BILL_ISSUED', 'PAYMENT_POSTED', 'PAYMENT_REVERSED', 'REFUND', 'FEE', 'ADJUSTMENT')),
        amount_cents bigint NOT NULL CHECK (amount_cents <> 0),
        effective_date date NOT NULL,
        due_date date,
        payable_id uuid,
        payment_id uuid,
        -- The bill, payment or refund the entry records; one entry per kind and source, so a retry cannot double it.
        source_id uuid,
        memo text,
        recorded_at timestamptz NOT NULL,
        recorded_by text NOT NULL,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, service_account_id) REFERENCES service_accounts (tenant_id, id),
        FOREIGN KEY (tenant_id, payable_id) REFERENCES payables (tenant_id, id),
        CHECK (kind NOT IN ('BILL_ISSUED', 'PAYMENT_REVERSED', 'REFUND', 'FEE') OR amount_cents > 0),
        CHECK (kind <> 'PAYMENT_POSTED' OR amount_cents < 0)
      )`);
    await queryRunner.query('CREATE INDEX ledger_entries_account ON ledger_entries (tenant_id, service_account_id, seq)');
    await queryRunner.query('CREATE UNIQUE INDEX ledger_entries_source ON ledger_entries (tenant_id, service_account_id, kind, source_id) WHERE source_id IS NOT NULL');

    await queryRunner.query(`
      CREATE TABLE payment_allocations (
        tenant_id uuid NOT NULL,
        payment_id uuid NOT NULL,
        service_account_id uuid NOT NULL,
        payable_id uuid,
        amount_cents bigint NOT NULL CHECK (amount_cents > 0),
        status text NOT NULL CHECK (status IN ('PENDING', 'POSTED', 'CANCELLED', 'REVERSED')),
        made_at timestamptz NOT NULL,
        expected_posting_date date NOT NULL,
        settled_at timestamptz,
        PRIMARY KEY (tenant_id, payment_id, service_account_id),
        FOREIGN KEY (tenant_id, service_account_id) REFERENCES service_accounts (tenant_id, id),
        FOREIGN KEY (tenant_id, payable_id) REFERENCES payables (tenant_id, id)
      )`);
    await queryRunner.query("CREATE INDEX payment_allocations_pending ON payment_allocations (tenant_id, service_account_id) WHERE status = 'PENDING'");

    await queryRunner.query(`
      CREATE TABLE account_status_changes (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        service_account_id uuid NOT NULL,
        from_status text,
        to_status text NOT NULL,
        reason text NOT NULL,
        actor text NOT NULL,
        occurred_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, service_account_id) REFERENCES service_accounts (tenant_id, id)
      )`);
    await queryRunner.query('CREATE INDEX account_status_changes_account ON account_status_changes (tenant_id, service_account_id, seq)');

    for (const table of TABLES) await enableTenantRowLevelSecurity(queryRunner, table);
    for (const table of ['ledger_entries', 'account_status_changes', 'bill_imports']) await makeAppendOnly(queryRunner, table);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) await queryRunner.query(`DROP TABLE ${table}`);
  }
}
