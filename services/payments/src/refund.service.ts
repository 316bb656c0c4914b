import { randomUUID } from 'node:crypto';
import type { TenantContext } from '@platform/api';
import { refundPayment as refundOnLedger } from '@platform/billing';
import { parseMoney, translate } from '@platform/core';
import { withTenant } from '@platform/db';
import type { PaymentProcessor, ProcessorResult, Refund } from '@platform/processor';
import type { EntityManager } from 'typeorm';
import { In, LessThan } from 'typeorm';
import { PaymentRefundEntity } from './payment-refund.entity';
import { lockPayment, movePayment } from './payment-transition.service';
import type { PaymentScope } from './payment-scope';
import { PaymentEntity } from './payment.entity';
import { PaymentErrorCode, type PaymentResult, type PaymentUserError } from './payments.errors';
import { postLocked } from './posting.job';
import { queuePaymentEmail } from './receipt';
import { STALE_PENDING_MS } from './reconciliation.job';

export interface RefundRequest {
  readonly paymentId: string;
  /** Dollars and cents, e.g. "25.00"; at most what is left to refund. */
  readonly amount: string;
  readonly reason: string;
  readonly idempotencyKey: string;
}

const fail = (ctx: TenantContext, field: string[], code: PaymentErrorCode, key: Parameters<typeof translate>[1], params: Record<string, string> = {}): PaymentResult<never> => ({
  ok: false,
  userErrors: [{ field, code, message: translate(ctx.locale, key, params) }],
});

/**
 * Staff give money back from a captured or posted payment, in full or in
 * part, with a reason. Like a payment: checked, recorded PENDING and
 * committed, then sent to the processor under the refund's own key, then
 * recorded with the ledger change. A payment not yet posted is posted first,
 * so the ledger shows the money that came in and the part that went back.
 */
export async function refundPayment(ctx: TenantContext, processor: PaymentProcessor, request: RefundRequest): Promise<PaymentResult<PaymentEntity>> {
  const errors: PaymentUserError[] = [];
  const amount = parseMoney(request.amount);
  if (!amount.ok || amount.value.cents <= 0n) errors.push({ field: ['input', 'amount'], code: PaymentErrorCode.INVALID_AMOUNT, message: translate(ctx.locale, 'payment.invalidAmount') });
  if (request.reason.trim() === '') errors.push({ field: ['input', 'reason'], code: PaymentErrorCode.REQUIRED, message: translate(ctx.locale, 'payment.reasonRequired') });
  if (!/^[A-Za-z0-9._:-]{1,200}$/.test(request.idempotencyKey)) errors.push({ field: ['input', 'idempotencyKey'], code: PaymentErrorCode.REQUIRED, message: translate(ctx.locale, 'payment.idempotencyKeyInvalid') });
  if (errors.length > 0 || !amount.ok) return { ok: false, userErrors: errors };
  const cents = amount.value.cents;
  const actor = ctx.viewer?.userId ?? 'platform-operator';

  const prepared = await withTenant(ctx, async (manager): Promise<PaymentResult<PaymentRefundEntity>> => {
    // The payment's lock first: a concurrent retry with the same key then waits, and finds this refund below.
    const payment = /^[0-9a-f-]{36}$/i.test(request.paymentId) ? await lockPayment(manager, request.paymentId) : null;
    const earlier = await manager.getRepository(PaymentRefundEntity).findOneBy({ idempotencyKey: request.idempotencyKey });
    if (earlier) {
      return earlier.paymentId === request.paymentId && earlier.amountCents === cents
        ? { ok: true, value: earlier }
        : fail(ctx, ['input', 'idempotencyKey'], PaymentErrorCode.IDEMPOTENCY_KEY_REUSED, 'payment.idempotencyKeyReused');
    }
    if (!payment) return fail(ctx, ['input', 'paymentId'], PaymentErrorCode.PAYMENT_NOT_FOUND, 'payment.notFound');
    if (payment.status === 'AUTHORIZED') return fail(ctx, ['input', 'paymentId'], PaymentErrorCode.NOT_REFUNDABLE, 'payment.voidInstead');
    if (payment.voidRequestedAt) return fail(ctx, ['input', 'paymentId'], PaymentErrorCode.NOT_REFUNDABLE, 'payment.notRefundable', { status: 'VOIDING' });
    if (payment.status !== 'CAPTURED' && payment.status !== 'POSTED' && payment.status !== 'PARTIALLY_REFUNDED') {
      return fail(ctx, ['input', 'paymentId'], PaymentErrorCode.NOT_REFUNDABLE, 'payment.notRefundable', { status: payment.status });
    }
    const inFlight = await manager.getRepository(PaymentRefundEntity).findBy({ paymentId: payment.id, status: In(['PENDING', 'UNKNOWN']) });
    const left = payment.totalCents - payment.refundedCents - inFlight.reduce((sum, r) => sum + r.amountCents, 0n);
    if (cents > left) return fail(ctx, ['input', 'amount'], PaymentErrorCode.REFUND_TOO_LARGE, 'payment.refundTooLarge', { left: `${left / 100n}.${String(left % 100n).padStart(2, '0')}` });
    if (payment.status === 'CAPTURED') await postLocked(manager, ctx, payment, actor, 'posted early: refund requested');
    const refund: PaymentRefundEntity = Object.assign(new PaymentRefundEntity(), {
      tenantId: ctx.tenant.id,
      id: randomUUID(),
      paymentId: payment.id,
      idempotencyKey: request.idempotencyKey,
      amountCents: cents,
      reason: request.reason.trim(),
      actor,
      status: 'PENDING' as const,
      processorRefundId: null,
      createdAt: ctx.clock.now(),
      updatedAt: ctx.clock.now(),
    });
    await manager.getRepository(PaymentRefundEntity).insert(refund);
    return { ok: true, value: refund };
  });
  if (!prepared.ok) return prepared;
  const refund = prepared.value;
  if (refund.status === 'PENDING') {
    const payment = await withTenant(ctx, (manager) => manager.getRepository(PaymentEntity).findOneByOrFail({ id: refund.paymentId }));
    const result = await processor.refund({ idempotencyKey: `refund-${refund.id}`, chargeId: payment.processorChargeId!, amountCents: refund.amountCents });
    await applyRefundOutcome(ctx, refund.id, result);
  }
  const after = await withTenant(ctx, async (manager) => ({
    refund: await manager.getRepository(PaymentRefundEntity).findOneByOrFail({ id: refund.id }),
    payment: await manager.getRepository(PaymentEntity).findOneByOrFail({ id: refund.paymentId }),
  }));
  if (after.refund.status === 'FAILED') return fail(ctx, ['input'], PaymentErrorCode.NOT_REFUNDABLE, 'payment.refundRefused');
  if (after.refund.status === 'UNKNOWN') return fail(ctx, ['input'], PaymentErrorCode.PROCESSOR_UNAVAILABLE, 'payment.refundUnknown');
  return { ok: true, value: after.payment };
}

/** Records the processor's answer to a refund, with the ledger change, once. */
async function applyRefundOutcome(scope: PaymentScope, refundId: string, result: ProcessorResult<Refund>): Promise<void> {
  await withTenant(scope, async (manager) => {
    const refund = await manager.getRepository(PaymentRefundEntity).findOne({ where: { id: refundId }, lock: { mode: 'pessimistic_write' } });
    if (!refund || refund.status === 'SUCCEEDED' || refund.status === 'FAILED') return;
    const now = scope.clock.now();
    if (result.outcome === 'UNKNOWN') {
      await manager.getRepository(PaymentRefundEntity).update({ id: refund.id }, { status: 'UNKNOWN', updatedAt: now });
      return;
    }
    if (result.outcome !== 'OK') {
      await manager.getRepository(PaymentRefundEntity).update({ id: refund.id }, { status: 'FAILED', updatedAt: now });
      return;
    }
    const payment = await lockPayment(manager, refund.paymentId);
    if (!payment) throw new Error(`payment ${refund.paymentId} vanished`);
    await manager.getRepository(PaymentRefundEntity).update({ id: refund.id }, { status: 'SUCCEEDED', processorRefundId: result.value.id, updatedAt: now });
    await recordRefund(manager, scope, payment, refund);
  });
}

/**
 * The ledger side of a refund: the part that had gone to the accounts is
 * owed again (a refunded convenience fee was never on an account).
 */
async function recordRefund(manager: EntityManager, scope: PaymentScope, payment: PaymentEntity, refund: PaymentRefundEntity): Promise<void> {
  const before = payment.refundedCents;
  const after = before + refund.amountCents;
  const min = (a: bigint, b: bigint) => (a < b ? a : b);
  const toAccounts = min(after, payment.amountCents) - min(before, payment.amountCents);
  if (toAccounts > 0n) await refundOnLedger(manager, scope, { paymentId: payment.id, refundId: refund.id, amountCents: toAccounts, reason: refund.reason, actor: refund.actor });
  await movePayment(manager, scope, payment, {
    to: after >= payment.totalCents ? 'REFUNDED' : 'PARTIALLY_REFUNDED',
    actor: refund.actor,
    reason: refund.reason,
    processorRef: refund.processorRefundId,
    changes: { refundedCents: after },
  });
  await queuePaymentEmail(manager, scope, payment, 'PAYMENT_REFUNDED', { refundedAmount: refund.amountCents.toString() });
}

/** For reconciliation: asks again (same key, so never twice) about refunds whose answer was lost. */
export async function retryUnsettledRefunds(scope: PaymentScope, processor: PaymentProcessor): Promise<number> {
  const staleBefore = new Date(scope.clock.now().getTime() - STALE_PENDING_MS);
  const open = await withTenant(scope, (manager) =>
    manager.getRepository(PaymentRefundEntity).find({ where: [{ status: 'UNKNOWN' }, { status: 'PENDING', createdAt: LessThan(staleBefore) }] }),
  );
  let settled = 0;
  for (const refund of open) {
    const payment = await withTenant(scope, (manager) => manager.getRepository(PaymentEntity).findOneByOrFail({ id: refund.paymentId }));
    const result = await processor.refund({ idempotencyKey: `refund-${refund.id}`, chargeId: payment.processorChargeId!, amountCents: refund.amountCents });
    if (result.outcome === 'UNKNOWN') continue;
    await applyRefundOutcome(scope, refund.id, result);
    settled++;
  }
  return settled;
}
