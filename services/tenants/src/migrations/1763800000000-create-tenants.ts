import { enableTenantRowLevelSecurity, makeAppendOnly } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTenants1763800000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE tenants (
        id uuid PRIMARY KEY,
        slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){1,39}$'),
        display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
        department text,
        time_zone text NOT NULL,
        locales text[] NOT NULL CHECK (cardinality(locales) > 0),
        default_locale text NOT NULL CHECK (default_locale = ANY (locales)),
        settings jsonb NOT NULL CHECK (
          jsonb_typeof(settings) = 'object'
          AND (settings #>> '{autopayRules,deductionDay}')::int BETWEEN 1 AND 28
        ),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE tenant_settings_changes (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        id uuid NOT NULL,
        changed_at timestamptz NOT NULL,
        actor text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('CREATED', 'UPDATED')),
        settings jsonb NOT NULL,
        PRIMARY KEY (tenant_id, id)
      )`);
    await enableTenantRowLevelSecurity(queryRunner, 'tenant_settings_changes');
    await makeAppendOnly(queryRunner, 'tenant_settings_changes');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE tenant_settings_changes');
    await queryRunner.query('DROP TABLE tenants');
  }
}
