import { acrossCities, enableTenantRowLevelSecurity } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const STATUSES_BEFORE = `'PENDING', 'AUTHORIZED', 'CAPTURED', 'POSTED', 'DECLINED', 'FAILED', 'VOIDED', 'PARTIALLY_REFUNDED', 'REFUNDED', 'RETURNED', 'UNKNOWN'`;

/**
 * Card disputes (chargebacks) read from the processor's feed (disputes/dispute.service.ts): a payment whose card holder
 * disputed it is DISPUTED while the dispute is open or once it is lost; each dispute is kept as the processor last told
 * of it, one row per processor dispute id. A dispute set aside on the feed keeps what the event said (held events'
 * `dispute`). No row changes on the way up; on the way down every city's DISPUTED payment is RETURNED (its money went
 * back, as a return's), since the status is gone.
 */
export class PaymentDisputes1796557821886 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE payments DROP CONSTRAINT payments_status_check, ADD CONSTRAINT payments_status_check CHECK (status IN (${STATUSES_BEFORE}, 'DISPUTED'))`);
    await queryRunner.query(`
      CREATE TABLE payment_disputes (
        tenant_id uuid NOT NULL,
        id text NOT NULL,
        payment_id uuid NOT NULL,
        amount_cents bigint NOT NULL CHECK (amount_cents > 0),
        fee_cents bigint NOT NULL CHECK (fee_cents >= 0),
        reason text NOT NULL,
        status text NOT NULL CHECK (status IN ('OPEN', 'WON', 'LOST')),
        respond_by timestamptz NOT NULL,
        opened_at timestamptz NOT NULL,
        closed_at timestamptz,
        recorded_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, payment_id) REFERENCES payments (tenant_id, id),
        CHECK ((status = 'OPEN') = (closed_at IS NULL))
      )`);
    await queryRunner.query('CREATE INDEX payment_disputes_payment ON payment_disputes (tenant_id, payment_id, opened_at)');
    await enableTenantRowLevelSecurity(queryRunner, 'payment_disputes');
    await queryRunner.query('ALTER TABLE processor_held_events ADD COLUMN dispute jsonb');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await acrossCities(queryRunner, ['payments', 'processor_held_events'], async () => {
      await queryRunner.query(`UPDATE payments SET status = 'RETURNED' WHERE status = 'DISPUTED'`);
      await queryRunner.query(`DELETE FROM processor_held_events WHERE dispute IS NOT NULL`);
    });
    await queryRunner.query('ALTER TABLE processor_held_events DROP COLUMN dispute');
    await queryRunner.query('DROP TABLE payment_disputes');
    await queryRunner.query(`ALTER TABLE payments DROP CONSTRAINT payments_status_check, ADD CONSTRAINT payments_status_check CHECK (status IN (${STATUSES_BEFORE}))`);
  }
}
