import { enableTenantRowLevelSecurity, ownerUrl, withClient } from '@platform/db';
import type { TestPlatform } from '@platform/testkit';
import type { QueryRunner } from 'typeorm';

/** The demo cities' tenant ids on a test platform's database. */
export async function demoTenantIds(platform: TestPlatform): Promise<{ readonly norwalk: string; readonly norman: string }> {
  const rows = await platform.db.query<{ id: string; slug: string }[]>('SELECT id, slug FROM tenants');
  const idOf = (slug: string) => rows.find((row) => row.slug === slug)!.id;
  return { norwalk: idOf('norwalk'), norman: idOf('norman') };
}

/**
 * A tenant table `(tenant_id, id int, note)` made the way every service makes
 * its tenant tables: by the owner role, behind the shared row-level security
 * helper. Tests of the tenant wall itself write to it as the app role.
 */
export async function createTenantProbeTable(platform: TestPlatform, table: string): Promise<void> {
  await withClient(ownerUrl(platform.settings), async (owner) => {
    await owner.query(`CREATE TABLE ${table} (tenant_id uuid NOT NULL REFERENCES tenants (id), id int NOT NULL, note text, PRIMARY KEY (tenant_id, id))`);
    await enableTenantRowLevelSecurity({ query: (sql: string) => owner.query(sql) } as unknown as QueryRunner, table);
  });
}
