import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A resident may close their online account (closeMyAccount, or the city's ADMIN for them: closeResidentAccount). The
 * user stays, for the payments, receipts and audit records that name it, but keeps nothing that identifies the person;
 * `closed_at` says when it was closed, so staff read it as a closed account rather than a nameless one, and closing it
 * again changes nothing. No row changes: every user is open until closed.
 */
export class OnlineAccountClosed1796557859377 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE users ADD COLUMN closed_at timestamptz');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Accounts closed since stay disabled and without an identifier (users_identified allows it for a disabled user).
    await queryRunner.query('ALTER TABLE users DROP COLUMN closed_at');
  }
}
