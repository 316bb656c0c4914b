import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Finds the reminders whose promised date has come, by cycle and date: every
 * hourly pass before the city's deduction day asks which accounts were
 * promised a date by now (the day moved later after their reminder went
 * out), and without it that was a look-up per enrolment, all month.
 */
export class PromisedDatesIndex1763801201100 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX autopay_notices_promised ON autopay_notices (tenant_id, cycle, deduction_date) WHERE kind = 'REMINDER' AND deduction_date IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX autopay_notices_promised');
  }
}
