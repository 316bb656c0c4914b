import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An e-check posts on the city's posting day whether or not its bank has
 * settled it, and may still come back days later (insufficient funds). An
 * allocation posted before its bank settled it is `awaiting_bank` until it
 * does: restoring service waits for that too (isApprovable), since service
 * restored on a check that then bounces stays on with nothing paid.
 */
export class EcheckAwaitingBank1763801200300 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE payment_allocations ADD COLUMN awaiting_bank boolean NOT NULL DEFAULT false');
    // Read beside every balance: few rows, so a partial index keeps that read one probe.
    await queryRunner.query('CREATE INDEX payment_allocations_awaiting_bank ON payment_allocations (tenant_id, service_account_id) WHERE awaiting_bank');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX payment_allocations_awaiting_bank');
    await queryRunner.query('ALTER TABLE payment_allocations DROP COLUMN awaiting_bank');
  }
}
