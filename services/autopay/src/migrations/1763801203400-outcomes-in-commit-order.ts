import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each outcome keeps the id of the transaction that wrote it, so staff
 * reading a run still going are listed its outcomes only below the horizon
 * of transactions still running (outcomesOfRuns says why). A bigint, not
 * xid8, so that TypeORM maps it and a cursor holds it: an xid8 is the
 * wraparound epoch times 2^32 plus the xid, far below 2^63 for as long as a
 * database lives.
 *
 * The rows already written take this migration's transaction id, all one:
 * among them the order stays `seq`'s, and every outcome written later sorts
 * after them. Cursors given out before keep the one old part and are
 * refused as INVALID_CURSOR; the console then reads the run again.
 */
export class OutcomesInCommitOrder1763801203400 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE autopay_outcomes ADD COLUMN xact_id bigint NOT NULL DEFAULT pg_current_xact_id()::text::bigint');
    await queryRunner.query('CREATE INDEX autopay_outcomes_run_in_order ON autopay_outcomes (tenant_id, run_id, xact_id, seq)');
    await queryRunner.query('DROP INDEX autopay_outcomes_run');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX autopay_outcomes_run ON autopay_outcomes (tenant_id, run_id, seq)');
    await queryRunner.query('DROP INDEX autopay_outcomes_run_in_order');
    await queryRunner.query('ALTER TABLE autopay_outcomes DROP COLUMN xact_id');
  }
}
