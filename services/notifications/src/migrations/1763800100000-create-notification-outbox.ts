import { enableTenantRowLevelSecurity } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateNotificationOutbox1763800100000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE notification_outbox (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        created_at timestamptz NOT NULL,
        channel text NOT NULL CHECK (channel IN ('EMAIL')),
        recipient text NOT NULL,
        locale text NOT NULL,
        template text NOT NULL,
        data jsonb NOT NULL,
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT', 'FAILED')),
        sent_at timestamptz,
        PRIMARY KEY (tenant_id, id)
      )`);
    await queryRunner.query(`CREATE INDEX notification_outbox_pending ON notification_outbox (tenant_id, created_at) WHERE status = 'PENDING'`);
    await enableTenantRowLevelSecurity(queryRunner, 'notification_outbox');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE notification_outbox');
  }
}
