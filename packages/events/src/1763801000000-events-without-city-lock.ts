import { enableTenantRowLevelSecurity } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events without a per-city serialization point. A cursor used to come from
 * the city's counter row, locked until commit, so every transaction of a
 * city queued on that row. Now an event's cursor is
 *
 *     writing transaction's id (pg_current_xact_id()) * 2^64 + a global sequence
 *
 * so cursors of one transaction are consecutive in the order written, and
 * every transaction takes them without waiting. Cursors no longer follow
 * commit order, so readers only go as far as the oldest transaction still
 * running (see read-events.ts): below that horizon the set of events is
 * final. Cursors taken before this change (1, 2, 3...) stay below every new
 * one, so a subscriber holding an old cursor resumes where it was.
 */
export class EventsWithoutCityLock1763801000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE SEQUENCE event_sequence AS bigint');
    await queryRunner.query('ALTER TABLE events ALTER COLUMN cursor TYPE numeric(40, 0)');
    await queryRunner.query('DROP TABLE event_cursors');
    // Writers announce new events after commit, batched per process (append-event.ts), not from a trigger inside the
    // writing transaction: NOTIFY serializes committing transactions on one database-wide lock held through the commit's
    // WAL flush, which would be the next single queue every payment of every city waits in.
    await queryRunner.query('DROP TRIGGER events_notify ON events');
    await queryRunner.query('DROP FUNCTION platform_notify_event()');
  }

  /** Cursors stay numeric (the new ones do not fit a bigint) and the old writer would number new events below them: going back down suits a database without live subscribers. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION platform_notify_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('platform_events', NEW.tenant_id::text || ':' || NEW.cursor::text);
        RETURN NULL;
      END $$`);
    await queryRunner.query('CREATE TRIGGER events_notify AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION platform_notify_event()');
    await queryRunner.query(`
      CREATE TABLE event_cursors (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        last_cursor bigint NOT NULL,
        PRIMARY KEY (tenant_id)
      )`);
    await enableTenantRowLevelSecurity(queryRunner, 'event_cursors');
    await queryRunner.query('DROP SEQUENCE event_sequence');
  }
}
