import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PaymentEntity } from './payment.entity';

/**
 * A guest's receipt token: with the confirmation number it shows the payment
 * later. Derived (HMAC under the key the payments module is built with)
 * rather than stored, so a retried makePayment returns the same token the
 * first answer carried, and nothing secret is at rest.
 */
export function receiptTokenFor(secret: Uint8Array, payment: Pick<PaymentEntity, 'tenantId' | 'id'>): string {
  return createHmac('sha256', secret).update(`receipt\n${payment.tenantId}\n${payment.id}`).digest('base64url');
}

export function isReceiptToken(secret: Uint8Array, payment: Pick<PaymentEntity, 'tenantId' | 'id'>, given: string): boolean {
  const expected = Buffer.from(receiptTokenFor(secret, payment));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
