import type { PlatformEvent } from '@platform/api';
import type { CardBrand, Locale, PaymentMethodKind } from '@platform/core';
import { PaymentMoved } from '../payment/payment.events';
import { cents, paymentStatusLabel } from '../payment/payment.mappers';
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
    method: payload.method && { kind: payload.method.kind as PaymentMethodKind, brand: payload.method.brand as CardBrand | null, last4: payload.method.last4 },
    madeAt: payload.madeAt ? new Date(payload.madeAt) : null,
    maskedAccountNumbers: payload.maskedAccountNumbers,
  };
}
