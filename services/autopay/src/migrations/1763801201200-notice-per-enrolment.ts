import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A reminder and a card warning go out once per account, cycle and kind for
 * each enrolment, no longer once per account, cycle and kind: a customer who
 * cancels and enrols again in a cycle whose reminder went out is told again
 * before the new enrolment is charged (see noticesForPage). Each notice names
 * its enrolment by the enrolment's enrolled_at, and the key includes it, so
 * two passes at once still record, and send, one.
 *
 * Notices recorded before this column get -infinity (no backfill): which
 * enrolment each was for is known only by when it was sent (the enrolment row
 * keeps only its latest enrolled_at), the table is append-only, and the
 * binding by sent_at (n.sent_at >= e.enrolled_at), which the run and the
 * passes still go by for them (noticeOfEnrolment), tells. They stay unique,
 * as the previous key kept them.
 * The default is dropped at once: every new notice names its enrolment.
 */
export class NoticePerEnrolment1763801201200 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    // A constant default: the rows there take it without the table being rewritten or its rows changed, which it refuses.
    await queryRunner.query(`ALTER TABLE autopay_notices ADD COLUMN enrolled_at timestamptz NOT NULL DEFAULT '-infinity'`);
    await queryRunner.query('ALTER TABLE autopay_notices ALTER COLUMN enrolled_at DROP DEFAULT');
    await queryRunner.query('ALTER TABLE autopay_notices DROP CONSTRAINT autopay_notices_pkey, ADD PRIMARY KEY (tenant_id, service_account_id, cycle, kind, enrolled_at)');
  }

  /** Fails once an account has two notices of a kind in a cycle (enrolled again): the previous key cannot hold them. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE autopay_notices DROP CONSTRAINT autopay_notices_pkey, ADD PRIMARY KEY (tenant_id, service_account_id, cycle, kind)');
    await queryRunner.query('ALTER TABLE autopay_notices DROP COLUMN enrolled_at');
  }
}
