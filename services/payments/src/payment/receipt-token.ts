import { isSignedToken, signedToken } from '@platform/core';
import type { PaymentEntity } from './payment.entity';

/**
 * A guest's receipt token: with the confirmation number it shows the payment
 * later. Derived (signed under the key the payments module is built with)
 * rather than stored, so a retried makePayment returns the same token the
 * first answer carried, and nothing secret is at rest.
 */
const receiptParts = (payment: Pick<PaymentEntity, 'tenantId' | 'id'>) => ['receipt', payment.tenantId, payment.id];

export function receiptTokenFor(secret: Uint8Array, payment: Pick<PaymentEntity, 'tenantId' | 'id'>): string {
  return signedToken(secret, receiptParts(payment));
}

export function isReceiptToken(secret: Uint8Array, payment: Pick<PaymentEntity, 'tenantId' | 'id'>, given: string): boolean {
  return isSignedToken(secret, receiptParts(payment), given);
}
