import { cardValidOn } from '@platform/core';
import { findServiceAccounts, loadBalances } from '@platform/billing';
import type { IsoDate } from '@platform/core';
import { linkedPairs, userContacts } from '@platform/customers';
import { withTenant } from '@platform/db';
import { convenienceFeeCents, methodNotAccepted, savedMethodsById, type SavedMethodSummary } from '@platform/payments';
import type { Tenant, TenantSettings } from '@platform/tenants';
import type { EntityManager } from 'typeorm';
import { cycleOf, deductionDateOf, firstCycleFor, reminderDateFor } from '../autopay-calendar';
import { announcesCharge, queueAutopayNotice, type AutopayNotice } from './autopay-notice.service';
import type { AutopayScope } from '../autopay-scope';
import { noticeOfEnrolment } from './notice-of-enrolment';
import { methodUsable, type SuspensionReason } from '../runs/autopay-decision';
import { suspendEnrollments, type Suspension } from '../runs/suspension.service';

const PAGE_SIZE = 500;

type NoticeKind = 'REMINDER' | 'CARD_EXPIRING';

interface EnrollmentRow {
  service_account_id: string;
  user_id: string;
  saved_method_id: string;
  max_amount_cents: string | null;
  /** Which enrolment of the account this is: as text, so it goes back exactly as read. */
  enrolled_at: string;
}

/**
 * Before each deduction, tells every customer it will charge: a reminder
 * with the amount and the method's last four digits from the city's reminder
 * day on (none when the city sets 0 days), and a warning when the card will
 * have expired by then (from the moment the previous deduction is over, so
 * there is a month to change it). Each goes out once per account, cycle and
 * enrolment, whatever the number of passes: a customer who cancels and enrols
 * again is told again before the new enrolment is charged, since what an
 * earlier one was told promises this one nothing. A pass that missed its day
 * catches up until the deduction. None is sent for a cycle whose deduction
 * is made already (the city moved its day later after it): the run makes no
 * second one. Each records the deduction date it names: a reminder's is a
 * promise the run keeps for that cycle even if the city moves its deduction
 * day afterwards (see firstAttemptPage). A reminder also records
 * the amount due it announces, the most the run takes for the cycle: a bill
 * that arrives after it is left for the next cycle's reminder (see
 * remindedAmounts), and the fee it announces, the most the run adds to it. An
 * enrolment whose method the run would refuse (gone, blocked, or, from the
 * reminder day on, of a kind the city no longer takes) is suspended instead,
 * and its customer told (suspendOnLostMethods). Returns
 * how many of each were queued.
 */
export async function sendAutopayNotices(scope: AutopayScope, tenant: Tenant, today: IsoDate): Promise<Record<NoticeKind, number>> {
  const rules = tenant.settings.autopayRules;
  const deductionDate = deductionDateOf(firstCycleFor(today, rules.deductionDay), rules.deductionDay);
  const cycle = cycleOf(deductionDate);
  const reminderDate = reminderDateFor(deductionDate, rules.reminderDaysBefore);
  const remind = reminderDate !== null && today >= reminderDate;
  const sent: Record<NoticeKind, number> = { REMINDER: 0, CARD_EXPIRING: 0 };
  for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
    const page = await withTenant(scope, (manager) =>
      manager.query<EnrollmentRow[]>(
        `SELECT service_account_id, user_id, saved_method_id, max_amount_cents::text, enrolled_at::text FROM autopay_enrollments
          WHERE status = 'ENROLLED' AND first_cycle <= $1 AND service_account_id > $2 ORDER BY service_account_id LIMIT $3`,
        [cycle, after, PAGE_SIZE],
      ),
    );
    if (page.length === 0) return sent;
    after = page[page.length - 1]!.service_account_id;
    const { convenienceFee, maxPaymentCents } = tenant.settings.paymentRules;
    const queued = await withTenant(scope, (manager) =>
      noticesForPage(manager, scope, page, { cycle, deductionDate, remind, fee: convenienceFee, paymentLimitCents: BigInt(maxPaymentCents), paymentRules: tenant.settings.paymentRules }),
    );
    sent.REMINDER += queued.REMINDER;
    sent.CARD_EXPIRING += queued.CARD_EXPIRING;
  }
}

async function noticesForPage(
  manager: EntityManager,
  scope: AutopayScope,
  page: readonly EnrollmentRow[],
  next: {
    readonly cycle: string;
    readonly deductionDate: IsoDate;
    readonly remind: boolean;
    readonly fee: TenantSettings['paymentRules']['convenienceFee'];
    readonly paymentLimitCents: bigint;
    /** What methods the city takes now: one it no longer takes is refused on the day, so no charge is announced on it. */
    readonly paymentRules: TenantSettings['paymentRules'];
  },
): Promise<Record<NoticeKind, number>> {
  const ids = page.map((row) => row.service_account_id);
  // Only the notices of the enrolment there is now (noticeOfEnrolment), as the run binds a reminder's date:
  // one sent to an enrolment cancelled since told this one nothing.
  const already = await manager.query<{ service_account_id: string; kind: NoticeKind }[]>(
    `SELECT n.service_account_id, n.kind
       FROM autopay_notices n JOIN autopay_enrollments e ON e.tenant_id = n.tenant_id AND e.service_account_id = n.service_account_id AND ${noticeOfEnrolment('n', 'e')}
      WHERE n.cycle = $1 AND n.service_account_id = ANY($2::uuid[])`,
    [next.cycle, ids],
  );
  const wasSent = new Set(already.map((n) => `${n.service_account_id}/${n.kind}`));
  // A cycle whose deduction is made already (settled before the city moved its day later) is not deducted again on the
  // new day (see the run's firstAttemptPage): nothing is announced of it, whoever was enrolled then.
  const deducted = new Set(
    (await manager.query<{ service_account_id: string }[]>(`SELECT service_account_id FROM autopay_deductions WHERE cycle = $1 AND service_account_id = ANY($2::uuid[])`, [next.cycle, ids])).map(
      (row) => row.service_account_id,
    ),
  );
  const methods = await savedMethodsById(
    manager,
    page.map((row) => row.saved_method_id),
  );
  // Notices go to a customer who still holds the account: one who unlinked it since is told nothing of it.
  const isLinked = await linkedPairs(
    manager,
    page.map((row) => ({ userId: row.user_id, serviceAccountId: row.service_account_id })),
  );
  // Nor is a closed account's customer: the run skips it (and ends the enrolment), so nothing would be charged.
  const accounts = new Map((await findServiceAccounts(manager, ids)).map((a) => [a.id, a]));
  const isOpen = (row: EnrollmentRow) => {
    const status = accounts.get(row.service_account_id)?.status;
    return status !== undefined && status !== 'CLOSED';
  };
  // Why the run would refuse an enrolment's method on the day, whatever is owed; null when it would charge it. Closed and
  // unlinked accounts are left to the run, which ends those enrolments.
  const unchargeable = (row: EnrollmentRow): SuspensionReason | null => {
    if (!isLinked(row.user_id, row.service_account_id) || !isOpen(row)) return null;
    const method = methods.get(row.saved_method_id);
    if (!method || !methodUsable(method, row.user_id)) return 'METHOD_UNAVAILABLE';
    // A kind the city stops taking only once the cycle's reminder is due: a brand dropped by a slip, and taken again
    // before then, leaves its enrolments as they were (a suspension is ended only by the resident).
    return next.remind && methodNotAccepted(next.paymentRules, method) ? 'METHOD_NOT_ACCEPTED' : null;
  };
  const lost = page.flatMap((row) => {
    const reason = unchargeable(row);
    return reason ? [{ row, reason }] : [];
  });
  await suspendOnLostMethods(manager, scope, next.cycle, lost, (row) => ({
    accountNumber: accounts.get(row.service_account_id)?.accountNumber ?? '',
    method: methods.get(row.saved_method_id) ?? null,
  }));
  const usable = (row: EnrollmentRow): SavedMethodSummary | null => {
    const method = methods.get(row.saved_method_id);
    const charged = !deducted.has(row.service_account_id) && isLinked(row.user_id, row.service_account_id) && isOpen(row);
    return method && methodUsable(method, row.user_id) && !methodNotAccepted(next.paymentRules, method) && charged ? method : null;
  };
  const expiresFirst = (method: SavedMethodSummary) => method.expMonth !== null && method.expYear !== null && !cardValidOn(method.expMonth, method.expYear, next.deductionDate);

  const expiring = page.filter((row) => {
    const method = usable(row);
    return method !== null && expiresFirst(method) && !wasSent.has(`${row.service_account_id}/CARD_EXPIRING`);
  });
  const remindable = next.remind ? page.filter((row) => usable(row) !== null && !expiresFirst(usable(row)!) && !wasSent.has(`${row.service_account_id}/REMINDER`)) : [];
  const balances = await loadBalances(
    manager,
    scope,
    remindable.map((row) => row.service_account_id),
  );
  const dueOf = (row: EnrollmentRow) => balances.get(row.service_account_id)?.amountDueNowCents ?? 0n;
  const feeOf = (row: EnrollmentRow) => convenienceFeeCents(next.fee, dueOf(row));
  /** What a reminder announces: what the card or account will be charged (the amount due and the city's fee on it), or why it will not be. */
  const termsOf = (row: EnrollmentRow) => {
    const due = dueOf(row);
    return {
      amountCents: due + feeOf(row),
      maxAmountCents: row.max_amount_cents === null ? null : BigInt(row.max_amount_cents),
      // The city's limit is on the amount paid, the fee aside, as payments checks it.
      exceededPaymentLimitCents: due > next.paymentLimitCents ? next.paymentLimitCents : null,
    };
  };
  // Nothing due, nothing to announce; a bill that arrives later gets its reminder on a later pass.
  const reminders = remindable.filter((row) => dueOf(row) > 0n);
  if (expiring.length + reminders.length === 0) return { REMINDER: 0, CARD_EXPIRING: 0 };

  const current = await lockUnchanged(manager, [...expiring, ...reminders]);
  const notices = [...expiring.map((row) => ({ row, kind: 'CARD_EXPIRING' as const })), ...reminders.map((row) => ({ row, kind: 'REMINDER' as const }))].filter((n) => current.has(n.row));
  // A concurrent pass may have sent some of these since: only the rows this insert adds are sent here. The key names the
  // enrolment, so that pass's notice and this one's are the same row.
  const announcesChargeOf = (n: { row: EnrollmentRow; kind: NoticeKind }) => n.kind === 'REMINDER' && announcesCharge(termsOf(n.row));
  // When they went out: what is paid down from then on comes off what the reminders announced (remindedAmounts).
  const sentAt = scope.clock.now();
  const inserted = await manager.query<{ service_account_id: string; kind: NoticeKind }[]>(
    `INSERT INTO autopay_notices (tenant_id, service_account_id, cycle, kind, sent_at, deduction_date, enrolled_at, amount_cents, fee_cents)
     SELECT $1, n.account, $2, n.kind, $3, $4, n.enrolled_at, n.amount, n.fee
       FROM unnest($5::uuid[], $6::text[], $7::timestamptz[], $8::bigint[], $9::bigint[]) AS n(account, kind, enrolled_at, amount, fee)
     ON CONFLICT DO NOTHING RETURNING service_account_id, kind`,
    [
      scope.tenant.id,
      next.cycle,
      sentAt,
      next.deductionDate,
      notices.map((n) => n.row.service_account_id),
      notices.map((n) => n.kind),
      notices.map((n) => n.row.enrolled_at),
      // The amount due a reminder announces, the most the run takes for the cycle (see remindedAmounts); nothing, when it
      // says the month will not be paid: the resident, told to pay it another way, would otherwise pay it twice.
      notices.map((n) => (n.kind !== 'REMINDER' ? null : announcesChargeOf(n) ? dueOf(n.row).toString() : '0')),
      // And the fee it announces, the most the run adds to it, whatever fee the city sets before the deduction.
      notices.map((n) => (announcesChargeOf(n) ? feeOf(n.row).toString() : null)),
    ],
  );
  const ours = new Set(inserted.map((n) => `${n.service_account_id}/${n.kind}`));
  const contacts = await userContacts(
    manager,
    notices.map((n) => n.row.user_id),
  );
  const queued: Record<NoticeKind, number> = { REMINDER: 0, CARD_EXPIRING: 0 };
  for (const { row, kind } of notices) {
    const to = contacts.get(row.user_id);
    const method = usable(row);
    if (!ours.has(`${row.service_account_id}/${kind}`) || !to || !method) continue;
    const accountNumber = accounts.get(row.service_account_id)?.accountNumber ?? '';
    const notice: AutopayNotice =
      kind === 'CARD_EXPIRING'
        ? { template: 'AUTOPAY_CARD_EXPIRING', accountNumber, method, deductionDate: next.deductionDate }
        : { template: 'AUTOPAY_REMINDER', accountNumber, method, deductionDate: next.deductionDate, ...termsOf(row), binds: { amountDueCents: dueOf(row), since: sentAt } };
    await queueAutopayNotice(manager, scope, { ...to, userId: row.user_id }, notice);
    queued[kind]++;
  }
  return queued;
}

/**
 * Suspends these enrolments, whose method the run would refuse whatever is
 * owed: one autopay may never charge again (METHOD_UNAVAILABLE: removed, a
 * bank account blocked after a return), or of a kind the city no longer
 * takes (METHOD_NOT_ACCEPTED: a card brand dropped, e-checks stopped). Each
 * customer is told why at this pass rather than on the deduction day: the
 * return or the city's change comes days or weeks before it, and until the
 * day the customer would believe next month taken care of, with no reminder
 * to say otherwise. An enrolment changed since the page read it (a new
 * method) is left as it is now. Payments, which blocks the account, may not
 * call autopay, and the city's settings do not, so the hourly pass is the
 * first moment autopay can act on either.
 */
async function suspendOnLostMethods(
  manager: EntityManager,
  scope: AutopayScope,
  cycle: string,
  lost: readonly { readonly row: EnrollmentRow; readonly reason: SuspensionReason }[],
  details: (row: EnrollmentRow) => Pick<Suspension, 'accountNumber' | 'method'>,
): Promise<void> {
  if (lost.length === 0) return;
  const current = await lockUnchanged(
    manager,
    lost.map((l) => l.row),
  );
  await suspendEnrollments(
    manager,
    scope,
    lost.filter(({ row }) => current.has(row)).map(({ row, reason }) => ({ serviceAccountId: row.service_account_id, cycle, userId: row.user_id, reason, ...details(row) })),
  );
}

/**
 * Of these enrolments as the page read them, those still so (the same
 * enrolment, customer, method and maximum), locked (FOR KEY SHARE) until the
 * caller's transaction ends: a notice is recorded for the enrolment it was
 * written for, and a customer cancelling, enrolling again or changing the
 * method meanwhile (each locks the enrolment FOR UPDATE) waits for it, so
 * what they withdraw includes what this queues. Only the enrolments to be
 * told are locked, not every one a pass reads each hour; the run's changes
 * (no key changed) do not wait.
 */
async function lockUnchanged(manager: EntityManager, rows: readonly EnrollmentRow[]): Promise<Set<EnrollmentRow>> {
  if (rows.length === 0) return new Set();
  const locked = await manager.query<EnrollmentRow[]>(
    `SELECT service_account_id, user_id, saved_method_id, max_amount_cents::text, enrolled_at::text FROM autopay_enrollments
      WHERE status = 'ENROLLED' AND service_account_id = ANY($1::uuid[]) ORDER BY service_account_id FOR KEY SHARE`,
    [rows.map((row) => row.service_account_id)],
  );
  const now = new Map(locked.map((row) => [row.service_account_id, row]));
  const same = (a: EnrollmentRow, b: EnrollmentRow | undefined) =>
    b !== undefined && a.enrolled_at === b.enrolled_at && a.user_id === b.user_id && a.saved_method_id === b.saved_method_id && a.max_amount_cents === b.max_amount_cents;
  return new Set(rows.filter((row) => same(row, now.get(row.service_account_id))));
}
