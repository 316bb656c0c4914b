import type { JobHelpers } from '@platform/api';
import { maskAccountNumber, nextImportToTell, type BillingScope, type BillToTell } from '@platform/billing';
import { formatMoney, groupBy, money, offeredLocale } from '@platform/core';
import { withTenant, type TenantScope } from '@platform/db';
import { enqueueNotifications } from '@platform/notifications';
import { forEachCity, toTenantRef, type Tenant } from '@platform/tenants';
import type { EntityManager } from 'typeorm';
import { billNoticeRecipients } from './bill-notice-recipients';
import type { AccountsPaidByAutopay } from './accounts-paid-by-autopay';
import { endLapsedChoices } from '../paperless/paperless.service';
import { paperlessStanding } from '../paperless/paperless-standing';

/**
 * Tells each resident who linked an account of a new bill on it (BILL_ISSUED: what it comes to, when it is due, the
 * service it bills, and the day autopay pays it where it does, else a link to pay), by email and, where they confirmed
 * a number for texts, text, in their language; a resident who switched these off (their settings, or the email's
 * one-click unsubscribe) is passed over as the message goes. City by city, import by import, oldest first: each
 * import's notices are queued in the transaction that marks it told (billing's nextImportToTell), so a retried or
 * concurrent run tells nobody twice, and a run cut off resumes at the next import. An account nobody linked is told by
 * the city's paper bill, as before. An account left out of print (paperless) is told that the email is its bill.
 */
export async function tellHoldersOfNewBills({ db, clock, log, stopping }: Pick<JobHelpers, 'db' | 'clock' | 'log' | 'stopping'>, accountsPaidByAutopay: AccountsPaidByAutopay): Promise<void> {
  await forEachCity(db, log, async (tenant) => {
    const scope = { db, tenant: toTenantRef(tenant), clock };
    let told = 0;
    while (!stopping.aborted) {
      const queued = await withTenant(scope, async (manager) => {
        const next = await nextImportToTell(manager, scope);
        if (!next) return null;
        return queueBillNotices(manager, scope, tenant, next.bills, accountsPaidByAutopay);
      });
      if (queued === null) break;
      told += queued;
    }
    if (told > 0) log.info({ tenant: tenant.slug, told }, 'residents told of new bills');
  });
}

/** One BILL_ISSUED per bill and holder; returns how many were queued. */
async function queueBillNotices(
  manager: EntityManager,
  scope: BillingScope & Pick<TenantScope, 'db'>,
  tenant: Tenant,
  bills: readonly BillToTell[],
  paidByAutopay: AccountsPaidByAutopay,
): Promise<number> {
  const { holders, autopayDates } = await billNoticeRecipients(
    manager,
    scope,
    tenant,
    bills.map((bill) => bill.serviceAccountId),
    paidByAutopay,
  );
  // Paperless accounts' emails say they are the bill: choices that no longer stand are ended first (told, audited), so
  // an email never says so of an account the city prints.
  const accountIds = [...new Set(bills.map((bill) => bill.serviceAccountId))];
  const audit = { ...scope, clientIp: 'system', viewer: null, operator: false };
  await endLapsedChoices(manager, audit, tenant.settings.paperless.offered, accountIds);
  const paperless = new Set((await paperlessStanding(manager, tenant.settings.paperless.offered, accountIds)).filter((account) => account.inForce).map((account) => account.account.id));
  const billsOf = groupBy(bills, (bill) => bill.serviceAccountId);
  const notices = holders.flatMap(({ userId, serviceAccountId, email, locale }) =>
    (billsOf.get(serviceAccountId) ?? []).map((bill) => {
      const language = offeredLocale(scope.tenant, locale);
      const data: Record<string, string> = {
        accountNumber: maskAccountNumber(bill.accountNumber),
        billNumber: bill.billNumber,
        amount: formatMoney(money(bill.totalCents), language),
        dueDate: bill.dueDate,
        ...(bill.periodStart && bill.periodEnd && { periodStart: bill.periodStart, periodEnd: bill.periodEnd }),
        ...(autopayDates.has(serviceAccountId) && { autopayDate: autopayDates.get(serviceAccountId)! }),
        ...(paperless.has(serviceAccountId) && { paperless: 'true' }),
      };
      return { tenantId: scope.tenant.id, to: email, locale: language, userId, template: 'BILL_ISSUED' as const, data, accountNumbers: [bill.accountNumber] };
    }),
  );
  await enqueueNotifications(manager, notices, scope.clock.now());
  return notices.length;
}
