import { enableTenantRowLevelSecurity, makeAppendOnly } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateEvents1763800050000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE events (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        cursor bigint GENERATED ALWAYS AS IDENTITY,
        type text NOT NULL,
        subject_id uuid NOT NULL,
        payload jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, cursor)
      )`);
    await enableTenantRowLevelSecurity(queryRunner, 'events');
    await makeAppendOnly(queryRunner, 'events');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE events');
  }
}
