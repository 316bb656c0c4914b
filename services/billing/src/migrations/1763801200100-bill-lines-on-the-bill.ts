import type { MigrationInterface, QueryRunner } from 'typeorm';
import { BillImportIdsFromTheBatch1763801100500 } from './1763801100500-bill-import-ids-from-the-batch';
import { acrossCities, enableTenantRowLevelSecurity } from '@platform/db';

/**
 * A bill's lines (water, sewer, trash...) become three arrays of the bill's
 * own row, in line order, instead of a table of their own.
 *
 * Lines are written once, with their bill, and only ever read with it: no
 * query looks for a line on its own, and bills are never altered. As rows
 * they were three fifths of the rows a bill import writes (300,000 of
 * 500,000 for 100,000 bills), each with an index entry: measured on that
 * import, 40% of the insert's time and 77 MB of its 200 MB of WAL. On the
 * bill's row they add about 60 bytes to it and nothing to its indexes, and
 * reading an account's bills is one statement instead of two.
 *
 * The arrays keep what the table's columns and checks promised: one
 * category, description and amount per line, categories from the list,
 * amounts positive. Amounts are bigint cents, as everywhere. Each array
 * starts at 1, so line n is [n] in every one of them.
 */
export class BillLinesOnTheBill1763801200100 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE payables
        ADD COLUMN line_categories text[] NOT NULL DEFAULT '{}',
        ADD COLUMN line_descriptions text[] NOT NULL DEFAULT '{}',
        ADD COLUMN line_amounts_cents bigint[] NOT NULL DEFAULT '{}'`);
    await acrossCities(queryRunner, ['payables', 'payable_lines'], () =>
      queryRunner.query(`
      UPDATE payables p
         SET line_categories = l.categories, line_descriptions = l.descriptions, line_amounts_cents = l.amounts
        FROM (SELECT tenant_id, payable_id, array_agg(category ORDER BY line_no) AS categories,
                     array_agg(description ORDER BY line_no) AS descriptions, array_agg(amount_cents ORDER BY line_no) AS amounts
                FROM payable_lines GROUP BY tenant_id, payable_id) l
       WHERE (p.tenant_id, p.id) = (l.tenant_id, l.payable_id)`),
    );
    await queryRunner.query(`
      ALTER TABLE payables
        ALTER COLUMN line_categories DROP DEFAULT,
        ALTER COLUMN line_descriptions DROP DEFAULT,
        ALTER COLUMN line_amounts_cents DROP DEFAULT,
        ADD CONSTRAINT payables_lines_shape CHECK (
          coalesce(array_ndims(line_categories), 1) = 1 AND coalesce(array_ndims(line_descriptions), 1) = 1 AND coalesce(array_ndims(line_amounts_cents), 1) = 1
          AND coalesce(array_lower(line_categories, 1), 1) = 1 AND coalesce(array_lower(line_descriptions, 1), 1) = 1 AND coalesce(array_lower(line_amounts_cents, 1), 1) = 1
          AND cardinality(line_categories) = cardinality(line_descriptions)
          AND cardinality(line_categories) = cardinality(line_amounts_cents)),
        ADD CONSTRAINT payables_line_categories CHECK (line_categories <@ ARRAY['WATER', 'SEWER', 'TRASH', 'FEES', 'OTHER']),
        -- IS TRUE: a NULL element makes the comparison NULL, which a plain CHECK lets through.
        ADD CONSTRAINT payables_line_descriptions CHECK (('' <= ALL (line_descriptions)) IS TRUE),
        ADD CONSTRAINT payables_line_amounts CHECK ((0 < ALL (line_amounts_cents)) IS TRUE)`);
    await queryRunner.query('DROP TABLE payable_lines');

    // The import stages each bill's lines with the bill, as the arrays the insert copies to it.
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION billing_open_import_staging() RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = pg_catalog, public, pg_temp
      AS $$
      BEGIN
        CREATE TEMPORARY TABLE bill_import_staging (
          line int NOT NULL, payable_id uuid NOT NULL, ledger_entry_id uuid NOT NULL, account_key text NOT NULL, kind text NOT NULL,
          reference_number text NOT NULL, reference_key text NOT NULL, description text,
          period_start date, period_end date, issue_date date NOT NULL, due_date date NOT NULL, total_cents bigint NOT NULL,
          line_categories text[] NOT NULL, line_descriptions text[] NOT NULL, line_amounts_cents bigint[] NOT NULL
        ) ON COMMIT DROP;
        -- To PUBLIC, which opens nothing: no other session can read a temporary table, and it is gone at commit.
        -- MAINTAIN lets the caller ANALYZE it once filled.
        GRANT SELECT, INSERT, MAINTAIN ON pg_temp.bill_import_staging TO PUBLIC;
      END $$`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION billing_insert_staged_bills(batch_id uuid, batch_time timestamptz, batch_actor text) RETURNS integer
        LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = pg_catalog, public, pg_temp
        SET session_replication_role = replica
      AS $$
      DECLARE
        batch_tenant uuid := NULLIF(current_setting('app.tenant_id', true), '')::uuid;
        inserted_count integer;
      BEGIN
        IF to_regclass('pg_temp.bill_import_staging') IS NULL
           OR (SELECT c.relowner <> (SELECT r.oid FROM pg_roles r WHERE r.rolname = current_user) OR c.relkind <> 'r'
                 FROM pg_class c WHERE c.oid = to_regclass('pg_temp.bill_import_staging')) THEN
          RAISE EXCEPTION 'the staging tables are not the ones billing_open_import_staging made' USING ERRCODE = 'insufficient_privilege';
        END IF;
        PERFORM 1 FROM bill_imports b WHERE b.id = batch_id FOR KEY SHARE;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'bill import % does not exist', batch_id USING ERRCODE = 'foreign_key_violation';
        END IF;

        WITH fresh AS (
          SELECT x.* FROM pg_temp.bill_import_staging x
           WHERE NOT EXISTS (SELECT 1 FROM payables p WHERE p.kind = x.kind AND p.reference_key = x.reference_key)),
        accounts AS (
          SELECT a.id, a.account_key FROM service_accounts a WHERE a.account_key IN (SELECT f.account_key FROM fresh f) ORDER BY a.id FOR KEY SHARE),
        new_bills AS (
          SELECT x.*, a.id AS service_account_id FROM fresh x JOIN accounts a ON a.account_key = x.account_key),
        inserted AS (
          INSERT INTO payables (tenant_id, id, service_account_id, kind, reference_number, reference_key, description,
                                period_start, period_end, issue_date, due_date, total_cents, import_id, created_at,
                                line_categories, line_descriptions, line_amounts_cents)
          SELECT batch_tenant, x.payable_id, x.service_account_id, x.kind, x.reference_number, x.reference_key, x.description,
                 x.period_start, x.period_end, x.issue_date, x.due_date, x.total_cents, batch_id, batch_time,
                 x.line_categories, x.line_descriptions, x.line_amounts_cents
            FROM new_bills x
          RETURNING 1),
        ledger AS (
          INSERT INTO ledger_entries (tenant_id, id, service_account_id, kind, amount_cents, effective_date, due_date, payable_id, source_id, recorded_at, recorded_by)
          SELECT batch_tenant, x.ledger_entry_id, x.service_account_id, 'BILL_ISSUED', x.total_cents, x.issue_date, x.due_date, x.payable_id, x.payable_id, batch_time, batch_actor
            FROM new_bills x
           ORDER BY x.ledger_entry_id)
        SELECT count(*)::int INTO inserted_count FROM inserted;
        RETURN inserted_count;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE payable_lines (
        tenant_id uuid NOT NULL,
        payable_id uuid NOT NULL,
        line_no smallint NOT NULL,
        category text NOT NULL CHECK (category IN ('WATER', 'SEWER', 'TRASH', 'FEES', 'OTHER')),
        description text NOT NULL,
        amount_cents bigint NOT NULL CHECK (amount_cents > 0),
        PRIMARY KEY (tenant_id, payable_id, line_no),
        FOREIGN KEY (tenant_id, payable_id) REFERENCES payables (tenant_id, id)
      )`);
    await enableTenantRowLevelSecurity(queryRunner, 'payable_lines');
    await acrossCities(queryRunner, ['payables', 'payable_lines'], () =>
      queryRunner.query(`
      INSERT INTO payable_lines (tenant_id, payable_id, line_no, category, description, amount_cents)
      SELECT p.tenant_id, p.id, l.n, l.category, l.description, l.amount_cents
        FROM payables p, unnest(p.line_categories, p.line_descriptions, p.line_amounts_cents) WITH ORDINALITY AS l (category, description, amount_cents, n)`),
    );
    await queryRunner.query(
      'ALTER TABLE payables DROP CONSTRAINT payables_lines_shape, DROP CONSTRAINT payables_line_categories, DROP CONSTRAINT payables_line_descriptions, DROP CONSTRAINT payables_line_amounts',
    );
    await queryRunner.query('ALTER TABLE payables DROP COLUMN line_categories, DROP COLUMN line_descriptions, DROP COLUMN line_amounts_cents');
    await new BillImportIdsFromTheBatch1763801100500().up(queryRunner);
  }
}
