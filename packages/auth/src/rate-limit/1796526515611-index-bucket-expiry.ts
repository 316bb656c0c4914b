import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Buckets by when their window ends, per city: the expiry job (customers.rate-limit-cleanup) deletes ended ones in batches without reading the whole table. */
export class IndexBucketExpiry1796526515611 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX rate_limit_buckets_window_ends_at ON rate_limit_buckets (tenant_id, window_ends_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX rate_limit_buckets_window_ends_at');
  }
}
