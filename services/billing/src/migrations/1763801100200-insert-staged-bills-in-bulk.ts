import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The insert that ends a bill import, as a function that checks the batch's
 * foreign keys once per batch instead of once per row.
 *
 * A 100,000-bill import inserts 100,000 payables, 300,000 lines and 100,000
 * ledger entries: 700,000 rows whose foreign keys PostgreSQL checks one row
 * at a time (a trigger and a look-up each), about half the import's time.
 * Every key of this statement holds by construction: a payable's account
 * comes from the join that finds it, its import is the caller's row, and a
 * line or ledger entry names a payable inserted by the same statement. So the
 * function takes what the per-row checks would have given, once for the
 * batch: each account a new bill names is locked as a key check locks it
 * (FOR KEY SHARE, in id order, as payments lock accounts), so none can be
 * deleted or re-keyed before the import commits, and the import's row must
 * exist. It inserts with `session_replication_role = replica`, the setting
 * logical replication applies rows under, in which key checks do not fire.
 *
 * Only the owner may use that setting (granted at bootstrap), and only here,
 * for the function's body. Row-level security still binds it (FORCE binds
 * the owner too): it writes the city of `app.tenant_id` or nothing. No table
 * it writes has an INSERT trigger for replica mode to skip.
 *
 * The function runs as the owner, so it reads no relation the caller made:
 * a caller's temporary view or policy could call the caller's own functions,
 * and they would run as the owner. The staging tables are the owner's, made
 * by billing_open_import_staging (the caller may fill and read them), and
 * the insert checks they still are before reading them: that check is the
 * guarantee, since a caller can drop them (DISCARD TEMP) and make its own.
 */
export class InsertStagedBillsInBulk1763801100200 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    // pg_temp last in each search path: left out, it is searched first, and a caller's temporary table named like one of
    // these (service_accounts, payables) would stand in for it.
    await queryRunner.query(`
      CREATE FUNCTION billing_open_import_staging() RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = pg_catalog, public, pg_temp
      AS $$
      BEGIN
        CREATE TEMPORARY TABLE bill_import_staging (
          line int NOT NULL, payable_id uuid NOT NULL DEFAULT uuidv7(), account_key text NOT NULL, kind text NOT NULL,
          reference_number text NOT NULL, reference_key text NOT NULL, description text,
          period_start date, period_end date, issue_date date NOT NULL, due_date date NOT NULL, total_cents bigint NOT NULL
        ) ON COMMIT DROP;
        CREATE TEMPORARY TABLE bill_import_staging_lines (
          line int NOT NULL, line_no smallint NOT NULL, category text NOT NULL, description text NOT NULL, amount_cents bigint NOT NULL
        ) ON COMMIT DROP;
        -- To PUBLIC, which opens nothing: no other session can read a temporary table, and these are gone at commit.
        -- MAINTAIN lets the caller ANALYZE them once filled.
        GRANT SELECT, INSERT, MAINTAIN ON pg_temp.bill_import_staging, pg_temp.bill_import_staging_lines TO PUBLIC;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION billing_insert_staged_bills(batch_id uuid, batch_time timestamptz, batch_actor text) RETURNS integer
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
        inserted AS (
          INSERT INTO payables (tenant_id, id, service_account_id, kind, reference_number, reference_key, description,
                                period_start, period_end, issue_date, due_date, total_cents, import_id, created_at)
          SELECT batch_tenant, x.payable_id, a.id, x.kind, x.reference_number, x.reference_key, x.description,
                 x.period_start, x.period_end, x.issue_date, x.due_date, x.total_cents, batch_id, batch_time
            FROM fresh x JOIN accounts a ON a.account_key = x.account_key
           ORDER BY x.payable_id
          RETURNING id, service_account_id, total_cents, issue_date, due_date),
        ledger AS (
          INSERT INTO ledger_entries (tenant_id, id, service_account_id, kind, amount_cents, effective_date, due_date, payable_id, source_id, recorded_at, recorded_by)
          SELECT batch_tenant, uuidv7(), i.service_account_id, 'BILL_ISSUED', i.total_cents, i.issue_date, i.due_date, i.id, i.id, batch_time, batch_actor
            FROM inserted i ORDER BY i.id),
        added_lines AS (
          INSERT INTO payable_lines (tenant_id, payable_id, line_no, category, description, amount_cents)
          SELECT batch_tenant, x.payable_id, l.line_no, l.category, l.description, l.amount_cents
            FROM pg_temp.bill_import_staging_lines l JOIN pg_temp.bill_import_staging x ON x.line = l.line JOIN inserted i ON i.id = x.payable_id
           ORDER BY x.payable_id, l.line_no)
        SELECT count(*)::int INTO inserted_count FROM inserted;
        RETURN inserted_count;
      END $$`);
    await queryRunner.query('REVOKE ALL ON FUNCTION billing_open_import_staging() FROM PUBLIC');
    await queryRunner.query('REVOKE ALL ON FUNCTION billing_insert_staged_bills(uuid, timestamptz, text) FROM PUBLIC');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION billing_insert_staged_bills(uuid, timestamptz, text)');
    await queryRunner.query('DROP FUNCTION billing_open_import_staging()');
  }
}
