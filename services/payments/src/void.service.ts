import type { TenantContext } from '@platform/api';
import { reversePayment } from '@platform/billing';
import { translate } from '@platform/core';
import { withTenant } from '@platform/db';
import type { PaymentProcessor } from '@platform/processor';
import type { EntityManager } from 'typeorm';
import { lockPayment, movePayment } from './payment-transition.service';
import type { PaymentScope } from './payment-scope';
import type { PaymentEntity } from './payment.entity';
import { PaymentErrorCode, type PaymentResult } from './payments.errors';

/**
 * Staff cancel a payment before it settles (a card the same day, an e-check
 * before the bank settles it): nothing is taken, so nothing posts, and its
 * pending amount leaves the accounts' balances.
 *
 * Like a payment, the intent is committed before the processor is called:
 * while a void is with the processor, the payment neither posts nor takes a
 * refund, so a void cannot race the posting job into returning money the
 * ledger still counts. A void whose answer is lost is settled by
 * reconciliation from the charge's status.
 */
export async function voidPayment(ctx: TenantContext, processor: PaymentProcessor, paymentId: string, reason: string): Promise<PaymentResult<PaymentEntity>> {
  const fail = (code: PaymentErrorCode, key: 'payment.reasonRequired' | 'payment.notFound' | 'payment.notVoidable' | 'payment.processorUnavailable', field = ['input', 'paymentId']) => ({
    ok: false as const,
    userErrors: [{ field, code, message: translate(ctx.locale, key) }],
  });
  if (reason.trim() === '') return fail(PaymentErrorCode.REQUIRED, 'payment.reasonRequired', ['input', 'reason']);
  if (!/^[0-9a-f-]{36}$/i.test(paymentId)) return fail(PaymentErrorCode.PAYMENT_NOT_FOUND, 'payment.notFound');
  const actor = ctx.viewer?.userId ?? 'platform-operator';

  const requested = await withTenant(ctx, async (manager) => {
    const payment = await lockPayment(manager, paymentId);
    if (!payment || payment.status === 'VOIDED') return payment;
    if ((payment.status !== 'CAPTURED' && payment.status !== 'AUTHORIZED') || !payment.processorChargeId) return 'NOT_VOIDABLE' as const;
    if (!payment.voidRequestedAt) await movePayment(manager, ctx, payment, { to: payment.status, actor, reason: `void requested: ${reason.trim()}`, changes: { voidRequestedAt: ctx.clock.now() } });
    return payment;
  });
  if (requested === null) return fail(PaymentErrorCode.PAYMENT_NOT_FOUND, 'payment.notFound');
  if (requested === 'NOT_VOIDABLE') return fail(PaymentErrorCode.NOT_VOIDABLE, 'payment.notVoidable');
  if (requested.status === 'VOIDED') return { ok: true, value: requested };

  const result = await processor.void({ idempotencyKey: `void-${requested.id}`, chargeId: requested.processorChargeId! });
  if (result.outcome === 'UNKNOWN') return fail(PaymentErrorCode.PROCESSOR_UNAVAILABLE, 'payment.processorUnavailable', ['input']);
  const settled = await withTenant(ctx, async (manager) => {
    const payment = await lockPayment(manager, requested.id);
    if (!payment) throw new Error(`payment ${requested.id} vanished`);
    if (result.outcome === 'OK') await finishVoid(manager, ctx, payment, actor, reason.trim());
    else await movePayment(manager, ctx, payment, { to: payment.status, actor, reason: `void refused: ${result.message}`, changes: { voidRequestedAt: null } });
    return payment;
  });
  return settled.status === 'VOIDED' ? { ok: true, value: settled } : fail(PaymentErrorCode.NOT_VOIDABLE, 'payment.notVoidable');
}

/** Records a void the processor made (whenever we learn of it): the accounts' pending or posted amount is taken back. */
export async function finishVoid(manager: EntityManager, scope: PaymentScope, payment: PaymentEntity, actor: string, reason: string): Promise<void> {
  if (payment.status === 'VOIDED') return;
  await reversePayment(manager, scope, payment.id, `voided: ${reason}`, actor);
  await movePayment(manager, scope, payment, { to: 'VOIDED', actor, reason, processorRef: payment.processorChargeId, changes: { voidRequestedAt: null } });
}
