import { translate, type Locale, type MessageKey } from '@platform/core';
import { cents } from '../payment/payment.mappers';
import { reasonLabel } from '../payment/transition-reason';
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
  history: history.map((t) => ({
    fromStatus: t.fromStatus,
    toStatus: t.toStatus,
    actor: t.actor,
    reason: t.reason,
    reasonLabel: reasonLabel(t.reason, t.toStatus, locale),
    processorReference: t.processorRef,
    occurredAt: t.occurredAt,
  })),
});
