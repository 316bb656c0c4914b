import { cursorCodec, fetchSize, type TenantContext } from '@platform/api';
import { findServiceAccounts, type ServiceAccountEntity } from '@platform/billing';
import { linkedPairs } from '@platform/customers';
import { withTenant } from '@platform/db';
import { savedMethodsById, type SavedMethodSummary } from '@platform/payments';
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { NO_SCHEDULE, type Cycle, type DeductionSchedule } from '../autopay-calendar';
import { deductionSchedules } from '../runs/deduction-schedule.queries';
import { AutopayEnrollmentEntity, type EnrollmentStatus } from './autopay-enrollment.entity';
import { shownAutopayStatus } from './autopay-status';
import type { AutopayStatus } from './autopay.types';

/**
 * An account's enrolment (null: never enrolled), the saved method it pays
 * from, what its coming deductions keep to (the dates its reminders named
 * from this month on, its retries, the cycles already deducted), and whether
 * the next run ends it rather than charge it.
 */
export interface AccountAutopay {
  readonly enrollment: AutopayEnrollmentEntity | null;
  readonly method: SavedMethodSummary | null;
  readonly schedule: DeductionSchedule;
  /**
   * The city has closed the account, or the customer who enrolled no longer
   * holds it: the run skips it and ends the enrolment (ACCOUNT_CLOSED,
   * ACCOUNT_UNLINKED), so nothing is to be promised of it, and another holder
   * may enrol in its place.
   */
  readonly lapsed: boolean;
}

/**
 * Which of these enrolments have lapsed (AccountAutopay.lapsed), given their
 * accounts as billing has them, in one statement: the account, the staff
 * list and a resident removing a saved method (enrollmentChargesMethod) all
 * ask this, so none holds an enrolment the others show as gone.
 */
async function lapsedEnrollments(
  manager: EntityManager,
  enrollments: readonly AutopayEnrollmentEntity[],
  accounts: ReadonlyMap<string, Pick<ServiceAccountEntity, 'status'>>,
): Promise<(enrollment: AutopayEnrollmentEntity) => boolean> {
  const active = enrollments.filter((e) => e.status !== 'CANCELLED');
  const isLinked = await linkedPairs(
    manager,
    active.map((e) => ({ userId: e.userId, serviceAccountId: e.serviceAccountId })),
  );
  return (e) => e.status !== 'CANCELLED' && (accounts.get(e.serviceAccountId)?.status === 'CLOSED' || !isLinked(e.userId, e.serviceAccountId));
}

async function accountsOf(manager: EntityManager, enrollments: readonly AutopayEnrollmentEntity[]): Promise<Map<string, ServiceAccountEntity>> {
  return new Map(
    (
      await findServiceAccounts(
        manager,
        enrollments.map((e) => e.serviceAccountId),
      )
    ).map((a) => [a.id, a]),
  );
}

/**
 * The enrolments of these accounts with their methods, what their coming
 * deductions keep to from cycle `since` on, and whether each has lapsed, in
 * the caller's tenant transaction, in six statements.
 */
export async function autopayOfAccounts(manager: EntityManager, accountIds: readonly string[], since: Cycle): Promise<Map<string, AccountAutopay>> {
  const enrollments = accountIds.length === 0 ? [] : await manager.getRepository(AutopayEnrollmentEntity).findBy({ serviceAccountId: In([...accountIds]) });
  const { autopayOf } = await readAround(manager, enrollments, since);
  const byAccount = new Map(enrollments.map((e) => [e.serviceAccountId, e]));
  return new Map(
    accountIds.map((id) => {
      const enrollment = byAccount.get(id);
      return [id, enrollment ? autopayOf(enrollment) : { enrollment: null, method: null, schedule: NO_SCHEDULE, lapsed: false }];
    }),
  );
}

/**
 * What enrolments' autopay is shown from besides themselves, in five
 * statements: their accounts, and each one's method, what its coming
 * deductions keep to from cycle `since` on, and whether it has lapsed.
 */
async function readAround(
  manager: EntityManager,
  enrollments: readonly AutopayEnrollmentEntity[],
  since: Cycle,
): Promise<{ accounts: Map<string, ServiceAccountEntity>; autopayOf: (enrollment: AutopayEnrollmentEntity) => AccountAutopay & { readonly enrollment: AutopayEnrollmentEntity } }> {
  const accounts = await accountsOf(manager, enrollments);
  const isLapsed = await lapsedEnrollments(manager, enrollments, accounts);
  const methods = await savedMethodsById(
    manager,
    enrollments.map((e) => e.savedMethodId),
  );
  const schedules = await deductionSchedules(
    manager,
    enrollments.map((e) => e.serviceAccountId),
    since,
  );
  return {
    accounts,
    autopayOf: (enrollment) => ({
      enrollment,
      method: methods.get(enrollment.savedMethodId) ?? null,
      schedule: schedules.get(enrollment.serviceAccountId) ?? NO_SCHEDULE,
      lapsed: isLapsed(enrollment),
    }),
  };
}

/** A position in the staff list of enrolments: the last one's enrolment time and account id. */
export const enrollmentCursor = cursorCodec('autopayEnrollments', 'timestamp', 'uuid');

/** An enrolment as staff list it: its account's autopay, as the account shows it, with the account. */
export interface ListedEnrollment extends AccountAutopay {
  readonly enrollment: AutopayEnrollmentEntity;
  readonly account: ServiceAccountEntity;
}

/** The stored statuses an enrolment shown with each status may have (see shownAutopayStatus). */
const STORED_STATUSES: Record<AutopayStatus, readonly EnrollmentStatus[]> = {
  ENROLLED: ['ENROLLED'],
  SUSPENDED: ['ENROLLED', 'SUSPENDED'],
  NOT_ENROLLED: ['ENROLLED', 'SUSPENDED', 'CANCELLED'],
};

/**
 * Enrolments, most recently enrolled first, optionally only those shown with
 * one status (as the account shows it: NOT_ENROLLED, cancelled or lapsed):
 * `fetchSize(size)` of them after `after`, with what their coming deductions
 * keep to from cycle `since` on, in six statements per `fetchSize(size)`
 * enrolments read. Whether an enrolment is shown with a status is known only
 * once its account and links are read, so a filtered page reads on until it
 * is full or the enrolments end.
 */
export async function enrollmentsPage(ctx: TenantContext, status: AutopayStatus | null, size: number, after: readonly [Date, string] | null, since: Cycle): Promise<ListedEnrollment[]> {
  const wanted = fetchSize(size);
  return withTenant(ctx, async (manager) => {
    const listed: ListedEnrollment[] = [];
    for (let position = after; ;) {
      const query = manager.getRepository(AutopayEnrollmentEntity).createQueryBuilder('e').orderBy('e.enrolled_at', 'DESC').addOrderBy('e.service_account_id', 'DESC').limit(wanted);
      if (status) query.andWhere('e.status IN (:...stored)', { stored: STORED_STATUSES[status] });
      if (position) query.andWhere('(e.enrolled_at, e.service_account_id) < (:at, :id)', { at: position[0], id: position[1] });
      const enrollments = await query.getMany();
      const { accounts, autopayOf } = await readAround(manager, enrollments, since);
      for (const enrollment of enrollments) {
        const account = accounts.get(enrollment.serviceAccountId);
        const autopay = autopayOf(enrollment);
        // Billing never deletes an account, so every enrolment has its account; the check only satisfies the types.
        if (!account || (status && shownAutopayStatus(enrollment, autopay.method, autopay.lapsed) !== status)) continue;
        listed.push({ ...autopay, account });
      }
      const last = enrollments.at(-1);
      if (listed.length >= wanted || enrollments.length < wanted || !last) return listed.slice(0, wanted);
      position = [last.enrolledAt, last.serviceAccountId];
    }
  });
}

/**
 * Whether an active enrolment charges this saved method, in the caller's
 * tenant transaction: the payments service asks before a resident removes
 * it (see the gateway's modules). A suspended enrolment takes a new method
 * to start again, so it does not hold the old one; nor does a lapsed one
 * (lapsedEnrollments: its customer has unlinked the account, or the city
 * has closed it): the run ends it without charging, and the resident, shown
 * the account with no autopay (or not at all), has none left to cancel.
 */
export async function enrollmentChargesMethod(manager: EntityManager, savedMethodId: string): Promise<boolean> {
  const enrollments = await manager.getRepository(AutopayEnrollmentEntity).findBy({ savedMethodId, status: 'ENROLLED' });
  const isLapsed = await lapsedEnrollments(manager, enrollments, await accountsOf(manager, enrollments));
  return enrollments.some((e) => !isLapsed(e));
}
