import { enableTenantRowLevelSecurity } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePhoneCalls1763800900200 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE phone_calls (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        call_sid text NOT NULL CHECK (call_sid ~ '^[A-Za-z0-9]{2,64}$'),
        started_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        locale text NOT NULL,
        step text NOT NULL,
        seq integer NOT NULL CHECK (seq > 0),
        state jsonb,
        last_twiml text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('IN_PROGRESS', 'PAID', 'TRANSFERRED', 'VERIFICATION_FAILED', 'ENDED', 'ABANDONED')),
        ended_at_step text,
        payment_id uuid,
        paid_cents bigint CHECK (paid_cents > 0),
        ended_at timestamptz,
        PRIMARY KEY (tenant_id, call_sid),
        CHECK ((outcome = 'PAID') = (payment_id IS NOT NULL AND paid_cents IS NOT NULL))
      )`);
    await queryRunner.query('CREATE INDEX phone_calls_started ON phone_calls (tenant_id, started_at)');
    await queryRunner.query(`CREATE INDEX phone_calls_live ON phone_calls (tenant_id, expires_at) WHERE state IS NOT NULL`);
    await enableTenantRowLevelSecurity(queryRunner, 'phone_calls');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE phone_calls');
  }
}
