import type { PaymentEntity } from '../payment/payment.entity';

/**
 * An e-check its bank has not settled, as far as we know: accepted
 * (AUTHORIZED) or posted to the ledger on its posting day, with no settlement
 * recorded. Its money has not moved, so it is voided, not refunded (a
 * processor refuses to refund an unsettled charge). One the bank settled
 * before its posting day is still AUTHORIZED, but refunded, not voided.
 */
export function isUnsettledEcheck(payment: Pick<PaymentEntity, 'methodKind' | 'status' | 'settledAt'>): boolean {
  return payment.methodKind === 'BANK_ACCOUNT' && payment.settledAt === null && (payment.status === 'AUTHORIZED' || payment.status === 'POSTED');
}
