import type { PaymentEntity } from '../payment/payment.entity';

/**
 * An e-check its bank has not settled: accepted (AUTHORIZED), or posted to
 * the ledger on its posting day but not settled yet. Its money has not moved,
 * so it is voided, not refunded (a processor refuses to refund an unsettled
 * charge).
 */
export function isUnsettledEcheck(payment: Pick<PaymentEntity, 'methodKind' | 'status' | 'settledAt'>): boolean {
  return payment.methodKind === 'BANK_ACCOUNT' && (payment.status === 'AUTHORIZED' || (payment.status === 'POSTED' && payment.settledAt === null));
}
