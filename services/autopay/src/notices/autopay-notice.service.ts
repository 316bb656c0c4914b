import { formatLocalDate, formatMoney, methodSaid, money, offeredLocale, translate, type IsoDate, type Locale, type MessageKey } from '@platform/core';
import { enqueueNotification, enqueueNotifications, type NewNotification } from '@platform/notifications';
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

/** What a reminder says the deduction will be: its amount, fee included, and the limits it may be over. */
export type ReminderTerms = Pick<Extract<AutopayNotice, { template: 'AUTOPAY_REMINDER' }>, 'amountCents' | 'maxAmountCents' | 'exceededPaymentLimitCents'>;

/** More than the customer's maximum: the reminder says the month will not be paid. */
const exceedsMaximum = (terms: ReminderTerms) => terms.maxAmountCents !== null && terms.amountCents > terms.maxAmountCents;

/** Whether a reminder of these terms says the card or account will be charged, not that the month will not be paid. */
export const announcesCharge = (terms: ReminderTerms): boolean => terms.exceededPaymentLimitCents === null && !exceedsMaximum(terms);

export type AutopayNotice =
  | {
      readonly template: 'AUTOPAY_REMINDER';
      readonly accountNumber: string;
      readonly amountCents: bigint;
      /**
       * What the reminder binds the deduction to, as autopay_notices keeps it: the amount due, the fee aside, and the
       * moment from which what is paid down comes off it (remindedAmounts). Kept with the message (`amountDueCents`,
       * `amountDueSince`), so that delivery can tell once it was paid down whole (see paid-down-reminders in
       * notifications); absent when queued again from a message that did not keep it.
       */
      readonly binds?: { readonly amountDueCents: bigint; readonly since: Date };
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
  | { readonly template: 'AUTOPAY_SUSPENDED'; readonly accountNumber: string; readonly method: SavedMethodSummary | null; readonly reason: SuspensionReason }
  | {
      readonly template: 'AUTOPAY_SKIPPED';
      readonly accountNumber: string;
      readonly method: SavedMethodSummary | null;
      /** What the account owes, which this cycle's deduction left unpaid. */
      readonly amountCents: bigint;
      /** When that is due; null when unknown or already past. */
      readonly dueDate: IsoDate | null;
      readonly over: SkippedOver;
    };

/**
 * Why a cycle was skipped with money owed: over the customer's maximum (the
 * city's fee counting toward it), over the city's limit on one payment, or
 * the city closed the account (its final bill still owed; the run ends the
 * enrolment).
 */
type SkippedOver =
  | { readonly reason: 'OVER_MAXIMUM'; readonly maxAmountCents: bigint; readonly feeCents: bigint }
  | { readonly reason: 'OVER_PAYMENT_LIMIT'; readonly limitCents: bigint }
  | { readonly reason: 'ACCOUNT_CLOSED' };

/**
 * Queues a notice in the customer's language, in the caller's transaction,
 * so it goes out exactly when the change it reports commits. The data holds
 * the facts (amounts already written for the language) and the whole
 * message; never a card number, only the last four digits.
 */
export async function queueAutopayNotice(manager: EntityManager, scope: AutopayScope, to: Recipient, notice: AutopayNotice): Promise<void> {
  await enqueueNotification(manager, notificationOf(scope, to, notice), scope.clock.now());
}

/** queueAutopayNotice for a page's notices, in one insert whatever their number. */
export async function queueAutopayNotices(manager: EntityManager, scope: AutopayScope, notices: readonly { readonly to: Recipient; readonly notice: AutopayNotice }[]): Promise<void> {
  await enqueueNotifications(
    manager,
    notices.map(({ to, notice }) => notificationOf(scope, to, notice)),
    scope.clock.now(),
  );
}

function notificationOf(scope: AutopayScope, to: Recipient, notice: AutopayNotice): NewNotification {
  const locale = offeredLocale(scope.tenant, to.locale);
  const method = notice.method ? methodSaid(notice.method, locale) : translate(locale, 'autopay.method.unknown');
  const facts: Record<string, string> = { accountNumber: notice.accountNumber, method, last4: notice.method?.last4 ?? '' };
  const amount = 'amountCents' in notice ? formatMoney(money(notice.amountCents), locale) : null;
  if (amount) facts.amount = amount;
  const params = { account: notice.accountNumber, method, amount: amount ?? '' };
  const written = (cents: bigint) => formatMoney(money(cents), locale);
  let message: string;
  switch (notice.template) {
    case 'AUTOPAY_REMINDER': {
      const over = exceedsMaximum(notice);
      const limit = notice.exceededPaymentLimitCents;
      Object.assign(facts, { deductionDate: notice.deductionDate, exceedsMaximum: String(over), exceedsPaymentLimit: String(limit !== null) });
      // Only where it announces a charge: one saying the month will not be paid binds nothing.
      if (notice.binds && announcesCharge(notice)) Object.assign(facts, { amountDueCents: notice.binds.amountDueCents.toString(), amountDueSince: notice.binds.since.toISOString() });
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
    case 'AUTOPAY_SKIPPED': {
      const { over, dueDate } = notice;
      Object.assign(facts, { reason: over.reason, dueDate: dueDate ?? '' });
      const date = dueDate ? formatLocalDate(dueDate, locale) : '';
      let reason: string;
      let action: string;
      if (over.reason === 'OVER_PAYMENT_LIMIT') {
        const limit = written(over.limitCents);
        reason = translate(locale, 'autopay.skipped.overPaymentLimit', { limit });
        // One payment of it all would be refused too.
        action = dueDate ? translate(locale, 'autopay.skipped.payInPartsBy', { limit, date }) : translate(locale, 'autopay.skipped.payInParts', { limit });
      } else if (over.reason === 'ACCOUNT_CLOSED') {
        reason = translate(locale, 'autopay.skipped.accountClosed');
        action = dueDate ? translate(locale, 'autopay.skipped.payBy', { date }) : translate(locale, 'autopay.skipped.pay');
      } else {
        const maximum = written(over.maxAmountCents);
        // The fee may be what takes it over: say so rather than call an amount under the maximum more than it.
        reason = over.feeCents > 0n ? translate(locale, 'autopay.skipped.overMaximumWithFee', { maximum, fee: written(over.feeCents) }) : translate(locale, 'autopay.skipped.overMaximum', { maximum });
        action = dueDate ? translate(locale, 'autopay.skipped.payBy', { date }) : translate(locale, 'autopay.skipped.pay');
      }
      message = translate(locale, 'autopay.notice.skipped', { ...params, reason, action });
      break;
    }
  }
  return { tenantId: scope.tenant.id, to: to.email, userId: to.userId, accountNumbers: [notice.accountNumber], locale, template: notice.template, data: { ...facts, message } };
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
  METHOD_NOT_ACCEPTED: 'autopay.reason.methodNotAccepted',
};
