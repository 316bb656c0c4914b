import { offeredLocale, type Locale } from '@platform/core';
import { userContacts } from '@platform/customers';
import { enqueueNotification } from '@platform/notifications';
import { IsNull, type EntityManager } from 'typeorm';
import type { PaymentScope } from '../payment-scope';
import { noticeEmails, noticeLocale } from '../payment/payment-emails.service';
import { PaymentEntity } from '../payment/payment.entity';
import { SavedMethodEntity } from '../wallet/saved-method.entity';

/** What a bank account's holder is told of the city's block: blocked (why: a return code, RETURNED, or INVALID_ACCOUNT), or unblocked by staff. */
export type BankAccountNotice = { readonly template: 'BANK_ACCOUNT_BLOCKED'; readonly reason: string } | { readonly template: 'BANK_ACCOUNT_UNBLOCKED' };

/**
 * Queues, in the caller's transaction, the email that tells a bank account's holders the city blocked it or lifted its
 * block: each resident who keeps it in their wallet (in their language), and whoever made `payment` from it, else the
 * latest payment from it (a guest's address too, in the language they paid in); one email per address. Named by its
 * last four only, as every message names a bank account: never its numbers. A holder the city cannot reach by email
 * (a caller on the phone line with no account) learns it as the next payment from it is refused. `payerToldElsewhere`:
 * the payer of `payment` hears of the block in another email of the same moment (the return's), so is not sent this too.
 */
export async function queueBankAccountNotices(
  manager: EntityManager,
  scope: PaymentScope,
  bankAccount: { readonly fingerprint: string; readonly last4: string | null },
  notice: BankAccountNotice,
  payment?: PaymentEntity,
  options: { readonly payerToldElsewhere?: boolean } = {},
): Promise<void> {
  const recipients = new Map<string, { readonly to: string; readonly locale: Locale; readonly userId: string | null }>();
  const holders = await manager.getRepository(SavedMethodEntity).findBy({ fingerprint: bankAccount.fingerprint, kind: 'BANK_ACCOUNT', removedAt: IsNull() });
  const contacts = holders.length === 0 ? new Map<string, { readonly email: string; readonly locale: Locale }>() : await userContacts(manager, [...new Set(holders.map((m) => m.userId))]);
  for (const [userId, contact] of contacts) recipients.set(contact.email.toLowerCase(), { to: contact.email, locale: offeredLocale(scope.tenant, contact.locale), userId });
  const paidFrom = payment ?? (await manager.getRepository(PaymentEntity).findOne({ where: { methodFingerprint: bankAccount.fingerprint }, order: { madeAt: 'DESC' } }));
  if (paidFrom) {
    const email = (await noticeEmails(manager, [paidFrom])).get(paidFrom.id);
    if (email && options.payerToldElsewhere) recipients.delete(email.toLowerCase());
    else if (email && !recipients.has(email.toLowerCase()))
      recipients.set(email.toLowerCase(), { to: email, locale: noticeLocale(scope, paidFrom), userId: paidFrom.noticeUserId ?? paidFrom.payerUserId });
  }
  const data = { bankAccount: bankAccount.last4 ?? '', ...(notice.template === 'BANK_ACCOUNT_BLOCKED' ? { reason: notice.reason } : {}) };
  for (const { to, locale, userId } of recipients.values()) {
    await enqueueNotification(manager, { tenantId: scope.tenant.id, to, locale, template: notice.template, data, userId }, scope.clock.now());
  }
}
