import { appUrl, bootstrapDatabase, ownerUrl, withClient, withTenant } from '@platform/db';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { Client } from 'pg';
import { scramVerifier } from '../../packages/db/src/scram-verifier';
import { createTenantProbeTable, demoTenantIds } from './probe-table';

let platform: TestPlatform;
let norwalk: string;
let norman: string;

beforeAll(async () => {
  platform = await startTestPlatform();
  ({ norwalk, norman } = await demoTenantIds(platform));
  // Made the way every service makes its tenant tables, so the proof covers the shared helper, including UPDATE and DELETE.
  await createTenantProbeTable(platform, 'rls_probe');
  for (const [tenant, note] of [
    [norwalk, 'norwalk row'],
    [norman, 'norman row'],
  ] as const) {
    await withTenant({ db: platform.db, tenant: { id: tenant } }, (m) => m.query('INSERT INTO rls_probe VALUES ($1, 1, $2)', [tenant, note]));
  }
});
afterAll(() => platform.close());

/** Runs `fn` as the app role with app.tenant_id set (or not) for one transaction. */
async function asApp<T>(tenantId: string | null, fn: (client: Client) => Promise<T>): Promise<T> {
  return withClient(appUrl(platform.settings), async (client) => {
    await client.query('BEGIN');
    try {
      if (tenantId) await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
      return await fn(client);
    } finally {
      await client.query('ROLLBACK');
    }
  });
}

describe('row-level security, connected as the application role', () => {
  it("shows Norwalk only Norwalk's rows", async () => {
    const notes = await asApp(norwalk, async (c) => (await c.query<{ note: string }>('SELECT note FROM rls_probe')).rows.map((r) => r.note));
    expect(notes).toEqual(['norwalk row']);
    const history = await asApp(norwalk, async (c) => (await c.query<{ tenant_id: string }>('SELECT DISTINCT tenant_id FROM tenant_settings_changes')).rows);
    expect(history).toEqual([{ tenant_id: norwalk }]);
  });

  it('refuses to insert a row for Norman while set to Norwalk', async () => {
    await expect(asApp(norwalk, (c) => c.query(`INSERT INTO rls_probe VALUES ($1, 2, 'smuggled')`, [norman]))).rejects.toThrow(/row-level security/);
    await expect(
      asApp(norwalk, (c) => c.query(`INSERT INTO tenant_settings_changes (tenant_id, id, changed_at, actor, kind, settings) VALUES ($1, gen_random_uuid(), now(), 'x', 'UPDATED', '{}')`, [norman])),
    ).rejects.toThrow(/row-level security/);
  });

  it("cannot update or delete Norman's rows, nor move its own rows to Norman", async () => {
    const updated = await asApp(norwalk, (c) => c.query(`UPDATE rls_probe SET note = 'hacked' WHERE tenant_id = $1`, [norman]));
    expect(updated.rowCount).toBe(0);
    const deleted = await asApp(norwalk, (c) => c.query('DELETE FROM rls_probe WHERE tenant_id = $1', [norman]));
    expect(deleted.rowCount).toBe(0);
    await expect(asApp(norwalk, (c) => c.query('UPDATE rls_probe SET tenant_id = $1', [norman]))).rejects.toThrow(/row-level security/);
    const normanNotes = await asApp(norman, async (c) => (await c.query<{ note: string }>('SELECT note FROM rls_probe')).rows);
    expect(normanNotes).toEqual([{ note: 'norman row' }]);
  });

  it('shows nothing when no tenant is set', async () => {
    expect((await asApp(null, (c) => c.query('SELECT * FROM rls_probe'))).rowCount).toBe(0);
    expect((await asApp(null, (c) => c.query('SELECT * FROM tenant_settings_changes'))).rowCount).toBe(0);
    await expect(asApp(null, (c) => c.query(`INSERT INTO rls_probe VALUES ($1, 3, 'no tenant')`, [norwalk]))).rejects.toThrow(/row-level security/);
  });

  it('does not leak the tenant setting to the next transaction on a pooled connection', async () => {
    await withTenant({ db: platform.db, tenant: { id: norwalk } }, (m) => m.query('SELECT 1'));
    const rows = await platform.db.query('SELECT * FROM rls_probe');
    expect(rows).toEqual([]);
  });

  it('cannot be switched off by the application role', async () => {
    await expect(asApp(norwalk, (c) => c.query('ALTER TABLE rls_probe NO FORCE ROW LEVEL SECURITY'))).rejects.toThrow(/must be owner/);
    await expect(asApp(norwalk, (c) => c.query('ALTER TABLE rls_probe DISABLE ROW LEVEL SECURITY'))).rejects.toThrow(/must be owner/);
    await expect(asApp(norwalk, (c) => c.query('DROP POLICY tenant_isolation ON rls_probe'))).rejects.toThrow(/must be owner/);
    // With row_security off, PostgreSQL errors rather than silently showing every row.
    await expect(asApp(norwalk, (c) => c.query('SET LOCAL row_security = off; SELECT * FROM rls_probe'))).rejects.toThrow(/row-level security/);
  });
});

describe('database roles', () => {
  it('the application role owns nothing, is no superuser and cannot bypass RLS', async () => {
    const attributes = await withClient(platform.settings.adminUrl, async (admin) => {
      const { rows } = await admin.query<{ rolsuper: boolean; rolbypassrls: boolean; rolcreaterole: boolean; rolcreatedb: boolean }>(
        'SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = $1',
        [platform.settings.app.name],
      );
      return rows[0];
    });
    expect(attributes).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false });

    const owned = await withClient(ownerUrl(platform.settings), (owner) =>
      owner.query(`SELECT c.relname FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = $1`, [platform.settings.app.name]),
    );
    expect(owned.rows).toEqual([]);
  });

  it('the application role cannot turn foreign-key checks off; only the bulk bill insert runs without them, as the owner', async () => {
    await expect(asApp(null, (c) => c.query(`SET LOCAL session_replication_role = replica`))).rejects.toThrow(/permission denied/);
    const functions = await asApp(null, (c) =>
      c.query(`SELECT p.proname, p.prosecdef, r.rolname FROM pg_proc p JOIN pg_roles r ON r.oid = p.proowner WHERE p.proconfig::text LIKE '%session_replication_role%'`),
    );
    expect(functions.rows).toEqual([{ proname: 'billing_insert_staged_bills', prosecdef: true, rolname: platform.settings.owner.name }]);
  });

  it('the application role cannot create tables or change the migration history', async () => {
    await expect(asApp(null, (c) => c.query('CREATE TABLE sneaky (id int)'))).rejects.toThrow(/permission denied/);
    await expect(asApp(null, (c) => c.query(`DELETE FROM schema_migrations`))).rejects.toThrow(/permission denied/);
  });

  it("keeps the roles' passwords as SCRAM verifiers the platform makes itself, exactly as PostgreSQL would, so no statement carries a password", async () => {
    await withClient(platform.settings.adminUrl, async (admin) => {
      const roles = [platform.settings.owner.name, platform.settings.app.name];
      const stored = await admin.query<{ rolpassword: string }>('SELECT rolpassword FROM pg_authid WHERE rolname = ANY($1)', [roles]);
      expect(stored.rows.map((row) => row.rolpassword.split('$')[0])).toEqual(['SCRAM-SHA-256', 'SCRAM-SHA-256']);
      // PostgreSQL's own verifier of a password, against the platform's made with the same salt.
      const probe = `scram_probe_${process.pid}`;
      await admin.query(`CREATE ROLE ${probe} PASSWORD 'correct horse battery staple'`);
      try {
        const [row] = (await admin.query<{ rolpassword: string }>('SELECT rolpassword FROM pg_authid WHERE rolname = $1', [probe])).rows;
        const [, iterations, salt] = /^SCRAM-SHA-256\$(\d+):([^$]+)\$/.exec(row!.rolpassword)!;
        expect(scramVerifier('correct horse battery staple', Buffer.from(salt!, 'base64'), Number(iterations))).toBe(row!.rolpassword);
      } finally {
        await admin.query(`DROP ROLE ${probe}`);
      }
    });
    // Bootstrapping again (every start does) sends the verifiers, never the passwords: statements as the server receives them.
    // Watched, not replaced: every statement still goes to the server.
    const watched = jest.spyOn(Client.prototype, 'query');
    let sent: string[];
    try {
      await bootstrapDatabase(platform.settings);
    } finally {
      sent = watched.mock.calls.map(([text]) => (typeof text === 'string' ? text : ''));
      watched.mockRestore();
    }
    const roleStatements = sent.filter((text) => /^(CREATE|ALTER) ROLE/.test(text));
    expect(roleStatements).toHaveLength(2);
    expect(roleStatements.every((text) => text.includes("PASSWORD 'SCRAM-SHA-256$4096:"))).toBe(true);
    expect(sent.filter((text) => text.includes(platform.settings.owner.password) || text.includes(platform.settings.app.password))).toEqual([]);
    // And the app role still signs in with its password (the embedded server asks for SCRAM).
    expect(await asApp(null, async (c) => (await c.query<{ user: string }>('SELECT current_user AS user')).rows[0]!.user)).toBe(platform.settings.app.name);
  });

  it('bootstraps one database from many starts at once (gateways and workers starting together)', async () => {
    // Each start bootstraps; two changing the database's privileges together failed one with "tuple concurrently
    // updated". So each waits for the bootstrap lock held on the database itself: shown by holding it here.
    const url = new URL(platform.settings.adminUrl);
    url.pathname = `/${platform.settings.databaseName}`;
    await withClient(url.toString(), async (holder) => {
      await holder.query('BEGIN');
      await holder.query(`SELECT pg_advisory_xact_lock(hashtext('platform-bootstrap'))`);
      let settled = false;
      const starts = Promise.all(Array.from({ length: 4 }, () => bootstrapDatabase(platform.settings))).finally(() => (settled = true));
      const waiting = async () =>
        Number(
          (
            await holder.query<{ n: string }>(
              `SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
            )
          ).rows[0]!.n,
        );
      while (!settled && (await waiting()) < 4) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(settled).toBe(false);
      await holder.query('COMMIT');
      await starts;
    });
    expect(await asApp(null, async (c) => (await c.query<{ user: string }>('SELECT current_user AS user')).rows[0]!.user)).toBe(platform.settings.app.name);
  });

  it('the settings history is append-only, even for the owner', async () => {
    await withClient(ownerUrl(platform.settings), async (owner) => {
      await owner.query(`SELECT set_config('app.tenant_id', $1, false)`, [norwalk]);
      await expect(owner.query(`UPDATE tenant_settings_changes SET actor = 'someone else'`)).rejects.toThrow(/append-only/);
      await expect(owner.query('DELETE FROM tenant_settings_changes')).rejects.toThrow(/append-only/);
    });
  });
});

describe('every tenant table', () => {
  it('has row-level security enabled and forced, with a policy', async () => {
    const tables = await withClient(ownerUrl(platform.settings), async (owner) => {
      const { rows } = await owner.query<{ table: string; enabled: boolean; forced: boolean; policies: string }>(`
        SELECT c.relname AS table, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
               (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
        ORDER BY 1`);
      return rows;
    });
    expect(tables.map((t) => t.table)).toEqual(expect.arrayContaining(['rls_probe', 'tenant_settings_changes']));
    const unprotected = tables.filter((t) => !t.enabled || !t.forced || Number(t.policies) === 0).map((t) => t.table);
    expect(unprotected).toEqual([]);
  });

  it('puts tenant_id first in its primary key', async () => {
    const keys = await platform.db.query<{ table: string; first: string }[]>(`
      SELECT tc.table_name AS table, kcu.column_name AS first
      FROM information_schema.table_constraints tc
      JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.ordinal_position = 1
      WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = 'public'
        AND EXISTS (SELECT 1 FROM information_schema.columns c WHERE c.table_name = tc.table_name AND c.column_name = 'tenant_id')`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((k) => k.first !== 'tenant_id')).toEqual([]);
  });
});
