import { MoneyType, type UserErrorType } from '@platform/api';
import { formatLocalDate, formatMoney, money, translate, type IsoDate, type Locale, type MessageKey, type UserError } from '@platform/core';
import type { SavedMethodSummary } from '@platform/payments';
import { NO_PROMISES, NO_RETRIES, cardValidOn, nextDeductionDate, type PendingRetries, type PromisedDates } from '../autopay-calendar';
import { methodUsable } from '../runs/autopay-decision';
import type { AutopayEnrollmentEntity } from './autopay-enrollment.entity';
import type { AutopayPayloadType, AutopayStatus, AutopayType } from './autopay.types';
import type { EnrollmentChange } from './enrollment.service';

export const cents = (value: bigint) => new MoneyType(money(value));

/** What writing an enrolment for a person needs: their language and the city's calendar. */
export interface AutopayView {
  readonly locale: Locale;
  /** The city's date. */
  readonly today: IsoDate;
  readonly deductionDay: number;
}

const LABELS: Record<AutopayStatus, MessageKey> = { ENROLLED: 'autopay.status.enrolled', NOT_ENROLLED: 'autopay.status.notEnrolled', SUSPENDED: 'autopay.status.suspended' };

/**
 * An account's autopay; `showMethod` is false for a customer who did not
 * enrol (another member of the household); `promised`, the dates its
 * reminders named from this month on (the next deduction keeps to them);
 * `retries`, those scheduled for it (the next deduction is one, when sooner);
 * `lapsed`, the account closed or unlinked by its enroller: the run will end
 * the enrolment without charging, so it is shown as none, with no deduction
 * to come. An enrolment whose method autopay may no longer charge
 * (methodUsable) is shown SUSPENDED (METHOD_UNAVAILABLE), as the next pass
 * makes it.
 */
export function toAutopayType(
  enrollment: AutopayEnrollmentEntity | null,
  method: SavedMethodSummary | null,
  view: AutopayView,
  showMethod: boolean,
  promised: PromisedDates = NO_PROMISES,
  retries: PendingRetries = NO_RETRIES,
  lapsed = false,
): AutopayType {
  // A method autopay will never charge again (a bank account blocked after a return): the next pass suspends the
  // enrolment, so it is shown suspended from now on, with no deduction to come and why.
  const methodLost = enrollment?.status === 'ENROLLED' && !lapsed && method !== null && !methodUsable(method, enrollment.userId);
  const status: AutopayStatus = !enrollment || enrollment.status === 'CANCELLED' || lapsed ? 'NOT_ENROLLED' : methodLost ? 'SUSPENDED' : enrollment.status;
  const active = status !== 'NOT_ENROLLED' ? enrollment : null;
  const next = active && status === 'ENROLLED' ? nextDeductionDate(view.today, view.deductionDay, active.firstCycle, promised, retries) : null;
  return {
    status,
    label: translate(view.locale, LABELS[status]),
    method:
      active && method && showMethod
        ? {
            id: method.id,
            kind: method.kind,
            brand: method.brand,
            last4: method.last4,
            expMonth: method.expMonth,
            expYear: method.expYear,
            expiresBeforeNextDeduction: next !== null && method.expMonth !== null && method.expYear !== null && !cardValidOn(method.expMonth, method.expYear, next),
          }
        : null,
    nextDeductionDate: next,
    maxAmount: active?.maxAmountCents != null ? cents(active.maxAmountCents) : null,
    suspendedReason: methodLost ? 'METHOD_UNAVAILABLE' : (active?.suspensionReason ?? null),
    enrolledAt: active?.enrolledAt ?? null,
  };
}

/** The enrolment payload, with this month's situation as a sentence for the customer. */
export function toAutopayPayload(change: EnrollmentChange, method: SavedMethodSummary | null, view: AutopayView): AutopayPayloadType {
  return {
    autopay: toAutopayType(change.enrollment, method, view, true, change.promised, change.retries),
    currentCycleCovered: change.currentCycleCovered,
    amountDue: cents(change.amountDueCents),
    firstDeductionDate: change.firstDeductionDate,
    notice: enrolmentNotice(change, view.locale),
    userErrors: [],
  };
}

/**
 * This month's situation as the reminder will put it: what the card or
 * account will be charged, the city's fee included, or, when that is more
 * than the city takes in one payment or than the customer's maximum, that
 * autopay will not pay it (the run skips it, OVER_PAYMENT_LIMIT or
 * OVER_MAXIMUM).
 */
function enrolmentNotice(change: EnrollmentChange, locale: Locale): string {
  const written = (value: bigint) => formatMoney(money(value), locale);
  const date = formatLocalDate(change.firstDeductionDate, locale);
  const amount = written(change.amountDueCents);
  if (change.amountDueCents <= 0n) return translate(locale, change.currentCycleCovered ? 'autopay.coveredNothingDue' : 'autopay.notCoveredNothingDue', { date });
  if (!change.currentCycleCovered) return translate(locale, 'autopay.notCovered', { amount, date });
  const totalCents = change.amountDueCents + change.feeCents;
  if (change.amountDueCents > change.paymentLimitCents) {
    return translate(locale, 'autopay.coveredOverPaymentLimit', { amount: written(totalCents), limit: written(change.paymentLimitCents), date });
  }
  const maxAmountCents = change.enrollment.maxAmountCents;
  if (maxAmountCents !== null && totalCents > maxAmountCents) return translate(locale, 'autopay.coveredOverMaximum', { amount: written(totalCents), maximum: written(maxAmountCents), date });
  if (change.feeCents > 0n) return translate(locale, 'autopay.coveredWithFee', { amount, fee: written(change.feeCents), total: written(totalCents), date });
  return translate(locale, 'autopay.covered', { amount, date });
}

export const refusedPayload = (errors: readonly UserError[]): AutopayPayloadType => ({
  autopay: null,
  currentCycleCovered: null,
  amountDue: null,
  firstDeductionDate: null,
  notice: null,
  userErrors: toUserErrors(errors),
});

export const toUserErrors = (errors: readonly UserError[]): UserErrorType[] => errors.map((e) => ({ field: [...e.field], code: e.code, message: e.message }));
