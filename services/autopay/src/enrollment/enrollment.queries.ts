import { cursorCodec, fetchSize, type TenantContext } from '@platform/api';
import { findServiceAccounts, type ServiceAccountEntity } from '@platform/billing';
import { linkedPairs } from '@platform/customers';
import { withTenant } from '@platform/db';
import { savedMethodsById, type SavedMethodSummary } from '@platform/payments';
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { NO_PROMISES, NO_RETRIES, type Cycle, type PendingRetries, type PromisedDates } from '../autopay-calendar';
import { promisedDates } from '../notices/promised-dates.queries';
import { pendingRetries } from '../runs/pending-retries.queries';
import { AutopayEnrollmentEntity, type EnrollmentStatus } from './autopay-enrollment.entity';
import type { AutopayStatus } from './autopay.types';

/**
 * An account's enrolment (null: never enrolled), the saved method it pays
 * from, the dates its reminders named from this month on, the retries
 * scheduled for it, and whether the next run ends it rather than charge it.
 */
export interface AccountAutopay {
  readonly enrollment: AutopayEnrollmentEntity | null;
  readonly method: SavedMethodSummary | null;
  readonly promised: PromisedDates;
  readonly retries: PendingRetries;
  /**
   * The city has closed the account, or the customer who enrolled no longer
   * holds it: the run skips it and ends the enrolment (ACCOUNT_CLOSED,
   * ACCOUNT_UNLINKED), so nothing is to be promised of it, and another holder
   * may enrol in its place.
   */
  readonly lapsed: boolean;
}

/**
 * The enrolments of these accounts with their methods, the dates reminders
 * named from cycle `since` on, their retries, and whether each has lapsed
 * (the account closed, or unlinked by its enroller), in the caller's tenant
 * transaction, in six statements.
 */
export async function autopayOfAccounts(manager: EntityManager, accountIds: readonly string[], since: Cycle): Promise<Map<string, AccountAutopay>> {
  const enrollments = accountIds.length === 0 ? [] : await manager.getRepository(AutopayEnrollmentEntity).findBy({ serviceAccountId: In([...accountIds]) });
  const active = enrollments.filter((e) => e.status !== 'CANCELLED');
  const closed = new Set(
    (
      await findServiceAccounts(
        manager,
        active.map((e) => e.serviceAccountId),
      )
    )
      .filter((a) => a.status === 'CLOSED')
      .map((a) => a.id),
  );
  const isLinked = await linkedPairs(
    manager,
    active.map((e) => ({ userId: e.userId, serviceAccountId: e.serviceAccountId })),
  );
  const methods = await savedMethodsById(
    manager,
    enrollments.map((e) => e.savedMethodId),
  );
  const promised = await promisedDates(
    manager,
    enrollments.map((e) => e.serviceAccountId),
    since,
  );
  const retries = await pendingRetries(
    manager,
    enrollments.map((e) => e.serviceAccountId),
  );
  const byAccount = new Map(enrollments.map((e) => [e.serviceAccountId, e]));
  return new Map(
    accountIds.map((id) => {
      const enrollment = byAccount.get(id) ?? null;
      const method = enrollment ? (methods.get(enrollment.savedMethodId) ?? null) : null;
      const lapsed = enrollment !== null && enrollment.status !== 'CANCELLED' && (closed.has(id) || !isLinked(enrollment.userId, id));
      return [id, { enrollment, method, promised: promised.get(id) ?? NO_PROMISES, retries: retries.get(id) ?? NO_RETRIES, lapsed }];
    }),
  );
}

/** A position in the staff list of enrolments: the last one's enrolment time and account id. */
export const enrollmentCursor = cursorCodec('timestamp', 'uuid');

/** An enrolment as staff list it: with its account, method, the dates its reminders named and its retries. */
export interface ListedEnrollment {
  readonly enrollment: AutopayEnrollmentEntity;
  readonly account: ServiceAccountEntity;
  readonly method: SavedMethodSummary | null;
  readonly promised: PromisedDates;
  readonly retries: PendingRetries;
}

const STORED_STATUS: Record<AutopayStatus, EnrollmentStatus> = { ENROLLED: 'ENROLLED', SUSPENDED: 'SUSPENDED', NOT_ENROLLED: 'CANCELLED' };

/** Enrolments, most recently enrolled first, optionally of one status (NOT_ENROLLED: cancelled): `fetchSize(size)` of them after `after`, with the dates reminders named from cycle `since` on and the retries scheduled, in five statements. */
export async function enrollmentsPage(ctx: TenantContext, status: AutopayStatus | null, size: number, after: readonly [Date, string] | null, since: Cycle): Promise<ListedEnrollment[]> {
  return withTenant(ctx, async (manager) => {
    const query = manager.getRepository(AutopayEnrollmentEntity).createQueryBuilder('e').orderBy('e.enrolled_at', 'DESC').addOrderBy('e.service_account_id', 'DESC').limit(fetchSize(size));
    if (status) query.andWhere('e.status = :status', { status: STORED_STATUS[status] });
    if (after) query.andWhere('(e.enrolled_at, e.service_account_id) < (:at, :id)', { at: after[0], id: after[1] });
    const enrollments = await query.getMany();
    const accounts = new Map(
      (
        await findServiceAccounts(
          manager,
          enrollments.map((e) => e.serviceAccountId),
        )
      ).map((a) => [a.id, a]),
    );
    const methods = await savedMethodsById(
      manager,
      enrollments.map((e) => e.savedMethodId),
    );
    const promised = await promisedDates(
      manager,
      enrollments.map((e) => e.serviceAccountId),
      since,
    );
    const retries = await pendingRetries(
      manager,
      enrollments.map((e) => e.serviceAccountId),
    );
    // Billing never deletes an account, so every enrolment has its account; the filter only satisfies the types.
    return enrollments.flatMap((enrollment) => {
      const account = accounts.get(enrollment.serviceAccountId);
      const id = enrollment.serviceAccountId;
      return account ? [{ enrollment, account, method: methods.get(enrollment.savedMethodId) ?? null, promised: promised.get(id) ?? NO_PROMISES, retries: retries.get(id) ?? NO_RETRIES }] : [];
    });
  });
}

/**
 * Whether an active enrolment charges this saved method, in the caller's
 * tenant transaction: the payments service asks before a resident removes
 * it (see the gateway's modules). A suspended enrolment takes a new method
 * to start again, so it does not hold the old one; nor does one whose
 * customer has unlinked the account since: it is no one's, the run ends it
 * without charging, and the resident, no longer shown the account, has no
 * autopay left to cancel.
 */
export async function enrollmentChargesMethod(manager: EntityManager, savedMethodId: string): Promise<boolean> {
  const enrollments = await manager.getRepository(AutopayEnrollmentEntity).findBy({ savedMethodId, status: 'ENROLLED' });
  const isLinked = await linkedPairs(
    manager,
    enrollments.map((e) => ({ userId: e.userId, serviceAccountId: e.serviceAccountId })),
  );
  return enrollments.some((e) => isLinked(e.userId, e.serviceAccountId));
}
