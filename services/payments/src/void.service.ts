import { type TenantContext } from '@platform/api';
import { translate, UserErrorCode, type UserError, type Result } from '@platform/core';
import { withTenant } from '@platform/db';
import type { PaymentProcessor } from '@platform/processor';
import { PaymentOperationEntity } from './payment-operation.entity';
import { applyOperationOutcome, findOpenVoid, openOperation, sendOperation } from './payment-operation.service';
import { lockPayment } from './payment-transition.service';
import { PaymentEntity } from './payment.entity';
import { refuseCardNumbers } from './reason-text';

/**
 * Staff cancel a payment before it settles (a card the same day, an e-check
 * before the bank settles it): nothing is taken, so nothing posts, and its
 * pending amount leaves the accounts' balances.
 *
 * Like a payment, the intent (a VOID operation) is committed before the
 * processor is called: while a void is with the processor, the payment
 * neither posts nor takes a refund, so a void cannot race the posting job
 * into returning money the ledger still counts. A void whose answer is lost
 * is sent again by reconciliation under the same key. Asking again while one
 * is in flight sends that one again; once voided, the answer is the payment.
 */
export async function voidPayment(ctx: TenantContext, processor: PaymentProcessor, paymentId: string, reason: string): Promise<Result<PaymentEntity>> {
  const fail = (code: UserErrorCode, key: 'payment.reasonRequired' | 'payment.notFound' | 'payment.notVoidable' | 'payment.processorUnavailable', field = ['input', 'paymentId']) => ({
    ok: false as const,
    userErrors: [{ field, code, message: translate(ctx.locale, key) }],
  });
  const invalid: UserError[] = reason.trim() === '' ? fail(UserErrorCode.REQUIRED, 'payment.reasonRequired', ['input', 'reason']).userErrors : refuseCardNumbers(ctx.locale, ['input', 'reason'], reason);
  if (invalid.length > 0) return { ok: false, userErrors: invalid };
  if (!/^[0-9a-f-]{36}$/i.test(paymentId)) return fail(UserErrorCode.PAYMENT_NOT_FOUND, 'payment.notFound');
  const actor = ctx.viewer?.userId ?? 'platform-operator';

  const requested = await withTenant(ctx, async (manager): Promise<{ payment: PaymentEntity; operation: PaymentOperationEntity | null } | 'NOT_FOUND' | 'NOT_VOIDABLE'> => {
    const payment = await lockPayment(manager, paymentId);
    if (!payment) return 'NOT_FOUND';
    if (payment.status === 'VOIDED') return { payment, operation: null };
    const open = await findOpenVoid(manager, payment.id);
    if (open) return { payment, operation: open };
    if ((payment.status !== 'CAPTURED' && payment.status !== 'AUTHORIZED') || !payment.processorChargeId) return 'NOT_VOIDABLE';
    const operation = await openOperation(manager, ctx, payment, { kind: 'VOID', amountCents: payment.totalCents, reason: reason.trim(), actor });
    return { payment, operation };
  });
  if (requested === 'NOT_FOUND') return fail(UserErrorCode.PAYMENT_NOT_FOUND, 'payment.notFound');
  if (requested === 'NOT_VOIDABLE') return fail(UserErrorCode.NOT_VOIDABLE, 'payment.notVoidable');
  const { operation } = requested;
  if (!operation) return { ok: true, value: requested.payment };

  await applyOperationOutcome(ctx, operation.id, await sendOperation(processor, requested.payment, operation), actor);
  const after = await withTenant(ctx, async (manager) => ({
    payment: await manager.getRepository(PaymentEntity).findOneByOrFail({ id: operation.paymentId }),
    operation: await manager.getRepository(PaymentOperationEntity).findOneByOrFail({ id: operation.id }),
  }));
  if (after.payment.status === 'VOIDED') return { ok: true, value: after.payment };
  if (after.operation.status === 'UNKNOWN') return fail(UserErrorCode.PROCESSOR_UNAVAILABLE, 'payment.processorUnavailable', ['input']);
  return fail(UserErrorCode.NOT_VOIDABLE, 'payment.notVoidable');
}
