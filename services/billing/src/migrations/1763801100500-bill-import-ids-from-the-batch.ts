import type { MigrationInterface, QueryRunner } from 'typeorm';
import { InsertStagedBillsInBulk1763801100200 } from './1763801100200-insert-staged-bills-in-bulk';

/**
 * The bill import's staging tables carry the ids of the rows it will add
 * (made by the importer, see timeOrderedUuids), and the insert writes each
 * table from the staged bills directly.
 *
 * Measured on 100,000 bills: the server's uuidv7() for every payable and
 * ledger entry, and the joins and sorts that carried the new payables' ids
 * from the payables insert to the ledger and lines inserts, were about a
 * quarter of the insert's time.
 *
 * The ledger and lines inserts read the same bills as the payables insert
 * (the CTE new_bills, computed once), not its RETURNING: that insert has no
 * ON CONFLICT, so it adds every one of those bills or fails the statement,
 * and the three tables always get the same bills. Everything else is as
 * InsertStagedBillsInBulk1763801100200 says (owner's staging tables, key
 * checks once per batch, pg_temp last in the search path).
 */
export class BillImportIdsFromTheBatch1763801100500 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION billing_open_import_staging() RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = pg_catalog, public, pg_temp
      AS $$
      BEGIN
        CREATE TEMPORARY TABLE bill_import_staging (
          line int NOT NULL, payable_id uuid NOT NULL, ledger_entry_id uuid NOT NULL, account_key text NOT NULL, kind text NOT NULL,
          reference_number text NOT NULL, reference_key text NOT NULL, description text,
          period_start date, period_end date, issue_date date NOT NULL, due_date date NOT NULL, total_cents bigint NOT NULL
        ) ON COMMIT DROP;
        CREATE TEMPORARY TABLE bill_import_staging_lines (
          payable_id uuid NOT NULL, line_no smallint NOT NULL, category text NOT NULL, description text NOT NULL, amount_cents bigint NOT NULL
        ) ON COMMIT DROP;
        -- To PUBLIC, which opens nothing: no other session can read a temporary table, and these are gone at commit.
        -- MAINTAIN lets the caller ANALYZE them once filled.
        GRANT SELECT, INSERT, MAINTAIN ON pg_temp.bill_import_staging, pg_temp.bill_import_staging_lines TO PUBLIC;
      END $$`);
    // The ledger's entries in file order (their seq orders an account's history); the other tables need none.
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
        IF EXISTS (SELECT 1 FROM unnest(ARRAY['pg_temp.bill_import_staging', 'pg_temp.bill_import_staging_lines']) AS t (name)
                    WHERE to_regclass(t.name) IS NULL
                       OR (SELECT c.relowner <> (SELECT r.oid FROM pg_roles r WHERE r.rolname = current_user) OR c.relkind <> 'r'
                             FROM pg_class c WHERE c.oid = to_regclass(t.name))) THEN
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
                                period_start, period_end, issue_date, due_date, total_cents, import_id, created_at)
          SELECT batch_tenant, x.payable_id, x.service_account_id, x.kind, x.reference_number, x.reference_key, x.description,
                 x.period_start, x.period_end, x.issue_date, x.due_date, x.total_cents, batch_id, batch_time
            FROM new_bills x
          RETURNING 1),
        ledger AS (
          INSERT INTO ledger_entries (tenant_id, id, service_account_id, kind, amount_cents, effective_date, due_date, payable_id, source_id, recorded_at, recorded_by)
          SELECT batch_tenant, x.ledger_entry_id, x.service_account_id, 'BILL_ISSUED', x.total_cents, x.issue_date, x.due_date, x.payable_id, x.payable_id, batch_time, batch_actor
            FROM new_bills x
           ORDER BY x.ledger_entry_id),
        added_lines AS (
          INSERT INTO payable_lines (tenant_id, payable_id, line_no, category, description, amount_cents)
          SELECT batch_tenant, l.payable_id, l.line_no, l.category, l.description, l.amount_cents
            FROM pg_temp.bill_import_staging_lines l
           WHERE l.payable_id IN (SELECT x.payable_id FROM new_bills x))
        SELECT count(*)::int INTO inserted_count FROM inserted;
        RETURN inserted_count;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const earlier = new InsertStagedBillsInBulk1763801100200();
    await earlier.down(queryRunner);
    await earlier.up(queryRunner);
  }
}
