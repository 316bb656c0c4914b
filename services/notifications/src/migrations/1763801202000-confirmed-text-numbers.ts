import { acrossCities } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Texts go only to a number its user proved is theirs, by entering the code
 * texted to it (preferences/text-number-confirmation.ts): until then anyone
 * could have a city's receipts texted to a stranger. The code is kept as a
 * hash, with the number it was texted to and when, for ten minutes and five
 * tries. A change of number unconfirms it in the database itself, so no
 * writer (an instance of an older release during a deployment) can carry a
 * confirmation over to a number nobody proved.
 *
 * Numbers saved before this change were never proved, and are taken as
 * confirmed all the same: ending texts their residents chose, without a word
 * to them, would drop receipts they rely on, and a stranger's number still
 * stops them with one STOP.
 */
export class ConfirmedTextNumbers1763801202000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE notification_preferences
        ADD COLUMN sms_phone_confirmed boolean NOT NULL DEFAULT false,
        ADD COLUMN sms_code_hash text,
        ADD COLUMN sms_code_expires_at timestamptz,
        ADD COLUMN sms_code_tries_left integer NOT NULL DEFAULT 0,
        ADD COLUMN sms_code_phone text,
        ADD COLUMN sms_code_sent_at timestamptz,
        ADD CONSTRAINT notification_preferences_confirmed_number CHECK (NOT sms_phone_confirmed OR sms_phone IS NOT NULL),
        ADD CONSTRAINT notification_preferences_code_for_number CHECK (
          sms_code_hash IS NULL OR (sms_phone IS NOT NULL AND sms_code_phone IS NOT NULL AND sms_code_expires_at IS NOT NULL AND sms_code_sent_at IS NOT NULL))`);
    await queryRunner.query(`
      CREATE FUNCTION notification_preferences_unconfirm_new_number() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.sms_phone_confirmed := false;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER notification_preferences_unconfirm_new_number BEFORE UPDATE OF sms_phone ON notification_preferences
        FOR EACH ROW WHEN (NEW.sms_phone IS DISTINCT FROM OLD.sms_phone) EXECUTE FUNCTION notification_preferences_unconfirm_new_number()`);
    await acrossCities(queryRunner, ['notification_preferences'], async () => {
      await queryRunner.query('UPDATE notification_preferences SET sms_phone_confirmed = true WHERE sms_phone IS NOT NULL');
    });
    // The codes a user asked for, and a number was sent, lately: counted to hold off a flood of them (text-number-confirmation.ts).
    await queryRunner.query(`CREATE INDEX notification_outbox_codes_by_user ON notification_outbox (tenant_id, user_id, created_at) WHERE template = 'SMS_PHONE_CODE'`);
    await queryRunner.query(`CREATE INDEX notification_outbox_codes_to_number ON notification_outbox (tenant_id, recipient, created_at) WHERE template = 'SMS_PHONE_CODE'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX notification_outbox_codes_to_number');
    await queryRunner.query('DROP INDEX notification_outbox_codes_by_user');
    await queryRunner.query('DROP TRIGGER notification_preferences_unconfirm_new_number ON notification_preferences');
    await queryRunner.query('DROP FUNCTION notification_preferences_unconfirm_new_number()');
    await queryRunner.query(`
      ALTER TABLE notification_preferences
        DROP CONSTRAINT notification_preferences_code_for_number,
        DROP CONSTRAINT notification_preferences_confirmed_number,
        DROP COLUMN sms_code_sent_at,
        DROP COLUMN sms_code_phone,
        DROP COLUMN sms_code_tries_left,
        DROP COLUMN sms_code_expires_at,
        DROP COLUMN sms_code_hash,
        DROP COLUMN sms_phone_confirmed`);
  }
}
