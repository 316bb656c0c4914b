import { enableTenantRowLevelSecurity } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A clerk's counter drawer closed at the end of a day of the city's calendar (closeCounterDrawer): what the drawer
 * should have held then (cash; the standing checks' count and total), what the clerk counted, the over or short
 * (counted less expected, both methods together; negative when short) and the clerk's reason, required when the count
 * is off. One close per clerk per day; the clerk's key is unique per city, so the same request sent again finds it.
 */
export class CounterDrawerCloses1796540000001 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE counter_drawer_closes (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        clerk_id text NOT NULL,
        business_date date NOT NULL,
        idempotency_key text NOT NULL,
        expected_cash_cents bigint NOT NULL,
        expected_checks_count integer NOT NULL,
        expected_checks_cents bigint NOT NULL,
        counted_cash_cents bigint NOT NULL CHECK (counted_cash_cents >= 0),
        counted_checks_count integer NOT NULL CHECK (counted_checks_count >= 0),
        counted_checks_cents bigint NOT NULL CHECK (counted_checks_cents >= 0),
        over_short_cents bigint NOT NULL,
        reason text,
        closed_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id),
        CONSTRAINT counter_drawer_closes_one_per_day UNIQUE (tenant_id, clerk_id, business_date),
        CONSTRAINT counter_drawer_closes_idempotency_key UNIQUE (tenant_id, idempotency_key),
        CONSTRAINT counter_drawer_closes_over_short CHECK (over_short_cents = counted_cash_cents + counted_checks_cents - expected_cash_cents - expected_checks_cents),
        CONSTRAINT counter_drawer_closes_reason CHECK (reason IS NOT NULL OR (counted_cash_cents = expected_cash_cents AND counted_checks_count = expected_checks_count AND counted_checks_cents = expected_checks_cents))
      )`);
    await enableTenantRowLevelSecurity(queryRunner, 'counter_drawer_closes');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE counter_drawer_closes');
  }
}
