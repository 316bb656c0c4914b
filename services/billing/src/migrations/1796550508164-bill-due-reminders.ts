import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRowLevelSecurity, makeAppendOnly } from '@platform/db';

/**
 * A bill whose holders were reminded it is coming due has a row here (bills-due-soon.ts), added in the transaction
 * that queues the reminders, so a bill is reminded of once, whatever the job's retries or workers.
 */
export class BillDueReminders1796550508164 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE bill_due_reminders (
        tenant_id uuid NOT NULL,
        payable_id uuid NOT NULL,
        reminded_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, payable_id),
        FOREIGN KEY (tenant_id, payable_id) REFERENCES payables (tenant_id, id)
      )`);
    await enableTenantRowLevelSecurity(queryRunner, 'bill_due_reminders');
    await makeAppendOnly(queryRunner, 'bill_due_reminders');
    // The bills coming due in the next few days, found by date rather than by a scan of every bill the city has.
    await queryRunner.query(`CREATE INDEX payables_due_bills ON payables (tenant_id, due_date) WHERE kind = 'UTILITY_BILL'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX payables_due_bills');
    await queryRunner.query('DROP TABLE bill_due_reminders');
  }
}
