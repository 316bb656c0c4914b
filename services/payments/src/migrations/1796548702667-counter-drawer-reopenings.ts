import type { MigrationInterface, QueryRunner } from 'typeorm';
import { acrossCities } from '@platform/db';

/**
 * A closed counter drawer reopened by the city's ADMIN (reopenCounterDrawer): the close is kept, as counted, with who
 * reopened it, when, why, and the key they sent; the drawer then takes payments and voids again and is closed anew.
 * So "one close per clerk per day" becomes one standing close (not reopened) per clerk per day. No row changes: every
 * close until now stands.
 */
export class CounterDrawerReopenings1796548702667 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE counter_drawer_closes
        ADD COLUMN reopened_at timestamptz,
        ADD COLUMN reopened_by text,
        ADD COLUMN reopen_reason text,
        ADD COLUMN reopen_idempotency_key text,
        ADD CONSTRAINT counter_drawer_closes_reopened CHECK (
          (reopened_at IS NULL AND reopened_by IS NULL AND reopen_reason IS NULL AND reopen_idempotency_key IS NULL)
          OR (reopened_at IS NOT NULL AND reopened_by IS NOT NULL AND reopen_reason IS NOT NULL AND reopen_idempotency_key IS NOT NULL)),
        ADD CONSTRAINT counter_drawer_closes_reopen_key UNIQUE (tenant_id, reopen_idempotency_key),
        DROP CONSTRAINT counter_drawer_closes_one_per_day`);
    await queryRunner.query(`CREATE UNIQUE INDEX counter_drawer_closes_one_standing_per_day ON counter_drawer_closes (tenant_id, clerk_id, business_date) WHERE reopened_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Every city's reopened closes go with the reopening: the owner is bound by the table's FORCE unless it is lifted.
    await acrossCities(queryRunner, ['counter_drawer_closes'], () => queryRunner.query(`DELETE FROM counter_drawer_closes WHERE reopened_at IS NOT NULL`));
    await queryRunner.query(`DROP INDEX counter_drawer_closes_one_standing_per_day`);
    await queryRunner.query(`
      ALTER TABLE counter_drawer_closes
        ADD CONSTRAINT counter_drawer_closes_one_per_day UNIQUE (tenant_id, clerk_id, business_date),
        DROP CONSTRAINT counter_drawer_closes_reopen_key,
        DROP CONSTRAINT counter_drawer_closes_reopened,
        DROP COLUMN reopen_idempotency_key,
        DROP COLUMN reopen_reason,
        DROP COLUMN reopened_by,
        DROP COLUMN reopened_at`);
  }
}
