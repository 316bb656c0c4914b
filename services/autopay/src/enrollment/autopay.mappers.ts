import { MoneyType, toUserErrorTypes } from '@platform/api';
import { formatLocalDate, formatMoney, money, translate, type IsoDate, type Locale, type MessageKey, type UserError, cardValidOn } from '@platform/core';
import type { SavedMethodSummary } from '@platform/payments';
import { NO_SCHEDULE, nextDeductionDate, type DeductionSchedule } from '../autopay-calendar';
import { shownAutopayStatus } from './autopay-status';
import type { AutopayEnrollmentEntity } from './autopay-enrollment.entity';
import type { AutopayMonthOutcome, AutopayPayloadType, AutopayStatus, AutopayType } from './autopay.types';
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
 * enrol (another member of the household); `schedule`, what its coming
 * deductions keep to (the dates its reminders named from this month on, the
 * retries scheduled, the cycles already deducted); `lapsed`, the account
 * closed or unlinked by its enroller: the run will end the enrolment
 * without charging, so it is shown as none, with no deduction to come. An
 * enrolment whose method autopay may no longer charge (methodUsable) is
 * shown SUSPENDED (METHOD_UNAVAILABLE), as the next pass makes it (see
 * shownAutopayStatus).
 */
export function toAutopayType(
  enrollment: AutopayEnrollmentEntity | null,
  method: SavedMethodSummary | null,
  view: AutopayView,
  showMethod: boolean,
  schedule: DeductionSchedule = NO_SCHEDULE,
  lapsed = false,
): AutopayType {
  const status = shownAutopayStatus(enrollment, method, lapsed);
  // A method autopay will never charge again (a bank account blocked after a return): the next pass suspends the
  // enrolment, so it is shown suspended from now on, with no deduction to come and why.
  const methodLost = status === 'SUSPENDED' && enrollment?.status === 'ENROLLED';
  const active = status !== 'NOT_ENROLLED' ? enrollment : null;
  const next = active && status === 'ENROLLED' ? nextDeductionDate(view.today, view.deductionDay, active.firstCycle, schedule) : null;
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

/** The enrolment payload: what it means for this month, as data and as a sentence for the customer. */
export function toAutopayPayload(change: EnrollmentChange, method: SavedMethodSummary | null, view: AutopayView): AutopayPayloadType {
  const month = thisMonthOf(change);
  const deduction = month.deduction;
  return {
    autopay: toAutopayType(change.enrollment, method, view, true, change.schedule),
    currentCycleCovered: change.currentCycleCovered,
    amountDue: cents(change.amountDueCents),
    firstDeductionDate: change.firstDeductionDate,
    thisMonth: month.outcome,
    deduction: deduction && { amount: cents(deduction.amountCents), fee: cents(deduction.feeCents), total: cents(deduction.totalCents), paymentLimit: cents(deduction.paymentLimitCents) },
    notice: enrolmentNotice(change, month, view.locale),
    userErrors: [],
  };
}

/** This month's deduction as the run weighs it, in cents. */
interface WeighedDeduction {
  /** What it pays toward the account (EnrollmentChange.deductionDueCents), more than zero. */
  readonly amountCents: bigint;
  readonly feeCents: bigint;
  /** amountCents plus feeCents: what the method is charged, and what the maximum is weighed against. */
  readonly totalCents: bigint;
  /** The most the city takes in one payment, the fee aside. */
  readonly paymentLimitCents: bigint;
}

/** What autopay does about this month, with the deduction weighed when there is one to pay. */
type ThisMonth =
  | { readonly outcome: Extract<AutopayMonthOutcome, 'NOT_COVERED' | 'NOTHING_DUE'>; readonly deduction: null }
  | { readonly outcome: Extract<AutopayMonthOutcome, 'WILL_PAY' | 'OVER_PAYMENT_LIMIT'>; readonly deduction: WeighedDeduction }
  | { readonly outcome: Extract<AutopayMonthOutcome, 'OVER_MAXIMUM'>; readonly deduction: WeighedDeduction; readonly maximumCents: bigint };

/**
 * This month's situation as the reminder will put it and the run will do
 * it: what the card or account will be charged (what the deduction is
 * decided on, no more than a reminder already announced, the city's fee
 * included), or, when that is more than the city takes in one payment or
 * than the customer's maximum, that autopay will not pay it (the run skips
 * it, OVER_PAYMENT_LIMIT or OVER_MAXIMUM). The answer's thisMonth and its
 * notice both come from here, so a client's own sentence and the server's
 * never disagree.
 */
function thisMonthOf(change: EnrollmentChange): ThisMonth {
  if (!change.currentCycleCovered) return { outcome: 'NOT_COVERED', deduction: null };
  const amountCents = change.deductionDueCents;
  if (amountCents <= 0n) return { outcome: 'NOTHING_DUE', deduction: null };
  const deduction = { amountCents, feeCents: change.feeCents, totalCents: amountCents + change.feeCents, paymentLimitCents: change.paymentLimitCents };
  if (amountCents > change.paymentLimitCents) return { outcome: 'OVER_PAYMENT_LIMIT', deduction };
  const maximumCents = change.enrollment.maxAmountCents;
  if (maximumCents !== null && deduction.totalCents > maximumCents) return { outcome: 'OVER_MAXIMUM', deduction, maximumCents };
  return { outcome: 'WILL_PAY', deduction };
}

/** thisMonth as a sentence in the request's language. A month not covered: what is owed now, to pay once. */
function enrolmentNotice(change: EnrollmentChange, month: ThisMonth, locale: Locale): string {
  const written = (value: bigint) => formatMoney(money(value), locale);
  const date = formatLocalDate(change.firstDeductionDate, locale);
  switch (month.outcome) {
    case 'NOT_COVERED':
      if (change.amountDueCents <= 0n) return translate(locale, 'autopay.notCoveredNothingDue', { date });
      return translate(locale, 'autopay.notCovered', { amount: written(change.amountDueCents), date });
    case 'NOTHING_DUE':
      return translate(locale, 'autopay.coveredNothingDue', { date });
    case 'OVER_PAYMENT_LIMIT': {
      const { totalCents, paymentLimitCents } = month.deduction;
      return translate(locale, 'autopay.coveredOverPaymentLimit', { amount: written(totalCents), limit: written(paymentLimitCents), date });
    }
    case 'OVER_MAXIMUM':
      return translate(locale, 'autopay.coveredOverMaximum', { amount: written(month.deduction.totalCents), maximum: written(month.maximumCents), date });
    case 'WILL_PAY': {
      const { amountCents, feeCents, totalCents } = month.deduction;
      if (feeCents > 0n) return translate(locale, 'autopay.coveredWithFee', { amount: written(amountCents), fee: written(feeCents), total: written(totalCents), date });
      return translate(locale, 'autopay.covered', { amount: written(amountCents), date });
    }
  }
}

export const refusedPayload = (errors: readonly UserError[]): AutopayPayloadType => ({
  autopay: null,
  currentCycleCovered: null,
  amountDue: null,
  firstDeductionDate: null,
  thisMonth: null,
  deduction: null,
  notice: null,
  userErrors: toUserErrorTypes(errors),
});
