import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A resident's registration whose address nobody proved ends when the address's owner claims it (registering, or
 * following the link to it from their profile): the ended user lets its address go, keeping no email, and is disabled,
 * staying for the city's records of what it did. A user without email or username was refused; one disabled may now be.
 */
export class UnprovedRegistrationEnded1796548078949 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE users DROP CONSTRAINT users_check');
    await queryRunner.query('ALTER TABLE users ADD CONSTRAINT users_identified CHECK (email IS NOT NULL OR username IS NOT NULL OR disabled_at IS NOT NULL)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE users DROP CONSTRAINT users_identified');
    // Registrations ended since keep no identifier: the old rule holds for new rows, not for them.
    await queryRunner.query('ALTER TABLE users ADD CONSTRAINT users_check CHECK (email IS NOT NULL OR username IS NOT NULL) NOT VALID');
  }
}
