import { enableTenantRowLevelSecurity, makeAppendOnly } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSecurityEvents1763800160000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    // Databases made before the log moved here got the table from the customers service's first migration: nothing to do.
    if (await queryRunner.hasTable('security_events')) return;
    await queryRunner.query(`
      CREATE TABLE security_events (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        occurred_at timestamptz NOT NULL,
        kind text NOT NULL,
        user_id uuid,
        actor text NOT NULL,
        client_ip text NOT NULL,
        detail jsonb NOT NULL,
        PRIMARY KEY (tenant_id, id)
      )`);
    await queryRunner.query('CREATE INDEX security_events_recent ON security_events (tenant_id, occurred_at DESC, id DESC)');
    await enableTenantRowLevelSecurity(queryRunner, 'security_events');
    await makeAppendOnly(queryRunner, 'security_events');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE security_events');
  }
}
