import { MoneyType } from '@platform/api';
import { CARD_BRAND_NAMES, money, translate, type Locale, type MessageKey } from '@platform/core';
import type { PaymentAllocation } from './payment.loaders';
import type { PaymentTransitionEntity } from './payment-transition.entity';
import type { PaymentEntity } from './payment.entity';
import type { PaymentStatus } from './payment.state';
import { reasonLabel } from './transition-reason';
import { isRefundable, isVoidable } from '../refunds-and-voids/payment-actions';
import type { PaymentAllocationType, PaymentMethodSummaryType, PaymentType } from './payment.types';

export const cents = (value: bigint) => new MoneyType(money(value));

const STATUS_LABELS: Readonly<Record<PaymentStatus, MessageKey>> = {
  PENDING: 'payment.status.pending',
  AUTHORIZED: 'payment.status.authorized',
  CAPTURED: 'payment.status.captured',
  POSTED: 'payment.status.posted',
  DECLINED: 'payment.status.declined',
  FAILED: 'payment.status.failed',
  VOIDED: 'payment.status.voided',
  PARTIALLY_REFUNDED: 'payment.status.partiallyRefunded',
  REFUNDED: 'payment.status.refunded',
  RETURNED: 'payment.status.returned',
  DISPUTED: 'payment.status.disputed',
  UNKNOWN: 'payment.status.unknown',
};

/** A payment status as a person reads it, in `locale`. */
export const paymentStatusLabel = (status: PaymentStatus, locale: Locale): string => translate(locale, STATUS_LABELS[status]);

/** A refused refund's or void's message parameters: the status it names ("A payment whose status is …"), if any, as staff read it. */
export const refusalParams = (status: PaymentStatus | undefined, locale: Locale): { status?: string } => (status ? { status: paymentStatusLabel(status, locale) } : {});

/** How a payment was made as a person reads it: "Visa ending 4242", "Bank account ending 6789", "Cash", "Check #1234". */
export function paymentMethodLabel(payment: MethodFields, locale: Locale): string {
  switch (payment.methodKind) {
    case 'CASH':
      return translate(locale, 'payment.method.cash');
    case 'CHECK':
      return translate(locale, 'payment.method.check', { number: payment.checkNumber ?? payment.methodLast4 });
    case 'BANK_ACCOUNT':
      return translate(locale, 'payment.method.bankAccount', { last4: payment.methodLast4 });
    case 'CARD':
      return translate(locale, 'payment.method.card', { brand: payment.methodBrand ? CARD_BRAND_NAMES[payment.methodBrand] : 'Card', last4: payment.methodLast4 });
  }
}

type MethodFields = Pick<PaymentEntity, 'methodKind' | 'methodBrand' | 'methodLast4' | 'checkNumber'>;

/** How a payment was made, for the API: from the payment itself or from one of its events. */
export function toMethodSummary(payment: MethodFields, locale: Locale): PaymentMethodSummaryType {
  return { kind: payment.methodKind, brand: payment.methodBrand, last4: payment.methodLast4, checkNumber: payment.checkNumber, label: paymentMethodLabel(payment, locale) };
}

export function toPaymentType(payment: PaymentEntity, locale: Locale): PaymentType {
  return {
    id: payment.id,
    confirmationNumber: payment.confirmationNumber,
    status: payment.status,
    statusLabel: paymentStatusLabel(payment.status, locale),
    amount: cents(payment.amountCents),
    convenienceFee: cents(payment.feeCents),
    total: cents(payment.totalCents),
    refunded: cents(payment.refundedCents),
    method: toMethodSummary(payment, locale),
    channel: payment.channel,
    receivedBy: payment.receivedBy,
    cashReceived: payment.cashReceivedCents === null ? null : cents(payment.cashReceivedCents),
    changeGiven: payment.cashReceivedCents === null ? null : cents(payment.cashReceivedCents - payment.totalCents),
    expectedPostingDate: payment.expectedPostingDate,
    madeAt: payment.madeAt,
    postedAt: payment.postedAt,
    settledAt: payment.settledAt,
    declineCode: payment.declineCode,
    returnCode: payment.returnCode,
    refundable: isRefundable(payment),
    voidable: isVoidable(payment),
  };
}

export const toAllocationType = ({ line, target }: PaymentAllocation): PaymentAllocationType => ({
  serviceAccountId: line.serviceAccountId,
  payableId: line.payableId,
  maskedAccountNumber: target.maskedAccountNumber,
  payable: target.payable ? { ...target.payable } : null,
  amount: cents(line.amountCents),
  refunded: cents(line.refundedCents),
});

/** A step of a payment's history, or of one of its refunds' and voids' (the same fields over their own statuses). */
type StoredTransition<Status> = Pick<PaymentTransitionEntity, 'actor' | 'reason' | 'processorRef' | 'occurredAt'> & { readonly fromStatus: Status | null; readonly toStatus: Status };

export const toTransitionType = <Status extends string>(t: StoredTransition<Status>, locale: Locale) => ({
  fromStatus: t.fromStatus,
  toStatus: t.toStatus,
  actor: t.actor,
  reason: t.reason,
  reasonLabel: reasonLabel(t.reason, t.toStatus, locale),
  processorReference: t.processorRef,
  occurredAt: t.occurredAt,
});
