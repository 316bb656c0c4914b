import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a SUPPORT clerk has given back today (support-refund-limit.ts) is read on every refund and void they ask, and on
 * every approval of one they asked: by actor and a range of instants (the city's day), not by scanning every operation
 * the city ever made. The requests they asked today that still await approval count too.
 */
export class SupportLimitByDay1796537000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX payment_operations_actor_day ON payment_operations (tenant_id, actor, created_at)');
    await queryRunner.query(`CREATE INDEX giving_back_approvals_requested_day ON giving_back_approvals (tenant_id, requested_by, created_at) WHERE status = 'AWAITING'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX giving_back_approvals_requested_day');
    await queryRunner.query('DROP INDEX payment_operations_actor_day');
  }
}
