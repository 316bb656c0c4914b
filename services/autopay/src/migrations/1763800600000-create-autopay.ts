import { enableTenantRowLevelSecurity, makeAppendOnly } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['autopay_enrollments', 'autopay_runs', 'autopay_deductions', 'autopay_outcomes', 'autopay_notices'];
const CYCLE = `'^[0-9]{4}-(0[1-9]|1[0-2])$'`;

export class CreateAutopay1763800600000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE autopay_enrollments (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        service_account_id uuid NOT NULL,
        user_id uuid NOT NULL,
        saved_method_id uuid NOT NULL,
        max_amount_cents bigint CHECK (max_amount_cents >= 0),
        status text NOT NULL CHECK (status IN ('ENROLLED', 'SUSPENDED', 'CANCELLED')),
        suspension_reason text CHECK ((status = 'SUSPENDED') = (suspension_reason IS NOT NULL)),
        first_cycle text NOT NULL CHECK (first_cycle ~ ${CYCLE}),
        enrolled_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, service_account_id)
      )`);
    await queryRunner.query('CREATE INDEX autopay_enrollments_status ON autopay_enrollments (tenant_id, status, service_account_id)');

    await queryRunner.query(`
      CREATE TABLE autopay_runs (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        run_date date NOT NULL,
        trigger text NOT NULL CHECK (trigger IN ('SCHEDULE', 'STAFF', 'CLI')),
        actor text NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        PRIMARY KEY (tenant_id, id)
      )`);
    await queryRunner.query('CREATE INDEX autopay_runs_recent ON autopay_runs (tenant_id, started_at DESC, id DESC)');

    await queryRunner.query(`
      CREATE TABLE autopay_deductions (
        tenant_id uuid NOT NULL,
        service_account_id uuid NOT NULL,
        cycle text NOT NULL CHECK (cycle ~ ${CYCLE}),
        deduction_date date NOT NULL,
        status text NOT NULL CHECK (status IN ('CHARGING', 'CHARGED', 'RETRY_SCHEDULED', 'SKIPPED', 'SUSPENDED')),
        attempts smallint NOT NULL CHECK (attempts >= 0),
        first_attempted_on date,
        user_id uuid,
        saved_method_id uuid,
        amount_cents bigint CHECK (amount_cents > 0),
        payment_id uuid,
        next_attempt_on date,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, service_account_id, cycle),
        FOREIGN KEY (tenant_id, service_account_id) REFERENCES autopay_enrollments (tenant_id, service_account_id),
        CHECK ((status = 'RETRY_SCHEDULED') = (next_attempt_on IS NOT NULL)),
        CHECK (status <> 'CHARGING' OR (attempts > 0 AND user_id IS NOT NULL AND saved_method_id IS NOT NULL AND amount_cents IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX autopay_deductions_open ON autopay_deductions (tenant_id, service_account_id) WHERE status IN ('CHARGING', 'RETRY_SCHEDULED')`);

    await queryRunner.query(`
      CREATE TABLE autopay_outcomes (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        run_id uuid NOT NULL,
        service_account_id uuid NOT NULL,
        cycle text NOT NULL CHECK (cycle ~ ${CYCLE}),
        attempt smallint NOT NULL CHECK (attempt >= 0),
        kind text NOT NULL CHECK (kind IN ('CHARGED', 'FAILED', 'SUSPENDED', 'SKIPPED', 'AWAITING_PROCESSOR')),
        reason text,
        amount_cents bigint CHECK (amount_cents > 0),
        payment_id uuid,
        next_attempt_on date,
        occurred_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, run_id) REFERENCES autopay_runs (tenant_id, id)
      )`);
    await queryRunner.query('CREATE INDEX autopay_outcomes_run ON autopay_outcomes (tenant_id, run_id, seq)');

    // Which reminders and card-expiry notices went out, so each is sent once per account and cycle.
    await queryRunner.query(`
      CREATE TABLE autopay_notices (
        tenant_id uuid NOT NULL,
        service_account_id uuid NOT NULL,
        cycle text NOT NULL CHECK (cycle ~ ${CYCLE}),
        kind text NOT NULL CHECK (kind IN ('REMINDER', 'CARD_EXPIRING')),
        sent_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, service_account_id, cycle, kind),
        FOREIGN KEY (tenant_id, service_account_id) REFERENCES autopay_enrollments (tenant_id, service_account_id)
      )`);

    for (const table of TABLES) await enableTenantRowLevelSecurity(queryRunner, table);
    for (const table of ['autopay_outcomes', 'autopay_notices']) await makeAppendOnly(queryRunner, table);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['autopay_notices', 'autopay_outcomes', 'autopay_deductions', 'autopay_runs', 'autopay_enrollments']) await queryRunner.query(`DROP TABLE ${table}`);
  }
}
