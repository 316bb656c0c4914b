import { describePaymentTargets } from '@platform/billing';
import { withTenant } from '@platform/db';
import { appendEvent } from '@platform/events';
import type { Tenant } from '@platform/tenants';
import { In, type EntityManager } from 'typeorm';
import { lockBankAccounts } from '../e-checks/bank-account-lock';
import { CONFIRMATION_NUMBER_TRIES, newPendingPayment, pendingEventPayload, postingDateOf, type NewPayment, type Payer } from '../make-payment/new-pending-payment';
import type { ResolvedMethod } from '../make-payment/payment-method.service';
import type { SavedMethodCharge } from './saved-method-charge';
import { countWhenCommitted } from '../payment/payment-transition.service';
import { PaymentEntity } from '../payment/payment.entity';
import { PaymentMoved } from '../payment/payment.events';
import { reasonText } from '../payment/transition-reason';
import type { PaymentScope } from '../payment-scope';

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

/**
 * Asked inside the transaction that records a batch's payments, before they
 * are: the idempotency keys of the charges still wanted. The caller checks
 * again what it decided the charges on, holding whatever locks it takes
 * until the payments are committed; a charge it no longer wants is neither
 * recorded nor made.
 */
export type ConfirmCharges = (manager: EntityManager, requests: readonly SavedMethodCharge[]) => Promise<ReadonlySet<string>>;

/**
 * recordPending for a batch of saved-method charges, in one transaction and a
 * statement count that does not grow with the batch: the PENDING payments
 * (a key already taken loses quietly and answers the winner's payment), their
 * lines, first transitions and events. Committed before any of their
 * processor calls, as a single payment's is. A charge `confirm` no longer
 * wants is left out of the answer; `confirm` runs holding the locks of the
 * charges' bank accounts (lockBankAccounts), as an e-check is recorded.
 */
export async function recordPendingCharges(scope: PaymentScope, tenant: Tenant, charges: readonly PendingCharge[], confirm: ConfirmCharges): Promise<RecordedCharge[]> {
  if (charges.length === 0) return [];
  const now = scope.clock.now();
  const postingDate = postingDateOf(tenant, now);
  return withTenant(scope, async (manager) => {
    const recorded: RecordedCharge[] = [];
    // Before `confirm` reads the methods: a return of one of these bank accounts being recorded (it takes the lock
    // first) is committed by then, and the bank account it blocked is read as blocked, not debited again.
    await lockBankAccounts(
      manager,
      scope,
      charges.flatMap((charge) => (charge.method.kind === 'BANK_ACCOUNT' ? [charge.method.fingerprint] : [])),
    );
    const wanted = await confirm(
      manager,
      charges.map((charge) => charge.request),
    );
    let todo = charges.filter((charge) => wanted.has(charge.request.idempotencyKey));
    for (let attempt = 1; todo.length > 0; attempt++) {
      if (attempt > CONFIRMATION_NUMBER_TRIES) throw new Error(`no free confirmation number after ${CONFIRMATION_NUMBER_TRIES} tries`);
      const payments = todo.map((charge) => newPendingPayment(scope.tenant.id, pendingPaymentOf(charge, postingDate), now));
      const won = await insertPending(manager, scope, todo, payments);
      // The accounts' numbers, masked for the events, as billing describes a payment's targets (one statement).
      const wonCharges = todo.filter((_, i) => won.has(payments[i]!.id));
      const targets = await describePaymentTargets(
        manager,
        wonCharges.map((charge) => ({ serviceAccountId: charge.request.serviceAccountId, payableId: null })),
      );
      const maskedNumbers = new Map(wonCharges.map((charge, i) => [charge.request.idempotencyKey, targets[i]!.maskedAccountNumber]));
      const lost = todo.filter((_, i) => !won.has(payments[i]!.id));
      // A row not inserted lost to its key (a concurrent call: answer its payment) or, rarely, to a confirmation number.
      const winners =
        lost.length === 0
          ? new Map<string, PaymentEntity>()
          : new Map((await manager.getRepository(PaymentEntity).findBy({ idempotencyKey: In(lost.map((c) => c.request.idempotencyKey)) })).map((p) => [p.idempotencyKey, p]));
      todo.forEach((charge, i) => {
        const payment = payments[i]!;
        if (!won.has(payment.id)) return;
        recorded.push({ charge, created: true, payment });
        appendEvent(manager, scope.tenant.id, PaymentMoved, {
          subjectId: payment.id,
          payload: pendingEventPayload(payment, [{ maskedAccountNumber: maskedNumbers.get(charge.request.idempotencyKey)! }]),
          occurredAt: payment.madeAt,
        });
        countWhenCommitted(manager, scope, payment, 'PENDING');
      });
      for (const charge of lost) {
        const winner = winners.get(charge.request.idempotencyKey);
        if (winner) recorded.push({ charge, created: false, payment: winner });
      }
      todo = lost.filter((charge) => !winners.has(charge.request.idempotencyKey));
    }
    return recorded;
  });
}

/**
 * What insertPending writes for one payment, for the whole batch in one
 * statement: the payments (a key or confirmation number already taken skips
 * its row), and for those inserted their line (one account each) and first
 * transition. Returns the inserted payments' ids.
 */
async function insertPending(manager: EntityManager, scope: PaymentScope, charges: readonly PendingCharge[], payments: readonly PaymentEntity[]): Promise<Set<string>> {
  const column = <T>(of: (payment: PaymentEntity, charge: PendingCharge) => T) => payments.map((payment, i) => of(payment, charges[i]!));
  const rows = await manager.query<{ id: string }[]>(
    `WITH input AS (
       SELECT * FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::uuid[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[],
                            $14::uuid[], $15::bigint[], $16::bigint[], $17::text[], $18::date[], $19::uuid[], $20::text[], $21::uuid[])
         WITH ORDINALITY AS i (id, confirmation_number, idempotency_key, request_hash, payer_user_id, payer_email, payer_locale, method_kind, method_brand, method_last4, method_fingerprint,
                               saved_method_id, amount_cents, fee_cents, channel, expected_posting_date, account, actor, notice_user_id, n)),
     inserted AS (
       INSERT INTO payments (tenant_id, id, confirmation_number, idempotency_key, request_hash, payer_user_id, payer_email, notice_user_id, payer_locale, method_kind, method_brand,
                             method_last4, method_fingerprint, saved_method_id, amount_cents, fee_cents, total_cents, refunded_cents, status, channel, expected_posting_date, made_at, updated_at)
       SELECT $1, id, confirmation_number, idempotency_key, request_hash, payer_user_id, payer_email, notice_user_id, payer_locale, method_kind, method_brand,
              method_last4, method_fingerprint, saved_method_id, amount_cents, fee_cents, amount_cents + fee_cents, 0, 'PENDING', channel, expected_posting_date, $2, $2
         FROM input ORDER BY n
       ON CONFLICT DO NOTHING
       RETURNING id),
     lines AS (
       INSERT INTO payment_lines (tenant_id, payment_id, line_no, service_account_id, payable_id, amount_cents)
       SELECT $1, i.id, 1, i.account, NULL, i.amount_cents FROM input i JOIN inserted USING (id)),
     transitions AS (
       INSERT INTO payment_transitions (tenant_id, id, payment_id, from_status, to_status, actor, reason, processor_ref, occurred_at)
       SELECT $1, gen_random_uuid(), i.id, NULL, 'PENDING', i.actor, '${reasonText({ kind: 'PAYMENT_MADE' })}', NULL, $2 FROM input i JOIN inserted USING (id) ORDER BY i.n)
     SELECT id FROM inserted`,
    [
      scope.tenant.id,
      payments[0]!.madeAt,
      column((p) => p.id),
      column((p) => p.confirmationNumber),
      column((p) => p.idempotencyKey),
      column((p) => p.requestHash),
      column((p) => p.payerUserId),
      column((p) => p.payerEmail),
      column((p) => p.payerLocale),
      column((p) => p.methodKind),
      column((p) => p.methodBrand),
      column((p) => p.methodLast4),
      column((p) => p.methodFingerprint),
      column((p) => p.savedMethodId),
      column((p) => p.amountCents.toString()),
      column((p) => p.feeCents.toString()),
      column((p) => p.channel),
      column((p) => p.expectedPostingDate),
      column((_, c) => c.request.serviceAccountId),
      column((_, c) => c.payer.actor),
      column((p) => p.noticeUserId),
    ],
  );
  return new Set(rows.map((row) => row.id));
}

/** A charge as a new payment: autopay's, made on its own channel unless its payer says otherwise. */
function pendingPaymentOf(charge: PendingCharge, postingDate: string): NewPayment {
  const { amountCents, feeCents, idempotencyKey } = charge.request;
  return {
    keys: { idempotencyKey, requestHash: charge.hash },
    payer: charge.payer,
    method: charge.method,
    amountCents,
    feeCents,
    channel: charge.payer.channel ?? 'AUTOPAY',
    expectedPostingDate: postingDate,
  };
}
