import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An import remembers the content hash of its batch, so the same batch sent
 * again is answered "already imported" from this row instead of being
 * checked and staged row by row again. Older imports have none.
 */
export class BillImportContentHash1763801000500 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE bill_imports ADD COLUMN content_hash text');
    await queryRunner.query('CREATE INDEX bill_imports_content_hash ON bill_imports (tenant_id, content_hash) WHERE content_hash IS NOT NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX bill_imports_content_hash');
    await queryRunner.query('ALTER TABLE bill_imports DROP COLUMN content_hash');
  }
}
