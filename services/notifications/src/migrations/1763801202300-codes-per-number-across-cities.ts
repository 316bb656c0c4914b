import { acrossCities } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The confirmation codes texted to each number, whichever city sent them, so
 * a number is sent five a day in all: counted per city, an attacker with an
 * account in each of n cities could have a stranger texted 5n codes a day (a
 * cent each, and a flood for the stranger). No city's row: it holds no
 * tenant, only a SHA-256 of the number and when, and is kept for a day; a
 * reference table where the database is distributed by city (README).
 */
export class CodesPerNumberAcrossCities1763801202300 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE sms_code_sends (phone_hash text NOT NULL, sent_at timestamptz NOT NULL)');
    await queryRunner.query('CREATE INDEX sms_code_sends_by_phone ON sms_code_sends (phone_hash, sent_at)');
    await queryRunner.query('CREATE INDEX sms_code_sends_by_age ON sms_code_sends (sent_at)');
    // The codes every city texted in the last day count too (the limit before this one read them in each city's
    // outbox): without them a number sent five today would be sent five more on the day of the deployment.
    await acrossCities(queryRunner, ['notification_outbox'], async () => {
      await queryRunner.query(`
        INSERT INTO sms_code_sends (phone_hash, sent_at)
        SELECT encode(sha256(convert_to(recipient, 'UTF8')), 'hex'), created_at FROM notification_outbox
         WHERE template = 'SMS_PHONE_CODE' AND created_at > now() - interval '1 day'`);
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE sms_code_sends');
  }
}
