import { acrossCities } from '@platform/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A refund or void awaiting approval expires unanswered after the city's paymentRules.approvalExpiryDays: EXPIRED, with
 * no decider (decided_at is when it was found expired), and nothing was sent. Only APPROVED and DECLINED name who
 * decided.
 */
export class GivingBackApprovalsExpire1796536900000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE giving_back_approvals DROP CONSTRAINT giving_back_approvals_status_check`);
    await queryRunner.query(`ALTER TABLE giving_back_approvals ADD CONSTRAINT giving_back_approvals_status_check CHECK (status IN ('AWAITING', 'APPROVED', 'DECLINED', 'EXPIRED'))`);
    await queryRunner.query(`ALTER TABLE giving_back_approvals DROP CONSTRAINT giving_back_approvals_decided`);
    await queryRunner.query(
      `ALTER TABLE giving_back_approvals ADD CONSTRAINT giving_back_approvals_decided CHECK ((status IN ('APPROVED', 'DECLINED')) = (decided_by IS NOT NULL) AND (status = 'AWAITING') = (decided_at IS NULL))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await acrossCities(queryRunner, ['giving_back_approvals'], () => queryRunner.query(`UPDATE giving_back_approvals SET status = 'DECLINED', decided_by = 'system' WHERE status = 'EXPIRED'`));
    await queryRunner.query(`ALTER TABLE giving_back_approvals DROP CONSTRAINT giving_back_approvals_decided`);
    await queryRunner.query(`ALTER TABLE giving_back_approvals ADD CONSTRAINT giving_back_approvals_decided CHECK ((status = 'AWAITING') = (decided_by IS NULL))`);
    await queryRunner.query(`ALTER TABLE giving_back_approvals DROP CONSTRAINT giving_back_approvals_status_check`);
    await queryRunner.query(`ALTER TABLE giving_back_approvals ADD CONSTRAINT giving_back_approvals_status_check CHECK (status IN ('AWAITING', 'APPROVED', 'DECLINED'))`);
  }
}
