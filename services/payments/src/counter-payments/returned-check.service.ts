import { randomUUID } from 'node:crypto';
import { actorOf, refuseUnlessStillSignedIn, validateInput, type TenantContext } from '@platform/api';
import { recordSecurityEvent } from '@platform/auth';
import { reversePayment } from '@platform/billing';
import { ok, refused, userError, UserErrorCode, type MessageKey, type Result } from '@platform/core';
import { lockForTransaction, withTenant } from '@platform/db';
import { withdrawPendingNotices } from '@platform/notifications';
import type { EntityManager } from 'typeorm';
import { queuePaymentNotice } from '../payment/payment-emails.service';
import { lockPayment, movePayment } from '../payment/payment-transition.service';
import type { PaymentEntity } from '../payment/payment.entity';
import { refusalParams } from '../payment/payment.mappers';
import { linesOfPayment } from '../payment/payment.queries';
import { chargeReturnedPaymentFee } from '../payment/returned-payment-fee.service';
import type { PaymentStatus } from '../payment/payment.state';
import { owedAgainFacts } from '../refunds-and-voids/owed-again.service';
import { CHECK_STANDING, isCheckReturnableAt } from '../refunds-and-voids/payment-actions';
import { returnedCheckInput, type RecordReturnedCheckInput } from './returned-check.inputs';

type Refusal = { readonly code: UserErrorCode; readonly key: MessageKey; readonly status?: PaymentStatus };

/**
 * A paper check taken at the counter that the payer's bank sent back after its day (insufficient funds, account closed,
 * payment stopped): until now the city had no way to say so, and the account stayed paid by money it never got. The
 * city's ADMIN records the return on the payment, under the payment's lock, in one transaction:
 * - what the check still paid the accounts is owed on them again (billing's reversePayment, as an e-check's return: a
 *   restoration it had asked for is sent back, its service DISCONNECTED again), dated the day it is recorded;
 * - the payment becomes RETURNED, its history saying why; the city's totals count the return on that day (they read the
 *   history), so the day the check was taken stays as it was balanced and deposited, as does the clerk's drawer of
 *   that day (the check was in it);
 * - a receipt still waiting to go out is withdrawn, and the payer is told, in their language (the payment's, not the
 *   ADMIN's), what is owed again: PAYMENT_RETURNED, as for an e-check, without a return code;
 * - the return (reason, staff's note) is kept, and COUNTER_CHECK_RETURNED is in the audit log (ids, amount, reason:
 *   never the check number or the note).
 * Idempotent by key: the same request again answers with the payment and reverses nothing more; the key sent for
 * another payment or reason is IDEMPOTENCY_KEY_REUSED. A check comes back once: a second return is NOT_RETURNABLE, as
 * are cash, cards, e-checks (their bank's returns come through the processor) and a check voided or refunded in full.
 * The city's returned-payment fee (paymentRules.returnedPaymentFee, the one it charges for a returned e-check) is
 * charged with it, once (returned-payment-fee.service.ts), on the ledger as "Returned check fee" and told in the notice.
 * Not on the day it was taken (NOT_RETURNABLE): no bank has seen the check yet, it is still in the clerk's drawer, which
 * would count it while the account owed it again; recorded in error, it is voided (by another staff member).
 */
export async function recordReturnedCheck(ctx: TenantContext, input: RecordReturnedCheckInput): Promise<Result<PaymentEntity>> {
  const checked = validateInput(returnedCheckInput, input, ctx.locale);
  if (!checked.ok) return checked;
  const { idempotencyKey, paymentId, reason, note } = checked.value;
  const actor = actorOf(ctx);
  const answer = await withTenant(ctx, async (manager): Promise<PaymentEntity | Refusal> => {
    // The key first: one key sent for two checks at once is one return and a refusal, not a clash on its unique index.
    await lockForTransaction(manager, `counter-check-return:${idempotencyKey}`);
    const payment = await lockPayment(manager, paymentId);
    await refuseUnlessStillSignedIn(manager, ctx);
    const [earlier] = await manager.query<{ paymentId: string; reason: string }[]>(`SELECT payment_id AS "paymentId", reason FROM counter_check_returns WHERE idempotency_key = $1`, [idempotencyKey]);
    if (earlier) {
      if (earlier.paymentId !== paymentId || earlier.reason !== reason) return { code: UserErrorCode.IDEMPOTENCY_KEY_REUSED, key: 'payment.idempotencyKeyReused' };
      if (payment) return payment;
    }
    if (!payment) return { code: UserErrorCode.PAYMENT_NOT_FOUND, key: 'payment.notFound' };
    if (payment.methodKind !== 'CHECK') return { code: UserErrorCode.NOT_RETURNABLE, key: 'payment.checkReturnNotACheck' };
    if (payment.status === 'RETURNED') return { code: UserErrorCode.NOT_RETURNABLE, key: 'payment.checkReturnedAlready' };
    if (!CHECK_STANDING.includes(payment.status)) return { code: UserErrorCode.NOT_RETURNABLE, key: 'payment.checkReturnNotStanding', status: payment.status };
    // What is left: its day.
    if (!isCheckReturnableAt(payment, ctx.clock.now(), ctx.tenant.timeZone)) return { code: UserErrorCode.NOT_RETURNABLE, key: 'payment.checkReturnSameDay' };
    await returnCheck(manager, ctx, payment, actor, reason);
    await manager.query(`INSERT INTO counter_check_returns (tenant_id, id, payment_id, idempotency_key, reason, note, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
      ctx.tenant.id,
      randomUUID(),
      payment.id,
      idempotencyKey,
      reason,
      note,
      actor,
      ctx.clock.now(),
    ]);
    await recordSecurityEvent(manager, ctx, { kind: 'COUNTER_CHECK_RETURNED', detail: { paymentId: payment.id, amountCents: payment.totalCents.toString(), reason } });
    return (await lockPayment(manager, payment.id))!;
  });
  if ('code' in answer) return refused(userError(ctx.locale, ['input', 'paymentId'], answer.code, answer.key, refusalParams(answer.status, ctx.locale)));
  return ok(answer);
}

/** The books and the payer: the accounts owe again what the check still paid, with the city's fee; the payment is RETURNED, the payer told. */
async function returnCheck(manager: EntityManager, ctx: TenantContext, payment: PaymentEntity, actor: string, reason: string): Promise<void> {
  const refundedInFull = await reversePayment(manager, ctx, payment.id, { kind: 'CHECK_RETURNED', reason }, actor);
  // What a refund gave back at the office left the city already; the bank took back only the rest.
  const lines = await linesOfPayment(manager, payment.id);
  const taken = lines.map((line) => line.amountCents - line.refundedCents);
  const fee = await chargeReturnedPaymentFee(manager, ctx, payment, { lines, cents: taken, refundedInFull }, { kind: 'RETURNED_CHECK_FEE' }, actor);
  await movePayment(manager, ctx, payment, { to: 'RETURNED', actor, reason: { kind: 'CHECK_RETURNED', reason } });
  // As for a void: a receipt still waiting would tell the payer the city has money it never got.
  await withdrawPendingNotices(manager, payment, 'PAYMENT_RECEIPT');
  if (taken.every((cents) => cents <= 0n)) return;
  await queuePaymentNotice(manager, ctx, payment, 'PAYMENT_RETURNED', { ...(await owedAgainFacts(manager, ctx, payment, lines, taken, fee)), ...fee?.noticeFacts }, lines);
}
