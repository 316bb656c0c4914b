import { randomUUID } from 'node:crypto';
import { describePaymentTargets } from '@platform/billing';
import { withTenant } from '@platform/db';
import { appendEvent } from '@platform/events';
import type { Tenant } from '@platform/tenants';
import { In, type EntityManager } from 'typeorm';
import { convenienceFeeCents } from '../make-payment/convenience-fee';
import type { Payer } from '../make-payment/make-payment.service';
import type { ResolvedMethod } from '../make-payment/payment-method.service';
import type { SavedMethodCharge } from '../make-payment/saved-method-charge.service';
import { newConfirmationNumber } from '../payment/confirmation-number';
import { PaymentLineEntity } from '../payment/payment-line.entity';
import { PaymentTransitionEntity } from '../payment/payment-transition.entity';
import { countWhenCommitted } from '../payment/payment-transition.service';
import { PaymentEntity } from '../payment/payment.entity';
import { PaymentMoved, paymentEventFacts } from '../payment/payment.events';
import type { PaymentScope } from '../payment-scope';
import { expectedPostingDate } from '../posting/posting-date';

/** A charge checked and ready to record: its method resolved, its payer known. */
export interface PendingCharge {
  readonly request: SavedMethodCharge;
  readonly hash: string;
  readonly method: ResolvedMethod;
  readonly payer: Payer;
}

/** The payment recorded now (`created`), or the one a concurrent call with the same key recorded first. */
export interface RecordedCharge {
  readonly charge: PendingCharge;
  readonly created: boolean;
  readonly payment: PaymentEntity;
}

/** Confirmation numbers are random: a collision is retried with new ones, a few times, as recordPending does. */
const MAX_ATTEMPTS = 4;

/**
 * recordPending for a batch of saved-method charges, in one transaction and a
 * statement count that does not grow with the batch: the PENDING payments
 * (a key already taken loses quietly and answers the winner's payment), their
 * lines, first transitions and events. Committed before any of their
 * processor calls, as a single payment's is.
 */
export async function recordPendingCharges(scope: PaymentScope, tenant: Tenant, charges: readonly PendingCharge[]): Promise<RecordedCharge[]> {
  if (charges.length === 0) return [];
  const now = scope.clock.now();
  const rules = tenant.settings.paymentRules;
  const postingDate = expectedPostingDate(now, {
    timeZone: tenant.settings.timeZone,
    cutoffLocalTime: rules.postingCutoffLocalTime,
    lagDays: rules.postingLagDays,
    businessDaysOnly: rules.postingBusinessDaysOnly,
    cityHolidays: rules.postingHolidays,
  });
  return withTenant(scope, async (manager) => {
    const recorded: RecordedCharge[] = [];
    let todo = charges;
    for (let attempt = 1; todo.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) throw new Error(`no free confirmation number after ${MAX_ATTEMPTS} attempts`);
      const payments = todo.map((charge) => newPendingPayment(scope, charge, rules.convenienceFee, postingDate, now));
      const inserted = await manager.createQueryBuilder().insert().into(PaymentEntity).values(payments).orIgnore().returning(['id']).execute();
      const won = new Set((inserted.raw as { id: string }[]).map((row) => row.id));
      const lost = todo.filter((_, i) => !won.has(payments[i]!.id));
      // A row not inserted lost to its key (a concurrent call: answer its payment) or, rarely, to a confirmation number.
      const winners =
        lost.length === 0 ? new Map<string, PaymentEntity>() : new Map((await manager.getRepository(PaymentEntity).findBy({ idempotencyKey: In(lost.map((c) => c.request.idempotencyKey)) })).map((p) => [p.idempotencyKey, p]));
      const created = todo.flatMap((charge, i) => (won.has(payments[i]!.id) ? [{ charge, created: true, payment: payments[i]! }] : []));
      await insertFirstRecords(manager, scope, created);
      recorded.push(...created);
      for (const charge of lost) {
        const winner = winners.get(charge.request.idempotencyKey);
        if (winner) recorded.push({ charge, created: false, payment: winner });
      }
      todo = lost.filter((charge) => !winners.has(charge.request.idempotencyKey));
    }
    return recorded;
  });
}

function newPendingPayment(scope: PaymentScope, charge: PendingCharge, fee: Tenant['settings']['paymentRules']['convenienceFee'], postingDate: string, now: Date): PaymentEntity {
  const amountCents = charge.request.amountCents;
  const feeCents = convenienceFeeCents(fee, amountCents);
  return Object.assign(new PaymentEntity(), {
    tenantId: scope.tenant.id,
    id: randomUUID(),
    confirmationNumber: newConfirmationNumber(),
    idempotencyKey: charge.request.idempotencyKey,
    requestHash: charge.hash,
    payerUserId: charge.payer.userId,
    payerEmail: charge.payer.email,
    payerLocale: charge.payer.locale,
    methodKind: charge.method.kind,
    methodBrand: charge.method.brand,
    methodLast4: charge.method.last4,
    methodFingerprint: charge.method.fingerprint,
    savedMethodId: charge.method.savedMethodId,
    checkNumber: null,
    receivedBy: null,
    amountCents,
    feeCents,
    totalCents: amountCents + feeCents,
    refundedCents: 0n,
    status: 'PENDING' as const,
    channel: charge.payer.channel ?? 'AUTOPAY',
    declineCode: null,
    processorChargeId: null,
    returnCode: null,
    expectedPostingDate: postingDate,
    madeAt: now,
    postedAt: null,
    settledAt: null,
    updatedAt: now,
  });
}

/** What insertPending writes after the payment row, for every payment of the batch at once: one line each (one account), the first transition, the event. */
async function insertFirstRecords(manager: EntityManager, scope: PaymentScope, created: readonly RecordedCharge[]): Promise<void> {
  if (created.length === 0) return;
  const lines = created.map(({ charge, payment }) => ({
    tenantId: scope.tenant.id,
    paymentId: payment.id,
    lineNo: 1,
    serviceAccountId: charge.request.serviceAccountId,
    payableId: null,
    amountCents: charge.request.amountCents,
  }));
  await manager.getRepository(PaymentLineEntity).insert(lines);
  await manager.getRepository(PaymentTransitionEntity).insert(
    created.map(({ charge, payment }) => ({
      tenantId: scope.tenant.id,
      id: randomUUID(),
      paymentId: payment.id,
      fromStatus: null,
      toStatus: 'PENDING' as const,
      actor: charge.payer.actor,
      reason: 'payment made',
      processorRef: null,
      occurredAt: payment.madeAt,
    })),
  );
  const targets = await describePaymentTargets(manager, lines);
  created.forEach(({ payment }, i) => {
    appendEvent(manager, scope.tenant.id, PaymentMoved, {
      subjectId: payment.id,
      payload: {
        paymentId: payment.id,
        confirmationNumber: payment.confirmationNumber,
        from: null,
        status: 'PENDING',
        totalCents: payment.totalCents,
        ...paymentEventFacts(payment),
        maskedAccountNumbers: [targets[i]!.maskedAccountNumber],
      },
      occurredAt: payment.madeAt,
    });
    countWhenCommitted(manager, scope, payment, 'PENDING');
  });
}
