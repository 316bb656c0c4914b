import { formatLocalDate, formatMoney, money, translate, type CardBrand, type IsoDate, type Locale, type MessageKey } from '@platform/core';
import { enqueueNotification } from '@platform/notifications';
import type { SavedMethodSummary } from '@platform/payments';
import type { EntityManager } from 'typeorm';
import type { SuspensionReason } from '../runs/autopay-decision';
import type { AutopayScope } from '../autopay-scope';

/** A customer's address and language, from the customers service. */
export interface Recipient {
  readonly email: string;
  readonly locale: Locale;
  /** Whose preferences apply (a resident may switch reminders off; texts are opt-in). */
  readonly userId: string;
}

export type AutopayNotice =
  | {
      readonly template: 'AUTOPAY_REMINDER';
      readonly accountNumber: string;
      readonly amountCents: bigint;
      readonly maxAmountCents: bigint | null;
      /** The most the city takes in one payment, when what is due is over it (the deduction will be refused); else null. */
      readonly exceededPaymentLimitCents: bigint | null;
      readonly method: SavedMethodSummary;
      readonly deductionDate: IsoDate;
    }
  | { readonly template: 'AUTOPAY_CARD_EXPIRING'; readonly accountNumber: string; readonly method: SavedMethodSummary; readonly deductionDate: IsoDate }
  | {
      readonly template: 'AUTOPAY_FAILED';
      readonly accountNumber: string;
      readonly amountCents: bigint;
      readonly method: SavedMethodSummary | null;
      /** The processor's decline code; null when it refused the charge for another reason. */
      readonly declineCode: string | null;
      /** Null after the last attempt: the enrolment is suspended. */
      readonly nextAttemptOn: IsoDate | null;
    }
  | { readonly template: 'AUTOPAY_SUSPENDED'; readonly accountNumber: string; readonly method: SavedMethodSummary | null; readonly reason: SuspensionReason };

/**
 * Queues a notice in the customer's language, in the caller's transaction,
 * so it goes out exactly when the change it reports commits. The data holds
 * the facts (amounts already written for the language) and the whole
 * message; never a card number, only the last four digits.
 */
export async function queueAutopayNotice(manager: EntityManager, scope: AutopayScope, to: Recipient, notice: AutopayNotice): Promise<void> {
  const { locale } = to;
  const method = notice.method ? describeMethod(notice.method, locale) : translate(locale, 'autopay.method.unknown');
  const facts: Record<string, string> = { accountNumber: notice.accountNumber, method, last4: notice.method?.last4 ?? '' };
  const amount = 'amountCents' in notice ? formatMoney(money(notice.amountCents), locale) : null;
  if (amount) facts.amount = amount;
  const params = { account: notice.accountNumber, method, amount: amount ?? '' };
  let message: string;
  switch (notice.template) {
    case 'AUTOPAY_REMINDER': {
      const over = notice.maxAmountCents !== null && notice.amountCents > notice.maxAmountCents;
      const limit = notice.exceededPaymentLimitCents;
      Object.assign(facts, { deductionDate: notice.deductionDate, exceedsMaximum: String(over), exceedsPaymentLimit: String(limit !== null) });
      const date = formatLocalDate(notice.deductionDate, locale);
      if (limit !== null) message = translate(locale, 'autopay.notice.reminderOverPaymentLimit', { ...params, date, limit: formatMoney(money(limit), locale) });
      else if (over) message = translate(locale, 'autopay.notice.reminderOverMaximum', { ...params, date, maximum: formatMoney(money(notice.maxAmountCents ?? 0n), locale) });
      else message = translate(locale, 'autopay.notice.reminder', { ...params, date });
      break;
    }
    case 'AUTOPAY_CARD_EXPIRING':
      facts.deductionDate = notice.deductionDate;
      message = translate(locale, 'autopay.notice.cardExpiring', { ...params, date: formatLocalDate(notice.deductionDate, locale) });
      break;
    case 'AUTOPAY_FAILED': {
      Object.assign(facts, { declineCode: notice.declineCode ?? 'PROCESSOR_REFUSED', nextAttemptOn: notice.nextAttemptOn ?? '' });
      const reason = translate(locale, DECLINE_MESSAGES[notice.declineCode ?? ''] ?? 'payment.failed');
      message = notice.nextAttemptOn
        ? translate(locale, 'autopay.notice.failed', { ...params, reason, date: formatLocalDate(notice.nextAttemptOn, locale) })
        : translate(locale, 'autopay.notice.failedFinal', { ...params, reason });
      break;
    }
    case 'AUTOPAY_SUSPENDED':
      facts.reason = notice.reason;
      message = translate(locale, 'autopay.notice.suspended', { ...params, reason: translate(locale, SUSPENSION_MESSAGES[notice.reason], { method }) });
      break;
  }
  await enqueueNotification(manager, { tenantId: scope.tenant.id, to: to.email, userId: to.userId, locale, template: notice.template, data: { ...facts, message } }, scope.clock.now());
}

const BRAND_NAMES: Record<CardBrand, string> = { VISA: 'Visa', MASTERCARD: 'Mastercard', AMERICAN_EXPRESS: 'American Express', DISCOVER: 'Discover' };

/** "Visa ending in 4242", "bank account ending in 6789", in the language. */
function describeMethod(method: Pick<SavedMethodSummary, 'kind' | 'brand' | 'last4'>, locale: Locale): string {
  if (method.kind === 'BANK_ACCOUNT') return translate(locale, 'autopay.method.bankAccount', { last4: method.last4 });
  return translate(locale, 'autopay.method.card', { brand: method.brand ? BRAND_NAMES[method.brand] : '', last4: method.last4 }).trim();
}

const DECLINE_MESSAGES: Partial<Record<string, MessageKey>> = {
  GENERIC_DECLINE: 'payment.declined',
  INSUFFICIENT_FUNDS: 'payment.insufficientFunds',
  EXPIRED_CARD: 'payment.expiredCard',
  PROCESSING_ERROR: 'payment.processingError',
  INVALID_ACCOUNT: 'payment.bankAccountInvalid',
};

const SUSPENSION_MESSAGES: Record<SuspensionReason, MessageKey> = {
  PAYMENT_FAILED: 'autopay.reason.paymentFailed',
  CARD_EXPIRED: 'autopay.reason.cardExpired',
  METHOD_UNAVAILABLE: 'autopay.reason.methodUnavailable',
};
