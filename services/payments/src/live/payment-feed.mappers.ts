import type { PlatformEvent } from '@platform/api';
import type { CardBrand, Locale, RecordedMethodKind } from '@platform/core';
import { PaymentMoved } from '../payment/payment.events';
import { cents, paymentStatusLabel, toMethodSummary } from '../payment/payment.mappers';
import type { PaymentEventType } from './payment-feed.types';

/** A payment event as subscribers see it; its payload is read (and checked) through its kind. */
export function toPaymentEventType(event: PlatformEvent, locale: Locale): PaymentEventType {
  const payload = PaymentMoved.read(event);
  return {
    cursor: event.cursor,
    type: event.type,
    occurredAt: new Date(event.occurredAt),
    paymentId: payload.paymentId,
    confirmationNumber: payload.confirmationNumber,
    status: payload.status,
    statusLabel: paymentStatusLabel(payload.status, locale),
    total: cents(payload.totalCents),
    method:
      payload.method &&
      toMethodSummary(
        { methodKind: payload.method.kind as RecordedMethodKind, methodBrand: payload.method.brand as CardBrand | null, methodLast4: payload.method.last4, checkNumber: payload.method.checkNumber },
        locale,
      ),
    channel: payload.channel,
    madeAt: payload.madeAt ? new Date(payload.madeAt) : null,
    maskedAccountNumbers: payload.maskedAccountNumbers,
  };
}
