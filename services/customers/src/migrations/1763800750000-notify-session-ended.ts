import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whatever ends a session (logout, a password change or reset, a reused
 * refresh token, staff) announces it on the `session_ended` channel, in the
 * transaction that ends it: gateways LISTEN there and close that session's
 * WebSockets at once instead of when its access token runs out.
 */
export class NotifySessionEnded1763800750000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION customers_notify_session_ended() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('session_ended', NEW.tenant_id::text || ':' || NEW.id::text);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER sessions_notify_ended AFTER UPDATE OF revoked_at ON sessions
        FOR EACH ROW WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
        EXECUTE FUNCTION customers_notify_session_ended()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER sessions_notify_ended ON sessions');
    await queryRunner.query('DROP FUNCTION customers_notify_session_ended()');
  }
}
