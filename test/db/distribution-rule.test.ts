import { ownerUrl, withClient } from '@platform/db';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';

/*
 * Issue 18 item 6: the path to distributing the database by city (Citus, with
 * tenant_id as the distribution column) stays open. Read from the catalogue
 * after every service's migrations: every tenant table (a table with a
 * tenant_id column) has a primary key that starts with tenant_id, every
 * foreign key out of it starts with tenant_id (so joins stay on one shard),
 * every unique index includes tenant_id (Citus enforces uniqueness per
 * shard only), and row-level security is enabled and forced. Tables without tenant_id are
 * the reference tables a deployment replicates to every node; the list below
 * is the README's list, so a new one is a deliberate decision.
 */

const REFERENCE_TABLES = ['processor_event_cursors', 'schema_migrations', 'sms_code_sends', 'tenants'];

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ seed: false });
});
afterAll(() => platform.close());

interface TableRow {
  readonly table: string;
  readonly hasTenantId: boolean;
  readonly rls: boolean;
  readonly forced: boolean;
}
interface KeyRow {
  readonly table: string;
  readonly name: string;
  readonly type: 'p' | 'f';
  readonly columns: readonly string[];
  readonly referenced: string | null;
  readonly referencedColumns: readonly string[] | null;
}

function catalogue<T>(sql: string): Promise<T[]> {
  return withClient(ownerUrl(platform.settings), async (client) => (await client.query(sql)).rows as T[]);
}

const tables = () =>
  catalogue<TableRow>(`
    SELECT c.relname AS table,
           EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped) AS "hasTenantId",
           c.relrowsecurity AS rls, c.relforcerowsecurity AS forced
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
     ORDER BY c.relname`);

const keys = () =>
  catalogue<KeyRow>(`
    SELECT t.relname AS table, k.conname AS name, k.contype AS type,
           ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(n, i) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i) AS columns,
           r.relname AS referenced,
           CASE WHEN k.contype = 'f' THEN ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(n, i) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i) END AS "referencedColumns"
      FROM pg_constraint k
      JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      LEFT JOIN pg_class r ON r.oid = k.confrelid
     WHERE n.nspname = 'public' AND k.contype IN ('p', 'f')
     ORDER BY t.relname, k.conname`);

it('has tenant tables and the reference tables the README names, and nothing else', async () => {
  const all = await tables();
  expect(all.filter((t) => t.hasTenantId).length).toBeGreaterThan(20);
  expect(all.filter((t) => !t.hasTenantId).map((t) => t.table)).toEqual(REFERENCE_TABLES);
});

it('forces row-level security on every tenant table', async () => {
  const unforced = (await tables()).filter((t) => t.hasTenantId && !(t.rls && t.forced)).map((t) => t.table);
  expect(unforced).toEqual([]);
});

it("starts every tenant table's primary key with tenant_id", async () => {
  const tenantTables = new Set((await tables()).filter((t) => t.hasTenantId).map((t) => t.table));
  const primaryKeys = (await keys()).filter((k) => k.type === 'p');
  expect([...tenantTables].filter((table) => !primaryKeys.some((k) => k.table === table))).toEqual([]);
  const violations = primaryKeys.filter((k) => tenantTables.has(k.table) && k.columns[0] !== 'tenant_id').map((k) => `${k.table} (${k.columns.join(', ')})`);
  expect(violations).toEqual([]);
});

it('starts every foreign key between tenant tables with tenant_id on both sides; a tenant table refers to a reference table only by its key', async () => {
  const tenantTables = new Set((await tables()).filter((t) => t.hasTenantId).map((t) => t.table));
  const foreignKeys = (await keys()).filter((k) => k.type === 'f');
  expect(foreignKeys.length).toBeGreaterThan(10);
  const violations = foreignKeys
    .filter((k) => tenantTables.has(k.table) && tenantTables.has(k.referenced!))
    .filter((k) => k.columns[0] !== 'tenant_id' || k.referencedColumns![0] !== 'tenant_id')
    .map((k) => `${k.table} (${k.columns.join(', ')}) -> ${k.referenced} (${k.referencedColumns!.join(', ')})`);
  expect(violations).toEqual([]);
  // Tenant rows refer to their city (a reference table) through tenant_id itself.
  const toReference = foreignKeys.filter((k) => tenantTables.has(k.table) && !tenantTables.has(k.referenced!)).map((k) => `${k.table}.${k.columns.join(',')} -> ${k.referenced}`);
  expect(toReference.filter((line) => !/\.tenant_id -> tenants$/.test(line))).toEqual([]);
});

it('includes tenant_id in every unique index of a tenant table (uniqueness is checked per shard)', async () => {
  const tenantTables = new Set((await tables()).filter((t) => t.hasTenantId).map((t) => t.table));
  const unique = await catalogue<{ table: string; index: string; columns: string[] }>(`
    SELECT t.relname AS table, i.relname AS index,
           ARRAY(SELECT a.attname::text FROM unnest(x.indkey) u(n) JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = u.n) AS columns
      FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = 'public' AND x.indisunique`);
  expect(unique.length).toBeGreaterThan(20);
  const violations = unique.filter((u) => tenantTables.has(u.table) && !u.columns.includes('tenant_id')).map((u) => `${u.table}: ${u.index} (${u.columns.join(', ')})`);
  expect(violations).toEqual([]);
});
