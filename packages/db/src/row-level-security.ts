import type { QueryRunner } from 'typeorm';

/**
 * For a service's migration: turns on row-level security for a tenant table
 * (ENABLE and FORCE, so even the owner is bound) with one policy that shows
 * and accepts only rows of the transaction's `app.tenant_id`. With no tenant
 * set, `current_setting(..., true)` is NULL and no row matches.
 */
export async function enableTenantRowLevelSecurity(queryRunner: QueryRunner, table: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`bad table name ${table}`);
  await queryRunner.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
  await queryRunner.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
  await queryRunner.query(`
    CREATE POLICY tenant_isolation ON ${table}
      USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)`);
}

/**
 * For a service's migration that changes rows of every city (a backfill, a
 * clean-up): runs `work` with the tables' FORCE lifted, and puts it back. The
 * owner, who runs migrations, is bound by its own row-level security, so a
 * statement run without this sees no row and changes nothing, silently.
 */
export async function acrossCities(queryRunner: QueryRunner, tables: readonly string[], work: () => Promise<void>): Promise<void> {
  for (const table of tables) if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`bad table name ${table}`);
  for (const table of tables) await queryRunner.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
  await work();
  for (const table of tables) await queryRunner.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
}

/**
 * For a service's migration: history tables (ledgers, audit trails) refuse
 * UPDATE and DELETE from every role, owner included; corrections are new rows.
 */
export async function makeAppendOnly(queryRunner: QueryRunner, table: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`bad table name ${table}`);
  await queryRunner.query(`
    CREATE OR REPLACE FUNCTION platform_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
    END $$`);
  await queryRunner.query(`
    CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ${table}
      FOR EACH STATEMENT EXECUTE FUNCTION platform_refuse_change()`);
}
