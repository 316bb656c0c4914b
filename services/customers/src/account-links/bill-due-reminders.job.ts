import type { JobHelpers } from '@platform/api';
import { billsDueSoon, maskAccountNumber, type BillDueSoon, type BillingScope } from '@platform/billing';
import { formatMoney, money, offeredLocale } from '@platform/core';
import { withTenant } from '@platform/db';
import { enqueueNotifications } from '@platform/notifications';
import { forEachCity, toTenantRef, type Tenant } from '@platform/tenants';
import type { EntityManager } from 'typeorm';
import type { AccountsPaidByAutopay } from './accounts-paid-by-autopay';
import { billNoticeRecipients } from './bill-notice-recipients';

/** Bills marked per transaction: short transactions, each its own batch of reminders. */
const REMINDER_BATCH_SIZE = 1_000;

/**
 * Reminds each resident who linked an account that its bill comes due in the next few days (billing's billsDueSoon:
 * BILL_DUE_SOON, the amount the account owes now and the due date, a link to pay), by email and, where they confirmed
 * a number, text, in their language. Not where the account owes nothing now (pending payments count as paid), nor
 * where autopay pays it: its own reminder says what it will take, and when. The same switch as new bill notices turns
 * these off. Hourly, since cities start their day in different time zones; each bill is reminded of once, in the
 * transaction that marks it, so the schedule, a retry or a second worker remind nobody twice.
 */
export async function remindHoldersOfBillsDue({ db, clock, log, stopping }: Pick<JobHelpers, 'db' | 'clock' | 'log' | 'stopping'>, accountsPaidByAutopay: AccountsPaidByAutopay): Promise<void> {
  await forEachCity(db, log, async (tenant) => {
    const scope = { db, tenant: toTenantRef(tenant), clock };
    let reminded = 0;
    while (!stopping.aborted) {
      const batch = await withTenant(scope, async (manager) => {
        const due = await billsDueSoon(manager, scope, REMINDER_BATCH_SIZE);
        return { marked: due.marked, queued: await queueReminders(manager, scope, tenant, due.owing, accountsPaidByAutopay) };
      });
      reminded += batch.queued;
      if (batch.marked < REMINDER_BATCH_SIZE) break;
    }
    if (reminded > 0) log.info({ tenant: tenant.slug, reminded }, 'residents reminded of bills coming due');
  });
}

/** One BILL_DUE_SOON per bill and holder of an account autopay does not pay; returns how many were queued. */
async function queueReminders(manager: EntityManager, scope: BillingScope, tenant: Tenant, bills: readonly BillDueSoon[], paidByAutopay: AccountsPaidByAutopay): Promise<number> {
  const { holders, autopayDates } = await billNoticeRecipients(
    manager,
    scope,
    tenant,
    bills.map((bill) => bill.serviceAccountId),
    paidByAutopay,
  );
  const notices = holders.flatMap(({ userId, serviceAccountId, email, locale }) =>
    autopayDates.has(serviceAccountId)
      ? []
      : bills
          .filter((bill) => bill.serviceAccountId === serviceAccountId)
          .map((bill) => {
            const language = offeredLocale(scope.tenant, locale);
            const data = {
              accountNumber: maskAccountNumber(bill.accountNumber),
              billNumber: bill.billNumber,
              amount: formatMoney(money(bill.amountDueNowCents), language),
              dueDate: bill.dueDate,
            };
            return { tenantId: scope.tenant.id, to: email, locale: language, userId, template: 'BILL_DUE_SOON' as const, data, accountNumbers: [bill.accountNumber] };
          }),
  );
  await enqueueNotifications(manager, notices, scope.clock.now());
  return notices.length;
}
