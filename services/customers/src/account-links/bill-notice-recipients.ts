import type { BillingScope } from '@platform/billing';
import { localDateOf, type IsoDate } from '@platform/core';
import type { Tenant } from '@platform/tenants';
import type { EntityManager } from 'typeorm';
import { accountHolders, type AccountHolder } from './account-link.queries';
import type { AccountsPaidByAutopay } from './accounts-paid-by-autopay';

/** How many accounts autopay is asked about at once. */
const AUTOPAY_LOOKUP_SIZE = 5_000;

/** Who hears of bills on these accounts (holders with a proved address), and the day autopay next pays each account it pays. */
export async function billNoticeRecipients(
  manager: EntityManager,
  scope: BillingScope,
  tenant: Tenant,
  accountIds: readonly string[],
  paidByAutopay: AccountsPaidByAutopay,
): Promise<{ readonly holders: readonly AccountHolder[]; readonly autopayDates: ReadonlyMap<string, IsoDate> }> {
  const holders = await accountHolders(manager, [...new Set(accountIds)]);
  const calendar = { today: localDateOf(scope.clock.now(), tenant.settings.timeZone), deductionDay: tenant.settings.autopayRules.deductionDay };
  const heldAccounts = [...new Set(holders.map((holder) => holder.serviceAccountId))];
  // A city's monthly import bills every account at once; autopay's reads name the accounts one parameter each, and a
  // statement takes at most 65,535 of them.
  const autopayDates = new Map<string, IsoDate>();
  for (let at = 0; at < heldAccounts.length; at += AUTOPAY_LOOKUP_SIZE) {
    for (const [accountId, date] of await paidByAutopay(manager, calendar, heldAccounts.slice(at, at + AUTOPAY_LOOKUP_SIZE))) autopayDates.set(accountId, date);
  }
  return { holders, autopayDates };
}
