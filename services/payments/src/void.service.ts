import type { TenantContext } from '@platform/api';
import { reversePayment } from '@platform/billing';
import { translate } from '@platform/core';
import { withTenant } from '@platform/db';
import type { PaymentProcessor } from '@platform/processor';
import { lockPayment, movePayment } from './payment-transition.service';
import { PaymentEntity } from './payment.entity';
import { PaymentErrorCode, type PaymentResult } from './payments.errors';

/**
 * Staff cancel a payment before it settles (a card the same day, an e-check
 * before the bank settles it): nothing was taken, so nothing posts, and its
 * pending amount leaves the accounts' balances.
 */
export async function voidPayment(ctx: TenantContext, processor: PaymentProcessor, paymentId: string, reason: string): Promise<PaymentResult<PaymentEntity>> {
  if (reason.trim() === '') return { ok: false, userErrors: [{ field: ['input', 'reason'], code: PaymentErrorCode.REQUIRED, message: translate(ctx.locale, 'payment.reasonRequired') }] };
  const payment = /^[0-9a-f-]{36}$/i.test(paymentId) ? await withTenant(ctx, (manager) => manager.getRepository(PaymentEntity).findOneBy({ id: paymentId })) : null;
  if (!payment) return { ok: false, userErrors: [{ field: ['input', 'paymentId'], code: PaymentErrorCode.PAYMENT_NOT_FOUND, message: translate(ctx.locale, 'payment.notFound') }] };
  if (payment.status === 'VOIDED') return { ok: true, value: payment };
  const notVoidable = () => ({ ok: false as const, userErrors: [{ field: ['input', 'paymentId'], code: PaymentErrorCode.NOT_VOIDABLE, message: translate(ctx.locale, 'payment.notVoidable') }] });
  if ((payment.status !== 'CAPTURED' && payment.status !== 'AUTHORIZED') || !payment.processorChargeId) return notVoidable();

  const result = await processor.void({ idempotencyKey: `void-${payment.id}`, chargeId: payment.processorChargeId });
  if (result.outcome === 'UNKNOWN') return { ok: false, userErrors: [{ field: ['input'], code: PaymentErrorCode.PROCESSOR_UNAVAILABLE, message: translate(ctx.locale, 'payment.processorUnavailable') }] };
  if (result.outcome !== 'OK') return notVoidable();
  const actor = ctx.viewer?.userId ?? 'platform-operator';
  const voided = await withTenant(ctx, async (manager) => {
    const locked = await lockPayment(manager, payment.id);
    if (!locked || (locked.status !== 'CAPTURED' && locked.status !== 'AUTHORIZED')) return locked;
    await reversePayment(manager, ctx, locked.id, `voided: ${reason.trim()}`, actor);
    await movePayment(manager, ctx, locked, { to: 'VOIDED', actor, reason: reason.trim(), processorRef: locked.processorChargeId });
    return locked;
  });
  return voided?.status === 'VOIDED' ? { ok: true, value: voided } : notVoidable();
}
