import { translate, type Locale, type MessageKey } from '@platform/core';
import { cents, toTransitionType } from '../payment/payment.mappers';
import type { PaymentOperationTransitionEntity } from './payment-operation-transition.entity';
import type { PaymentOperationEntity } from './payment-operation.entity';
import type { OperationStatus } from './payment-operation.state';
import type { PaymentOperationType } from './payment-operation.types';

const STATUS_LABELS: Readonly<Record<OperationStatus, MessageKey>> = {
  PENDING: 'paymentOperation.status.pending',
  SUCCEEDED: 'paymentOperation.status.succeeded',
  FAILED: 'paymentOperation.status.failed',
  UNKNOWN: 'paymentOperation.status.unknown',
};

export const toOperationType = (operation: PaymentOperationEntity, history: readonly PaymentOperationTransitionEntity[], locale: Locale): PaymentOperationType => ({
  id: operation.id,
  kind: operation.kind,
  status: operation.status,
  statusLabel: translate(locale, STATUS_LABELS[operation.status]),
  amount: cents(operation.amountCents),
  reason: operation.reason,
  actor: operation.actor,
  processorReference: operation.processorRef,
  createdAt: operation.createdAt,
  history: history.map((t) => toTransitionType(t, locale)),
});
