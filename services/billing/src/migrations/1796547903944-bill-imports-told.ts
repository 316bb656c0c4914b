import type { MigrationInterface, QueryRunner } from 'typeorm';
import { acrossCities, enableTenantRowLevelSecurity, makeAppendOnly } from '@platform/db';

/**
 * An import whose bills the residents holding its accounts were told of has a row here (bills-to-tell.ts): the
 * new-bill notices' job takes the imports without one, oldest first, and adds it in the transaction that queues their
 * notices, so an import is told of once, whatever the job's retries. A table of its own: bill_imports is append-only.
 *
 * The imports made before this migration count as told (at this migration): their bills went out on paper, and a
 * platform upgraded mid-month must not email a city's households its whole history.
 *
 * An import's bills are found by their `import_id`, which had no index: one, with an import's bills side by side.
 */
export class BillImportsTold1796547903944 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE bill_imports_told (
        tenant_id uuid NOT NULL,
        import_id uuid NOT NULL,
        told_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, import_id),
        FOREIGN KEY (tenant_id, import_id) REFERENCES bill_imports (tenant_id, id)
      )`);
    await enableTenantRowLevelSecurity(queryRunner, 'bill_imports_told');
    await makeAppendOnly(queryRunner, 'bill_imports_told');
    await acrossCities(queryRunner, ['bill_imports', 'bill_imports_told'], () =>
      queryRunner.query('INSERT INTO bill_imports_told (tenant_id, import_id, told_at) SELECT tenant_id, id, now() FROM bill_imports'),
    );
    await queryRunner.query('CREATE INDEX payables_import ON payables (tenant_id, import_id) WHERE import_id IS NOT NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX payables_import');
    await queryRunner.query('DROP TABLE bill_imports_told');
  }
}
