import { enableTenantRowLevelSecurity } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRateLimitBuckets1763800150000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE rate_limit_buckets (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        bucket_key text NOT NULL,
        hits integer NOT NULL,
        window_ends_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, bucket_key)
      )`);
    await enableTenantRowLevelSecurity(queryRunner, 'rate_limit_buckets');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE rate_limit_buckets');
  }
}
