import { MoneyType, type UserErrorType } from '@platform/api';
import { money, translate, type Locale, type MessageKey, type UserError } from '@platform/core';
import type { PaymentAllocation } from './payment.loaders';
import type { PaymentTransitionEntity } from './payment-transition.entity';
import type { PaymentEntity } from './payment.entity';
import type { PaymentStatus } from './payment.state';
import type { PaymentAllocationType, PaymentTransitionType, PaymentType } from './payment.types';

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
  UNKNOWN: 'payment.status.unknown',
};

/** A payment status as a person reads it, in `locale`. */
export const paymentStatusLabel = (status: PaymentStatus, locale: Locale): string => translate(locale, STATUS_LABELS[status]);

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
    method: { kind: payment.methodKind, brand: payment.methodBrand, last4: payment.methodLast4 },
    expectedPostingDate: payment.expectedPostingDate,
    madeAt: payment.madeAt,
    postedAt: payment.postedAt,
    settledAt: payment.settledAt,
    declineCode: payment.declineCode,
    returnCode: payment.returnCode,
  };
}

export const toAllocationType = ({ line, target }: PaymentAllocation): PaymentAllocationType => ({
  serviceAccountId: line.serviceAccountId,
  payableId: line.payableId,
  maskedAccountNumber: target.maskedAccountNumber,
  payable: target.payable ? { ...target.payable } : null,
  amount: cents(line.amountCents),
});

export const toTransitionType = (t: PaymentTransitionEntity): PaymentTransitionType => ({
  fromStatus: t.fromStatus,
  toStatus: t.toStatus,
  actor: t.actor,
  reason: t.reason,
  processorReference: t.processorRef,
  occurredAt: t.occurredAt,
});

export const toUserErrorTypes = (errors: readonly UserError[]): UserErrorType[] => errors.map((e) => ({ field: [...e.field], code: e.code, message: e.message }));
