import { acrossCities } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Emails are stored and looked up in NFC from now on (normaliseIdentifier in
 * @platform/auth): one stored before with an accent decomposed ("e" plus
 * U+0301) would no longer be found when its owner signs in. Each becomes its
 * NFC form, unless another user of its city has that address or would get it
 * too: those are left as they are, for staff to sort out, rather than
 * failing the migration on the unique index or choosing whose account keeps
 * the address. Usernames are ASCII (identity.ts), the same in every form.
 */
export class EmailsInNfc1763801201500 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await acrossCities(queryRunner, ['users'], () =>
      queryRunner.query(`
        UPDATE users u SET email = normalize(u.email, NFC)
         WHERE u.email IS NOT NFC NORMALIZED
           AND NOT EXISTS (SELECT 1 FROM users o WHERE o.tenant_id = u.tenant_id AND o.id <> u.id AND normalize(o.email, NFC) = normalize(u.email, NFC))`),
    );
  }

  async down(): Promise<void> {
    // Nothing to undo: the NFC address is the same address, and the form it had before is not kept.
  }
}
