import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Calls turned away because no card could be taken (the processor or its pay connector failing): staff count them in phoneCallSummary. */
export class CallsCardsUnavailable1796483914936 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE phone_calls ADD COLUMN cards_unavailable boolean NOT NULL DEFAULT false');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE phone_calls DROP COLUMN cards_unavailable');
  }
}
