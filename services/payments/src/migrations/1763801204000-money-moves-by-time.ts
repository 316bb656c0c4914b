import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff's daily totals read a period's moves from both histories by when they happened (paymentTotals): without these
 * a city's report would read every transition it ever had.
 */
export class MoneyMovesByTime1763801204000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX payment_transitions_time ON payment_transitions (tenant_id, occurred_at)');
    await queryRunner.query('CREATE INDEX payment_operation_transitions_time ON payment_operation_transitions (tenant_id, occurred_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX payment_operation_transitions_time');
    await queryRunner.query('DROP INDEX payment_transitions_time');
  }
}
