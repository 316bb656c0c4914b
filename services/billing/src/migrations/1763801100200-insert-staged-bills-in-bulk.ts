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
 * batch: each account named is locked as a key check locks it (FOR KEY
 * SHARE, in id order, as payments lock accounts), so none can be deleted or
 * re-keyed before the import commits, and the import's row must exist. It
 * then inserts with `session_replication_role = replica`, the setting
 * logical replication applies rows under, in which key checks do not fire.
 *
 * Only this function runs so: the setting is the owner's (granted at
 * bootstrap), never the app role's, and it holds for the function's body
 * only. No table it writes has a trigger on INSERT to be skipped, and row-
 * level security still binds it (FORCE binds the owner too): it writes the
 * city of `app.tenant_id` or nothing. It reads the caller's staging tables,
 * temporary and private to the caller's session.
 */
export class InsertStagedBillsInBulk1763801100200 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION billing_insert_staged_bills(batch_id uuid, batch_time timestamptz, batch_actor text) RETURNS integer
        LANGUAGE plpgsql SECURITY DEFINER
        -- pg_temp last: unnamed, it would be searched first, and a caller's temporary table named like one of these would stand in for it.
        SET search_path = pg_catalog, public, pg_temp
        SET session_replication_role = replica
      AS $$
      DECLARE
        batch_tenant uuid := NULLIF(current_setting('app.tenant_id', true), '')::uuid;
        inserted_count integer;
      BEGIN
        PERFORM 1 FROM bill_imports b WHERE b.id = batch_id FOR KEY SHARE;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'bill import % does not exist', batch_id USING ERRCODE = 'foreign_key_violation';
        END IF;
        PERFORM 1 FROM service_accounts a WHERE a.account_key IN (SELECT x.account_key FROM pg_temp.bill_import_staging x) ORDER BY a.id FOR KEY SHARE;

        WITH inserted AS (
          INSERT INTO payables (tenant_id, id, service_account_id, kind, reference_number, reference_key, description,
                                period_start, period_end, issue_date, due_date, total_cents, import_id, created_at)
          SELECT batch_tenant, x.payable_id, a.id, x.kind, x.reference_number, x.reference_key, x.description,
                 x.period_start, x.period_end, x.issue_date, x.due_date, x.total_cents, batch_id, batch_time
            FROM pg_temp.bill_import_staging x JOIN service_accounts a ON a.account_key = x.account_key
           WHERE NOT EXISTS (SELECT 1 FROM payables p WHERE p.kind = x.kind AND p.reference_key = x.reference_key)
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
    await queryRunner.query('REVOKE ALL ON FUNCTION billing_insert_staged_bills(uuid, timestamptz, text) FROM PUBLIC');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION billing_insert_staged_bills(uuid, timestamptz, text)');
  }
}
