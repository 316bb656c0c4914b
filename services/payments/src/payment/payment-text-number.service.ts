import { withTenant } from '@platform/db';
import type { PaymentScope } from '../payment-scope';
import { queuePaymentNotice } from './payment-emails.service';
import { lockPayment } from './payment-transition.service';
import { PaymentEntity } from './payment.entity';
import { isMoneyIn, type PaymentStatus } from './payment.state';

// Voided at the processor before anything was recorded: nothing was taken either (see applyChargeOutcome).
const NOT_THROUGH: readonly PaymentStatus[] = ['DECLINED', 'FAILED', 'VOIDED'];

/**
 * A payer on the phone line, who has no email there, asks to be texted about
 * their payment at `phone` (E.164). The number is kept on the payment, and
 * texted its outcome: now, if the processor has answered; otherwise when
 * reconciliation learns it, as the payment's receipt or the notice that it
 * did not go through. The first number given is the one kept; asking again
 * texts nothing more.
 */
export async function textPaymentOutcome(scope: PaymentScope, paymentId: string, phone: string): Promise<void> {
  await withTenant(scope, async (manager) => {
    const payment = await lockPayment(manager, paymentId);
    if (!payment || payment.payerPhone) return;
    await manager.getRepository(PaymentEntity).update({ id: payment.id }, { payerPhone: phone, updatedAt: scope.clock.now() });
    payment.payerPhone = phone;
    const template = isMoneyIn(payment.status) ? 'PAYMENT_RECEIPT' : NOT_THROUGH.includes(payment.status) ? 'PAYMENT_FAILED' : null;
    // The text only: any email of the payment went when the outcome was recorded.
    if (template) await queuePaymentNotice(manager, scope, Object.assign(new PaymentEntity(), payment, { payerEmail: null, noticeUserId: null }), template);
  });
}
