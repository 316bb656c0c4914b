import { maskAccountNumber, type AccountStandingNotices, type AccountToTell, type BillingScope } from '@platform/billing';
import { formatMoney, money, offeredLocale } from '@platform/core';
import { enqueueNotifications, retractServiceStandingNotices, type NotificationTemplate } from '@platform/notifications';
import { findTenantBySlug } from '@platform/tenants';
import type { EntityManager } from 'typeorm';
import { endLapsedChoices } from '../paperless/paperless.service';
import { accountHolders } from './account-link.queries';

/**
 * What each resident who linked an account is told as its service's standing changes, in the transaction that changes
 * it: one email (and a text where they confirmed a number for texts), in their language, filed under the account; to
 * an address its owner proved only (emailVerifiedAt), as every notice.
 * - The sweep flags it (DISCONNECTION_WARNING): what of its service is past due, and that paying it keeps it on.
 * - Staff record it disconnected (SERVICE_DISCONNECTED): the amount due in full, which asks for it back.
 * - Staff restore it (SERVICE_RESTORED).
 * What no longer holds is retracted (staff may not resend it) and, still waiting, withdrawn: a warning once the account
 * catches up or is disconnected, the call to pay for the service back once it is restored; both once the city closes
 * it, and its holders' paperless choices end (endLapsedChoices). An account nobody linked has no address here: the city's own notice (a door hanger, a letter) is the city's to
 * send.
 */
export const accountStandingNotices: AccountStandingNotices = {
  pastDue: (manager, scope, accounts) => queueForHolders(manager, scope, accounts, 'DISCONNECTION_WARNING'),
  caughtUp: (manager, accountNumbers) => retractServiceStandingNotices(manager, accountNumbers, ['DISCONNECTION_WARNING']),
  async disconnected(manager, scope, account) {
    await retractServiceStandingNotices(manager, [account.accountNumber], ['DISCONNECTION_WARNING']);
    await queueForHolders(manager, scope, [account], 'SERVICE_DISCONNECTED');
  },
  async restored(manager, scope, account) {
    await retractServiceStandingNotices(manager, [account.accountNumber], ['DISCONNECTION_WARNING', 'SERVICE_DISCONNECTED']);
    await queueForHolders(manager, scope, [{ ...account, toPayCents: 0n }], 'SERVICE_RESTORED');
  },
  async closed(manager, ctx, account) {
    await retractServiceStandingNotices(manager, [account.accountNumber], ['DISCONNECTION_WARNING', 'SERVICE_DISCONNECTED']);
    // A closed account gets no more bills: its holders' paperless choices end (told, audited), in the close's transaction.
    const offered = (await findTenantBySlug(ctx.db, ctx.tenant.slug))?.settings.paperless.offered ?? false;
    await endLapsedChoices(manager, ctx, offered, [account.serviceAccountId], ctx.viewer?.userId ?? 'system');
  },
};

async function queueForHolders(manager: EntityManager, scope: BillingScope, accounts: readonly AccountToTell[], template: NotificationTemplate): Promise<void> {
  const holders = await accountHolders(
    manager,
    accounts.map((account) => account.serviceAccountId),
  );
  const byId = new Map(accounts.map((account) => [account.serviceAccountId, account]));
  await enqueueNotifications(
    manager,
    holders.map(({ userId, serviceAccountId, email, locale }) => {
      const account = byId.get(serviceAccountId)!;
      const language = offeredLocale(scope.tenant, locale);
      const data: Record<string, string> = { accountNumber: maskAccountNumber(account.accountNumber) };
      if (account.toPayCents > 0n) data.amount = formatMoney(money(account.toPayCents), language);
      return { tenantId: scope.tenant.id, to: email, locale: language, userId, template, data, accountNumbers: [account.accountNumber] };
    }),
    scope.clock.now(),
  );
}
