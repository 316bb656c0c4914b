import { enableTenantRowLevelSecurity } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAccountLinks1763800400000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE account_links (
        tenant_id uuid NOT NULL,
        user_id uuid NOT NULL,
        service_account_id uuid NOT NULL,
        linked_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, user_id, service_account_id),
        FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
      )`);
    await queryRunner.query('CREATE INDEX account_links_account ON account_links (tenant_id, service_account_id)');
    await enableTenantRowLevelSecurity(queryRunner, 'account_links');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE account_links');
  }
}
