import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The e-check settlement job keeps asking after a settled e-check for a late
 * return (echeck-settlement.job.ts), once a day: `bank_checked_at` is when
 * it last asked the processor about one (null: not since it settled). The
 * job's own column, not on PaymentEntity: nothing else reads or writes it.
 * Settled e-checks pile up for ever, POSTED; the job reads only the last
 * couple of months of them, a range of this partial index.
 */
export class EcheckLateReturns1763801202100 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE payments ADD COLUMN bank_checked_at timestamptz');
    await queryRunner.query(
      `CREATE INDEX payments_settled_echecks ON payments (tenant_id, settled_at)
        WHERE method_kind = 'BANK_ACCOUNT' AND settled_at IS NOT NULL AND status IN ('AUTHORIZED', 'POSTED', 'PARTIALLY_REFUNDED', 'REFUNDED')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX payments_settled_echecks');
    await queryRunner.query('ALTER TABLE payments DROP COLUMN bank_checked_at');
  }
}
