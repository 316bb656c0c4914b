import { withTenant } from '@platform/db';
import type { PaymentProcessor } from '@platform/processor';
import { PaymentEntity } from '../payment/payment.entity';
import type { PaymentScope } from '../payment-scope';

/**
 * What the processor did with a payment that we have not seen yet, as it
 * says now, asked by staff's refund or void of it: an e-check not yet posted
 * whose bank has settled it (the settlement job looks hourly), refundable; or
 * a card charge not yet posted that was voided in the processor's dashboard
 * (the posting job looks on the posting day), which a refund would post first
 * as money received and the processor would refuse to void again. Asked
 * before the refund's or void's transaction, not inside it: no lock is held
 * across a call to the processor. Null when neither, or when it does not
 * answer (the refund's or void's own call is refused then).
 */
export async function unseenAtProcessor(scope: PaymentScope, processor: PaymentProcessor, paymentId: string): Promise<'SETTLED' | 'VOIDED' | null> {
  const payment = await withTenant(scope, (manager) => manager.getRepository(PaymentEntity).findOneBy({ id: paymentId }));
  if (!payment?.processorChargeId) return null;
  const followed = (payment.methodKind === 'BANK_ACCOUNT' && payment.status === 'AUTHORIZED' && payment.settledAt === null) || (payment.methodKind === 'CARD' && payment.status === 'CAPTURED');
  if (!followed) return null;
  const charge = await processor.getCharge(payment.processorChargeId);
  if (charge.outcome !== 'OK') return null;
  if (payment.methodKind === 'BANK_ACCOUNT') return charge.value.status === 'SETTLED' ? 'SETTLED' : null;
  return charge.value.status === 'VOIDED' ? 'VOIDED' : null;
}
