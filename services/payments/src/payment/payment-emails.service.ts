import { describePaymentTargets, type PaymentTarget } from '@platform/billing';
import { formatMoney, isCounterMethod, maskedAccountSaid, money, offeredLocale, translate, type Locale } from '@platform/core';
import { userContacts } from '@platform/customers';
import { enqueueNotification, type NewNotification } from '@platform/notifications';
import { linesOfPayment } from './payment.queries';
import type { EntityManager } from 'typeorm';
import type { PaymentScope } from '../payment-scope';
import type { PaymentLineEntity } from './payment-line.entity';
import { paymentMethodLabel } from './payment.mappers';
import type { PaymentEntity } from './payment.entity';

/** What a payment's email is: its receipt, a refund, a void, a return, a card holder's dispute, or that it did not go through. */
type PaymentEmailTemplate = 'PAYMENT_RECEIPT' | 'PAYMENT_REFUNDED' | 'PAYMENT_VOIDED' | 'PAYMENT_RETURNED' | 'PAYMENT_DISPUTED' | 'PAYMENT_FAILED';

/** What the number a payer gave on the phone line is texted: the outcome they were waiting for, or that it was cancelled since. */
const TEXTED: readonly PaymentEmailTemplate[] = ['PAYMENT_RECEIPT', 'PAYMENT_FAILED', 'PAYMENT_VOIDED', 'PAYMENT_REFUNDED'];

/**
 * Queues a payment's notice in the payer's language, in the caller's
 * transaction: an email to the payer's address (noticeEmails: an account's
 * email as it is now), and for its receipt, that it did not go through, that
 * it was voided or that it was refunded, a text to the number they gave on
 * the phone line.
 */
export async function queuePaymentNotice(
  manager: EntityManager,
  scope: PaymentScope,
  payment: PaymentEntity,
  template: PaymentEmailTemplate,
  extra: Readonly<Record<string, string>> = {},
  /** The payment's lines in line order, when the caller has them already. */
  knownLines?: readonly PaymentLineEntity[],
): Promise<void> {
  const text = payment.payerPhone && TEXTED.includes(template) ? payment.payerPhone : null;
  const email = (await noticeEmails(manager, [payment])).get(payment.id) ?? null;
  if (!email && !text) return;
  const lines = knownLines ?? (await linesOfPayment(manager, payment.id));
  const targets = await describePaymentTargets(manager, lines);
  const now = scope.clock.now();
  if (email) await enqueueNotification(manager, paymentEmail(scope, payment, email, template, extra, lines, targets), now);
  if (text) await enqueueNotification(manager, { ...paymentEmail(scope, payment, text, template, extra, lines, targets), channel: 'SMS' }, now);
}

/**
 * Where each payment's notices by email go now, by payment id, in the caller's
 * transaction: the email its notice user's account has as this is read (none
 * when the account has none: the address given up is not written to), else
 * the address the payer gave (a guest's, or one typed for the receipt).
 */
export async function noticeEmails(manager: EntityManager, payments: readonly Pick<PaymentEntity, 'id' | 'payerEmail' | 'noticeUserId'>[]): Promise<Map<string, string | null>> {
  const users = payments.flatMap((p) => (p.noticeUserId ? [p.noticeUserId] : []));
  const contacts = users.length === 0 ? new Map<string, { readonly email: string }>() : await userContacts(manager, users);
  return new Map(payments.map((p) => [p.id, p.noticeUserId ? (contacts.get(p.noticeUserId)?.email ?? null) : p.payerEmail]));
}

/**
 * The language of a payment's notices, and of what their callers write into
 * them: the payer's at payment time, unless the city has stopped offering it
 * since (a message in two languages otherwise).
 */
export function noticeLocale(scope: PaymentScope, payment: Pick<PaymentEntity, 'payerLocale'>): Locale {
  return offeredLocale(scope.tenant, payment.payerLocale);
}

/** The message of a payment email, its lines described already (`targets[i]` is `lines[i]`'s): for a caller queueing many at once. */
export function paymentEmail(
  scope: PaymentScope,
  payment: PaymentEntity,
  to: string,
  template: PaymentEmailTemplate,
  extra: Readonly<Record<string, string>>,
  lines: readonly Pick<PaymentLineEntity, 'amountCents'>[],
  targets: readonly PaymentTarget[],
): NewNotification {
  const locale = noticeLocale(scope, payment);
  return {
    tenantId: scope.tenant.id,
    to,
    // Whose notice it is: their texts follow it, and an email change redirects it while it waits.
    userId: payment.noticeUserId ?? payment.payerUserId,
    // Filed under every account it paid, which the data names masked only: staff looking up an account find it.
    accountNumbers: targets.map((target) => target.accountNumber),
    locale,
    template,
    data: {
      confirmationNumber: payment.confirmationNumber,
      // What was taken: the total, fee included.
      amount: formatMoney(money(payment.totalCents), locale),
      // A convenience fee charged: what paid the city and the fee apart, as the receipt page shows them beside the total.
      ...(payment.feeCents > 0n ? { paymentAmount: formatMoney(money(payment.amountCents), locale), convenienceFee: formatMoney(money(payment.feeCents), locale) } : {}),
      // Cash or a check posts as the clerk records it (in the transaction that queues its receipt): the day it posted,
      // not a day it is expected to.
      ...(isCounterMethod(payment.methodKind) ? { postedOn: payment.expectedPostingDate } : { expectedPostingDate: payment.expectedPostingDate }),
      method: isCounterMethod(payment.methodKind)
        ? paymentMethodLabel(payment, locale)
        : `${payment.methodBrand ?? (payment.methodKind === 'BANK_ACCOUNT' ? 'BANK_ACCOUNT' : 'CARD')} ${payment.methodLast4}`,
      // Cash counted at the counter: what the resident handed over and the change given back, as the paper receipt says.
      ...(payment.cashReceivedCents !== null
        ? { cashReceived: formatMoney(money(payment.cashReceivedCents), locale), changeGiven: formatMoney(money(payment.cashReceivedCents - payment.totalCents), locale) }
        : {}),
      // What it paid, a line each: masked account number or the payable's own number, and the amount.
      allocations: lines.map((line, i) => describeLine(targets[i]!, line.amountCents, locale)).join('\n'),
      ...extra,
    },
  };
}

/**
 * One line of what a payment paid, as its emails and texts name it: the account by its last four, said digit by digit
 * ("Account ending in 0 2 0 0: $20.00", said-digits), or the payable's number, and the amount.
 */
export function describeLine(target: PaymentTarget, amountCents: bigint, locale: Locale): string {
  const amount = formatMoney(money(amountCents), locale);
  if (!target.payable) return translate(locale, 'receipt.accountLine', { account: maskedAccountSaid(target.maskedAccountNumber, locale), amount });
  return translate(locale, 'receipt.payableLine', { kind: translate(locale, `payableKind.${target.payable.kind}`), reference: target.payable.referenceNumber, amount });
}
