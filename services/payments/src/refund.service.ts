import { type TenantContext } from '@platform/api';
import { formatMoney, money, parseMoney, translate, UserErrorCode, type UserError, type Result } from '@platform/core';
import { withTenant } from '@platform/db';
import type { PaymentProcessor } from '@platform/processor';
import { In } from 'typeorm';
import { PaymentOperationEntity } from './payment-operation.entity';
import { OPEN, applyOperationOutcome, findOpenVoid, openOperation, sendOperation } from './payment-operation.service';
import { lockPayment } from './payment-transition.service';
import { PaymentEntity } from './payment.entity';
import { postLocked } from './posting.job';
import { refuseCardNumbers } from './reason-text';

export interface RefundRequest {
  readonly paymentId: string;
  /** Dollars and cents, e.g. "25.00"; at most what is left to refund. */
  readonly amount: string;
  readonly reason: string;
  readonly idempotencyKey: string;
}

const fail = (ctx: TenantContext, field: string[], code: UserErrorCode, key: Parameters<typeof translate>[1], params: Record<string, string> = {}): Result<never> => ({
  ok: false,
  userErrors: [{ field, code, message: translate(ctx.locale, key, params) }],
});

/**
 * Staff give money back from a captured or posted payment, in full or in
 * part, with a reason. A REFUND operation is recorded PENDING under the
 * staff's key and committed, then sent to the processor under its own key,
 * then settled by applyOperationOutcome with the ledger change. A payment
 * not yet posted is posted first, so the ledger shows the money that came in
 * and the part that went back.
 */
export async function refundPayment(ctx: TenantContext, processor: PaymentProcessor, request: RefundRequest): Promise<Result<PaymentEntity>> {
  const errors: UserError[] = [];
  const amount = parseMoney(request.amount);
  if (!amount.ok || amount.value.cents <= 0n) errors.push({ field: ['input', 'amount'], code: UserErrorCode.INVALID_AMOUNT, message: translate(ctx.locale, 'payment.invalidAmount') });
  if (request.reason.trim() === '') errors.push({ field: ['input', 'reason'], code: UserErrorCode.REQUIRED, message: translate(ctx.locale, 'payment.reasonRequired') });
  errors.push(...refuseCardNumbers(ctx.locale, ['input', 'reason'], request.reason));
  if (!/^[A-Za-z0-9._:-]{1,200}$/.test(request.idempotencyKey)) errors.push({ field: ['input', 'idempotencyKey'], code: UserErrorCode.REQUIRED, message: translate(ctx.locale, 'payment.idempotencyKeyInvalid') });
  if (errors.length > 0 || !amount.ok) return { ok: false, userErrors: errors };
  const cents = amount.value.cents;
  const actor = ctx.viewer?.userId ?? 'platform-operator';

  const prepared = await withTenant(ctx, async (manager): Promise<Result<PaymentOperationEntity>> => {
    // The payment's lock first: a concurrent retry with the same key then waits, and finds this refund below.
    const payment = /^[0-9a-f-]{36}$/i.test(request.paymentId) ? await lockPayment(manager, request.paymentId) : null;
    const earlier = await manager.getRepository(PaymentOperationEntity).findOneBy({ idempotencyKey: request.idempotencyKey });
    if (earlier) {
      return earlier.kind === 'REFUND' && earlier.paymentId === request.paymentId && earlier.amountCents === cents
        ? { ok: true, value: earlier }
        : fail(ctx, ['input', 'idempotencyKey'], UserErrorCode.IDEMPOTENCY_KEY_REUSED, 'payment.idempotencyKeyReused');
    }
    if (!payment) return fail(ctx, ['input', 'paymentId'], UserErrorCode.PAYMENT_NOT_FOUND, 'payment.notFound');
    if (payment.status === 'AUTHORIZED') return fail(ctx, ['input', 'paymentId'], UserErrorCode.NOT_REFUNDABLE, 'payment.voidInstead');
    if (await findOpenVoid(manager, payment.id)) return fail(ctx, ['input', 'paymentId'], UserErrorCode.NOT_REFUNDABLE, 'payment.notRefundable', { status: 'VOIDING' });
    if (payment.status !== 'CAPTURED' && payment.status !== 'POSTED' && payment.status !== 'PARTIALLY_REFUNDED') {
      return fail(ctx, ['input', 'paymentId'], UserErrorCode.NOT_REFUNDABLE, 'payment.notRefundable', { status: payment.status });
    }
    const inFlight = await manager.getRepository(PaymentOperationEntity).findBy({ paymentId: payment.id, kind: 'REFUND', status: In([...OPEN]) });
    const left = payment.totalCents - payment.refundedCents - inFlight.reduce((sum, r) => sum + r.amountCents, 0n);
    if (cents > left) return fail(ctx, ['input', 'amount'], UserErrorCode.REFUND_TOO_LARGE, 'payment.refundTooLarge', { left: formatMoney(money(left), ctx.locale) });
    if (payment.status === 'CAPTURED') await postLocked(manager, ctx, payment, actor, 'posted early: refund requested');
    return { ok: true, value: await openOperation(manager, ctx, payment, { kind: 'REFUND', idempotencyKey: request.idempotencyKey, amountCents: cents, reason: request.reason.trim(), actor }) };
  });
  if (!prepared.ok) return prepared;
  const refund = prepared.value;
  if (refund.status === 'PENDING') {
    const payment = await withTenant(ctx, (manager) => manager.getRepository(PaymentEntity).findOneByOrFail({ id: refund.paymentId }));
    await applyOperationOutcome(ctx, refund.id, await sendOperation(processor, payment, refund), actor);
  }
  const after = await withTenant(ctx, async (manager) => ({
    refund: await manager.getRepository(PaymentOperationEntity).findOneByOrFail({ id: refund.id }),
    payment: await manager.getRepository(PaymentEntity).findOneByOrFail({ id: refund.paymentId }),
  }));
  if (after.refund.status === 'FAILED') return fail(ctx, ['input'], UserErrorCode.NOT_REFUNDABLE, 'payment.refundRefused');
  if (after.refund.status === 'UNKNOWN') return fail(ctx, ['input'], UserErrorCode.PROCESSOR_UNAVAILABLE, 'payment.refundUnknown');
  return { ok: true, value: after.payment };
}
