import { groupBy } from '@platform/core';
import { describePaymentTargets, recordPendingPayments } from '@platform/billing';
import { withTenant } from '@platform/db';
import { appendEvent } from '@platform/events';
import { enqueueNotifications } from '@platform/notifications';
import type { Charge, ProcessorResult } from '@platform/processor';
import { In, type EntityManager } from 'typeorm';
import { applyChargeOutcome } from '../make-payment/charge-outcome.service';
import { noticeEmails, paymentEmail } from '../payment/payment-emails.service';
import { PaymentLineEntity } from '../payment/payment-line.entity';
import { countWhenCommitted } from '../payment/payment-transition.service';
import { PaymentEntity } from '../payment/payment.entity';
import { PaymentMoved, paymentEventFacts } from '../payment/payment.events';
import { paymentStates } from '../payment/payment.state';
import { reasonText } from '../payment/transition-reason';
import type { PaymentScope } from '../payment-scope';

/** A payment's processor call, answered (or not). */
export interface AnsweredCharge {
  readonly paymentId: string;
  readonly result: ProcessorResult<Charge>;
}

/** A charge the processor made and that is neither returned nor voided: the common answer, recorded set-based. */
type MadeCharge = { readonly paymentId: string; readonly charge: Charge };

/**
 * applyChargeOutcome for a batch of answered calls. The common answer (the
 * money is in) is recorded for the whole batch in one transaction whose
 * statement count does not grow with the batch: the payments locked in id
 * order, moved, their transitions, events, receipts and billing's pending
 * amounts, in the order applyChargeOutcome writes them (payments first,
 * accounts' locks last). Any other answer (a decline, no answer) goes
 * through applyChargeOutcome one payment at a time. Like it, safe to call
 * again: a payment already moved on is answered as it is.
 */
export async function recordChargeOutcomes(scope: PaymentScope, answered: readonly AnsweredCharge[], actor: string): Promise<Map<string, PromiseSettledResult<PaymentEntity>>> {
  const settled = new Map<string, PromiseSettledResult<PaymentEntity>>();
  const made: MadeCharge[] = [];
  const others: AnsweredCharge[] = [];
  for (const item of answered) {
    const charge = item.result.outcome === 'OK' ? item.result.value : null;
    if (charge && charge.status !== 'RETURNED' && charge.status !== 'VOIDED') made.push({ paymentId: item.paymentId, charge });
    else others.push(item);
  }
  if (made.length > 0) {
    try {
      for (const payment of await withTenant(scope, (manager) => recordMoneyIn(manager, scope, made, actor))) settled.set(payment.id, { status: 'fulfilled', value: payment });
    } catch (reason) {
      for (const item of made) settled.set(item.paymentId, { status: 'rejected', reason });
    }
  }
  for (const item of others) {
    try {
      settled.set(item.paymentId, { status: 'fulfilled', value: await applyChargeOutcome(scope, item.paymentId, item.result, actor) });
    } catch (reason) {
      settled.set(item.paymentId, { status: 'rejected', reason });
    }
  }
  return settled;
}

/** recordMoneyIn for many payments, in the caller's transaction; returns every payment of the batch, moved or as it already was. */
async function recordMoneyIn(manager: EntityManager, scope: PaymentScope, made: readonly MadeCharge[], actor: string): Promise<PaymentEntity[]> {
  const charges = new Map(made.map((m) => [m.paymentId, m.charge]));
  const locked = await manager.getRepository(PaymentEntity).find({ where: { id: In([...charges.keys()]) }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
  if (locked.length !== charges.size) throw new Error(`${charges.size - locked.length} payment(s) of the batch vanished`);
  // Reconciliation may have settled some meanwhile: they stay as they are.
  const moving = locked.filter((p) => p.status === 'PENDING' || p.status === 'UNKNOWN');
  if (moving.length === 0) return locked;
  const now = scope.clock.now();
  const moves = moving.map((payment) => {
    const charge = charges.get(payment.id)!;
    const to = charge.kind === 'BANK_ACCOUNT' ? ('AUTHORIZED' as const) : ('CAPTURED' as const);
    paymentStates.assertMove(payment.status, to, payment.id);
    return { payment, charge, from: payment.status, to, settledAt: charge.status === 'SETTLED' ? now : null };
  });
  // The moves and their transitions in one statement (transitions in id order, as the rows were locked). The payments are
  // found by primary key (id = ANY) before they are matched to their moves: a join alone is planned on the table's
  // statistics, and a city's first big run (statistics from when it had few payments) would hash the whole table once
  // per page. Matched to their moves by join, not by array_position, which searched the batch's ids three times per row.
  await manager.query(
    `WITH m AS (SELECT * FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::text[]) WITH ORDINALITY AS m (id, from_status, status, charge_id, settled_at, reason, n)),
     moved AS (
       UPDATE payments p SET status = m.status, processor_charge_id = m.charge_id, settled_at = m.settled_at, updated_at = $2
         FROM m
        WHERE p.tenant_id = $1 AND p.id = ANY($3::uuid[]) AND p.id = m.id)
     INSERT INTO payment_transitions (tenant_id, id, payment_id, from_status, to_status, actor, reason, processor_ref, occurred_at)
     SELECT $1, gen_random_uuid(), m.id, m.from_status, m.status, $9, m.reason, m.charge_id, $2 FROM m ORDER BY m.n`,
    [
      scope.tenant.id,
      now,
      moves.map((m) => m.payment.id),
      moves.map((m) => m.from),
      moves.map((m) => m.to),
      moves.map((m) => m.charge.id),
      moves.map((m) => m.settledAt),
      moves.map((m) => reasonText({ kind: m.to === 'AUTHORIZED' ? 'ECHECK_ACCEPTED' : 'CARD_CHARGED' })),
      actor,
    ],
  );
  for (const m of moves) {
    const payment = m.payment;
    appendEvent(manager, scope.tenant.id, PaymentMoved, {
      subjectId: payment.id,
      payload: { paymentId: payment.id, confirmationNumber: payment.confirmationNumber, from: m.from, status: m.to, totalCents: payment.totalCents, ...paymentEventFacts(payment) },
      occurredAt: now,
    });
    Object.assign(payment, { status: m.to, updatedAt: now, processorChargeId: m.charge.id, settledAt: m.settledAt });
    countWhenCommitted(manager, scope, payment, m.to);
  }

  const lines = await manager.getRepository(PaymentLineEntity).find({ where: { paymentId: In(moves.map((m) => m.payment.id)) }, order: { paymentId: 'ASC', lineNo: 'ASC' } });
  const linesOf = groupBy(lines, (line) => line.paymentId);
  // The receipts first: billing's account locks come last, so they are held only for the ledger rows and the commit.
  const to = await noticeEmails(
    manager,
    moves.map((m) => m.payment),
  );
  const receipted = moves.filter((m) => to.get(m.payment.id));
  const receiptLines = receipted.flatMap((m) => linesOf.get(m.payment.id) ?? []);
  const targets = await describePaymentTargets(manager, receiptLines);
  let at = 0;
  const receipts = receipted.map(({ payment }) => {
    const own = linesOf.get(payment.id) ?? [];
    const email = paymentEmail(scope, payment, to.get(payment.id)!, 'PAYMENT_RECEIPT', {}, own, targets.slice(at, at + own.length));
    at += own.length;
    return email;
  });
  await enqueueNotifications(manager, receipts, now);
  await recordPendingPayments(
    manager,
    scope,
    moves.map(({ payment }) => ({
      paymentId: payment.id,
      allocations: (linesOf.get(payment.id) ?? []).map((line) => ({ serviceAccountId: line.serviceAccountId, payableId: line.payableId, amountCents: line.amountCents })),
      madeAt: payment.madeAt,
      expectedPostingDate: payment.expectedPostingDate,
    })),
  );
  return locked;
}
