import { enableTenantRowLevelSecurity } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Processor events set aside, per payment, while they cannot be recorded yet (a refund or void of ours awaiting the
 * processor's answer, or a failure to record): the feed reads on past them, and each run tries them again in the order
 * the processor sent them (processor-events.ts). A city's rows: each names one of its payments.
 */
export class ProcessorHeldEvents1796520263343 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE processor_held_events (
        tenant_id uuid NOT NULL,
        account text NOT NULL,
        event_id text NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        payment_id uuid NOT NULL,
        type text NOT NULL,
        created_at timestamptz NOT NULL,
        refunded_cents bigint NOT NULL,
        voided_at timestamptz,
        charge_id text NOT NULL,
        return_code text,
        held_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, account, event_id),
        FOREIGN KEY (tenant_id, payment_id) REFERENCES payments (tenant_id, id)
      )`);
    await queryRunner.query('CREATE INDEX processor_held_events_payment ON processor_held_events (tenant_id, account, payment_id)');
    await enableTenantRowLevelSecurity(queryRunner, 'processor_held_events');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE processor_held_events');
  }
}
