import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A call's id as each provider writes it: Twilio's "CA" and hex, Telnyx TeXML's "v3:" and base64url, SignalWire's a
 * UUID. The check took Twilio's alone, so no Telnyx or SignalWire call could be kept (CALL_SID in voice-webhook.ts).
 */
export class ProviderCallSids1796538308950 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE phone_calls DROP CONSTRAINT phone_calls_call_sid_check');
    await queryRunner.query(`ALTER TABLE phone_calls ADD CONSTRAINT phone_calls_call_sid_check CHECK (call_sid ~ '^[A-Za-z0-9][A-Za-z0-9:_-]{1,127}$')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE phone_calls DROP CONSTRAINT phone_calls_call_sid_check');
    await queryRunner.query(`ALTER TABLE phone_calls ADD CONSTRAINT phone_calls_call_sid_check CHECK (call_sid ~ '^[A-Za-z0-9]{2,64}$') NOT VALID`);
  }
}
