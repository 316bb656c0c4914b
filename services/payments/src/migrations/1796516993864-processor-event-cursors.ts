import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where the reconciliation job stopped reading each processor account's event feed (processor-events.ts). No city's
 * row: one account's feed tells of every city's charges, and the row holds only the processor's own event id; a
 * reference table where the database is distributed by city (README).
 */
export class ProcessorEventCursors1796516993864 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE processor_event_cursors (account text PRIMARY KEY, last_event_id text NOT NULL, updated_at timestamptz NOT NULL)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE processor_event_cursors');
  }
}
