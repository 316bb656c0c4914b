import { MoneyType, type UserErrorType } from '@platform/api';
import type { PaymentTarget } from '@platform/billing';
import { money, type UserError } from '@platform/core';
import type { PaymentLineEntity } from './payment-line.entity';
import type { PaymentTransitionEntity } from './payment-transition.entity';
import type { PaymentEntity } from './payment.entity';
import type { PaymentAllocationType, PaymentOperationType, PaymentTransitionType, PaymentType, SavedPaymentMethodType } from './payments.types';
import type { PaymentOperationTransitionEntity } from './payment-operation-transition.entity';
import type { PaymentOperationEntity } from './payment-operation.entity';
import type { SavedMethodEntity } from './saved-method.entity';

const cents = (value: bigint) => new MoneyType(money(value));

export function toPaymentType(payment: PaymentEntity): PaymentType {
  return {
    id: payment.id,
    confirmationNumber: payment.confirmationNumber,
    status: payment.status,
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

export const toAllocationType = (line: PaymentLineEntity, target: PaymentTarget): PaymentAllocationType => ({
  serviceAccountId: line.serviceAccountId,
  payableId: line.payableId,
  maskedAccountNumber: target.maskedAccountNumber,
  payable: target.payable ? { ...target.payable } : null,
  amount: cents(line.amountCents),
});

export const toOperationType = (operation: PaymentOperationEntity, history: readonly PaymentOperationTransitionEntity[]): PaymentOperationType => ({
  id: operation.id,
  kind: operation.kind,
  status: operation.status,
  amount: cents(operation.amountCents),
  reason: operation.reason,
  actor: operation.actor,
  processorReference: operation.processorRef,
  createdAt: operation.createdAt,
  history: history.map((t) => ({ fromStatus: t.fromStatus, toStatus: t.toStatus, actor: t.actor, reason: t.reason, processorReference: t.processorRef, occurredAt: t.occurredAt })),
});

export const toTransitionType = (t: PaymentTransitionEntity): PaymentTransitionType => ({
  fromStatus: t.fromStatus,
  toStatus: t.toStatus,
  actor: t.actor,
  reason: t.reason,
  processorReference: t.processorRef,
  occurredAt: t.occurredAt,
});

export const toSavedMethodType = (m: SavedMethodEntity): SavedPaymentMethodType => ({
  id: m.id,
  kind: m.kind,
  brand: m.brand,
  last4: m.last4,
  expMonth: m.expMonth,
  expYear: m.expYear,
  holderName: m.holderName,
});

export const toPaymentUserErrors = (errors: readonly UserError[]): UserErrorType[] => errors.map((e) => ({ field: [...e.field], code: e.code, message: e.message }));
