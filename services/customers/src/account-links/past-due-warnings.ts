import { maskAccountNumber, type BillingScope, type PastDueAccount, type PastDueNotices } from '@platform/billing';
import { formatMoney, money, offeredLocale, type Locale } from '@platform/core';
import { enqueueNotifications, retractDisconnectionWarnings } from '@platform/notifications';
import type { EntityManager } from 'typeorm';

/**
 * Tells each resident who linked an account the city may now disconnect (the disconnection sweep flagged it) what is
 * past due and that paying it keeps the service on: one email (and a text where they confirmed a number for texts),
 * in their language, filed under the account, queued in the sweep's transaction. Once the account catches up its
 * warnings are retracted (staff may not resend them) and one not yet gone out is withdrawn: it would ask for money
 * already paid. An account nobody linked has no
 * address here: the city's own notice (a door hanger, a letter) is the city's to send.
 */
export const pastDueWarnings: PastDueNotices = {
  warn: queuePastDueWarnings,
  withdraw: retractDisconnectionWarnings,
};

async function queuePastDueWarnings(manager: EntityManager, scope: BillingScope, accounts: readonly PastDueAccount[]): Promise<void> {
  const holders = await manager.query<{ userId: string; serviceAccountId: string; email: string; locale: Locale }[]>(
    `SELECT u.id AS "userId", l.service_account_id AS "serviceAccountId", u.email, u.locale
       FROM account_links l JOIN users u ON u.id = l.user_id
      WHERE l.service_account_id = ANY($1::uuid[]) AND u.email IS NOT NULL
      ORDER BY l.service_account_id, l.linked_at, u.id`,
    [accounts.map((account) => account.serviceAccountId)],
  );
  const byId = new Map(accounts.map((account) => [account.serviceAccountId, account]));
  await enqueueNotifications(
    manager,
    holders.map(({ userId, serviceAccountId, email, locale }) => {
      const account = byId.get(serviceAccountId)!;
      const language = offeredLocale(scope.tenant, locale);
      return {
        tenantId: scope.tenant.id,
        to: email,
        locale: language,
        userId,
        template: 'DISCONNECTION_WARNING',
        data: { accountNumber: maskAccountNumber(account.accountNumber), pastDue: formatMoney(money(account.pastDueCents), language) },
        accountNumbers: [account.accountNumber],
      };
    }),
    scope.clock.now(),
  );
}
