import { enableTenantRowLevelSecurity, makeAppendOnly } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateEvents1763800050000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    // One counter row per city: taking the next cursor locks it until commit, so a city's events commit in cursor order
    // and a reader that has seen cursor N has seen everything before it.
    await queryRunner.query(`
      CREATE TABLE event_cursors (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        last_cursor bigint NOT NULL,
        PRIMARY KEY (tenant_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE events (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        cursor bigint NOT NULL,
        type text NOT NULL,
        subject_id uuid NOT NULL,
        payload jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, cursor)
      )`);
    await queryRunner.query('CREATE INDEX events_subject ON events (tenant_id, subject_id, cursor)');
    // Wakes every listening gateway when the inserting transaction commits (NOTIFY is transactional).
    await queryRunner.query(`
      CREATE FUNCTION platform_notify_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('platform_events', NEW.tenant_id::text || ':' || NEW.cursor::text);
        RETURN NULL;
      END $$`);
    await queryRunner.query('CREATE TRIGGER events_notify AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION platform_notify_event()');
    for (const table of ['event_cursors', 'events']) await enableTenantRowLevelSecurity(queryRunner, table);
    await makeAppendOnly(queryRunner, 'events');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE events');
    await queryRunner.query('DROP FUNCTION platform_notify_event()');
    await queryRunner.query('DROP TABLE event_cursors');
  }
}
