import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A city may deduct on the 29th, 30th or 31st (autopay then deducts on the
 * last day of a shorter month, see deductionDateOf), so the registry's check
 * on the deduction day allows 1-31, as the settings' validation does.
 */
export class DeductionDayToMonthEnd1763801201900 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(settingsCheck(31));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Fails while a city deducts after the 28th: move its day first.
    await queryRunner.query(settingsCheck(28));
  }
}

function settingsCheck(lastDay: number): string {
  return `
    ALTER TABLE tenants DROP CONSTRAINT tenants_settings_check,
      ADD CONSTRAINT tenants_settings_check CHECK (
        jsonb_typeof(settings) = 'object'
        AND (settings #>> '{autopayRules,deductionDay}')::int BETWEEN 1 AND ${lastDay}
      )`;
}
