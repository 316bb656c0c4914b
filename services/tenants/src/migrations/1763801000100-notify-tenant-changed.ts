import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Any change to a city's row (settings, name, languages) announces itself on
 * the `tenant_changed` channel, in the transaction that makes it: gateways
 * keep the registry in memory and LISTEN there to forget their copy
 * (tenant-registry-cache.ts), so an update on one instance reaches all.
 */
export class NotifyTenantChanged1763801000100 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION tenants_notify_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('tenant_changed', COALESCE(NEW.id, OLD.id)::text);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER tenants_notify_changed AFTER INSERT OR UPDATE OR DELETE ON tenants
        FOR EACH ROW EXECUTE FUNCTION tenants_notify_changed()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER tenants_notify_changed ON tenants');
    await queryRunner.query('DROP FUNCTION tenants_notify_changed()');
  }
}
