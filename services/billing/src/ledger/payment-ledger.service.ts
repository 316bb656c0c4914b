import { randomUUID } from 'node:crypto';
import { localDateOf, type IsoDate } from '@platform/core';
import { updateReturning, type PreparedStatement } from '@platform/db';
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { appendEvent } from '@platform/events';
import { RestorationPaymentPosted } from '../account-status/account-status.events';
import { changeAccountStatus, lockAccount } from '../account-status/account-status.service';
import type { AccountStatus } from '../account-status/account-status.state';
import { owedByToday } from '../account-status/restoration-rules';
import type { BillingScope } from '../billing-scope';
import { lockRows } from './amount-owed.service';
import { LedgerEntryEntity } from './ledger-entry.entity';
import { memoText, type PaymentMemo } from './ledger-memo';
import { loadBalance } from './ledger.queries';
import { PaymentAllocationEntity } from './payment-allocation.entity';

/*
 * What the payments service calls to move money on accounts, always inside
 * its own transaction (the caller's `manager`, already scoped to the city).
 * Each function is safe to call twice with the same ids: jobs retry, and a
 * retry must never post, reverse or refund twice.
 */

export interface AllocationInput {
  readonly serviceAccountId: string;
  readonly amountCents: bigint;
  /** When the payment is for one payable (a citation), not the account in general. */
  readonly payableId?: string | null;
}

export interface PendingPaymentInput {
  /** The payments service's id for the payment. */
  readonly paymentId: string;
  readonly allocations: readonly AllocationInput[];
  readonly madeAt: Date;
  readonly expectedPostingDate: IsoDate;
}

/** Shows a payment as pending on each account it pays; may open a restoration request. */
export async function recordPendingPayment(manager: EntityManager, scope: BillingScope, input: PendingPaymentInput): Promise<void> {
  if (input.allocations.length === 0) throw new RangeError('a payment needs at least one allocation');
  for (const allocation of input.allocations) {
    if (allocation.amountCents <= 0n) throw new RangeError('allocation amounts must be positive');
  }
  // The locks amountsOwed takes, in its order: a payment checked against what a payable owes sees this one either way.
  // The pending amounts are inserted under them, in the same round trip.
  const statuses = await lockRows(
    manager,
    input.allocations.flatMap((a) => (a.payableId ? [a.payableId] : [])),
    input.allocations.map((a) => a.serviceAccountId),
    [
      {
        statement: INSERT_PENDING_ALLOCATIONS,
        values: [
          scope.tenant.id,
          input.paymentId,
          input.allocations.map((a) => a.serviceAccountId),
          input.allocations.map((a) => a.payableId ?? null),
          input.allocations.map((a) => a.amountCents),
          input.madeAt,
          input.expectedPostingDate,
        ],
      },
    ],
  );
  // Only an account waiting on payment to be restored has a restoration to review; its lock keeps the status read.
  await reviewRestorations(
    manager,
    scope,
    input.allocations.map((a) => a.serviceAccountId).filter((id) => AWAITING_RESTORATION.some((status) => statuses.get(id) === status)),
    { paymentId: input.paymentId, posted: false, givenBack: false },
  );
}

/** A payment's lines as pending on billing's books; a retry inserts nothing again. */
const INSERT_PENDING_ALLOCATIONS: PreparedStatement = {
  name: 'billing.insert-pending-allocations',
  text: `INSERT INTO payment_allocations (tenant_id, payment_id, service_account_id, payable_id, amount_cents, status, made_at, expected_posting_date, settled_at)
         SELECT $1, $2, a.service_account_id, a.payable_id, a.amount_cents, 'PENDING', $6, $7, NULL
           FROM unnest($3::uuid[], $4::uuid[], $5::bigint[]) AS a (service_account_id, payable_id, amount_cents)
         ON CONFLICT DO NOTHING`,
};

/**
 * Posts a pending payment to the ledger of every account it pays (effective
 * today, city time). `awaitingBank`: an e-check its bank has not yet settled,
 * which may still come back; until paymentCleared, it restores no service.
 */
export async function postPayment(manager: EntityManager, scope: BillingScope, paymentId: string, actor: string, options: { readonly awaitingBank: boolean } = { awaitingBank: false }): Promise<void> {
  const allocations = await lockAllocations(manager, paymentId, ['PENDING']);
  await lockTargets(manager, allocations);
  const now = scope.clock.now();
  const today = localDateOf(now, scope.tenant.timeZone);
  for (const allocation of allocations) {
    await appendEntry(manager, scope, {
      serviceAccountId: allocation.serviceAccountId,
      kind: 'PAYMENT_POSTED',
      amountCents: -allocation.amountCents,
      effectiveDate: today,
      payableId: allocation.payableId,
      paymentId,
      sourceId: paymentId,
      recordedBy: actor,
    });
    await manager.getRepository(PaymentAllocationEntity).update({ paymentId, serviceAccountId: allocation.serviceAccountId }, { status: 'POSTED', settledAt: now, awaitingBank: options.awaitingBank });
  }
  await reviewRestorations(
    manager,
    scope,
    allocations.map((a) => a.serviceAccountId),
    { paymentId, posted: true, givenBack: false },
  );
}

/**
 * The bank settled an e-check posted before it did: it can no longer come
 * back for want of funds, so the service it paid for may be restored now
 * (staff are told, as when a payment posts). Nothing for a payment not
 * awaiting its bank.
 */
export async function paymentCleared(manager: EntityManager, scope: BillingScope, paymentId: string): Promise<void> {
  const cleared = await updateReturning<{ service_account_id: string }>(
    manager,
    'UPDATE payment_allocations SET awaiting_bank = false WHERE payment_id = $1 AND awaiting_bank RETURNING service_account_id',
    [paymentId],
  );
  await reviewRestorations(
    manager,
    scope,
    cleared.map((row) => row.service_account_id),
    { paymentId, posted: true, givenBack: false },
  );
}

/**
 * Undoes a payment that failed after the fact (an e-check returned, a
 * chargeback): a pending one simply stops counting; a posted one gets a
 * reversing ledger entry, so its bills are owed (and past due) again. Returns
 * the accounts it left alone because refunds had given back all they were
 * paid: the return takes nothing more from them.
 */
export async function reversePayment(manager: EntityManager, scope: BillingScope, paymentId: string, memo: PaymentMemo, actor: string): Promise<ReadonlySet<string>> {
  const allocations = await lockAllocations(manager, paymentId, ['PENDING', 'POSTED']);
  await lockTargets(manager, allocations);
  const refunded = await refundedByAccount(manager, paymentId);
  const now = scope.clock.now();
  const refundedInFull = new Set<string>();
  for (const allocation of allocations) {
    // What was already refunded left the city once; reversing it too would charge the resident for it twice.
    const reversible = allocation.amountCents - (refunded.get(allocation.serviceAccountId) ?? 0n);
    if (allocation.status === 'POSTED' && reversible <= 0n) refundedInFull.add(allocation.serviceAccountId);
    if (allocation.status === 'POSTED' && reversible > 0n) {
      await appendEntry(manager, scope, {
        serviceAccountId: allocation.serviceAccountId,
        kind: 'PAYMENT_REVERSED',
        amountCents: reversible,
        effectiveDate: localDateOf(now, scope.tenant.timeZone),
        payableId: allocation.payableId,
        paymentId,
        sourceId: paymentId,
        memo: memoText(memo),
        recordedBy: actor,
      });
    }
    const status = allocation.status === 'POSTED' ? 'REVERSED' : 'CANCELLED';
    await manager.getRepository(PaymentAllocationEntity).update({ paymentId, serviceAccountId: allocation.serviceAccountId }, { status, settledAt: now });
  }
  await reviewRestorations(
    manager,
    scope,
    allocations.map((a) => a.serviceAccountId),
    { paymentId, posted: false, givenBack: true },
  );
  return refundedInFull;
}

export interface RefundInput {
  readonly paymentId: string;
  /** The payments service's id for this refund; a payment may be refunded in parts. */
  readonly refundId: string;
  readonly amountCents: bigint;
  /** Why: staff's reason (REFUNDED_BY_STAFF), or REFUNDED_AT_PROCESSOR. */
  readonly memo: PaymentMemo;
  readonly actor: string;
  /** The payment's accounts in the order its lines name them: a refund of part comes off the first line's account first. */
  readonly accountsInOrder: readonly string[];
}

/**
 * Records money given back from a posted payment: the accounts owe that much
 * again. Split over the payment's accounts in the order of its lines; never
 * more than was posted to each, less what earlier refunds took. An account awaiting
 * restoration that owes again goes back to DISCONNECTED, as when its payment
 * is returned.
 */
export async function refundPayment(manager: EntityManager, scope: BillingScope, input: RefundInput): Promise<void> {
  if (input.amountCents <= 0n) throw new RangeError('a refund must be positive');
  const allocations = await lockAllocations(manager, input.paymentId, ['POSTED']);
  const already = await manager.getRepository(LedgerEntryEntity).findBy({ sourceId: input.refundId, kind: 'REFUND' });
  if (already.length > 0) return;
  await lockTargets(manager, allocations);
  const remaining = await takeInLineOrder(manager, scope, allocations, { ...input, sourceId: input.refundId, kind: 'REFUND' });
  if (remaining > 0n) throw new RangeError(`refund exceeds what payment ${input.paymentId} posted and has not yet refunded`);
  await reviewRestorations(
    manager,
    scope,
    allocations.map((a) => a.serviceAccountId),
    { paymentId: input.paymentId, posted: false, givenBack: true },
  );
}

/** As a refund's, the dispute named instead: what the processor took back, in cents (all the payment paid or part of it). */
export type DisputeInput = Omit<RefundInput, 'refundId'> & {
  /** A uuid standing for the dispute, the same each time: the source of its entries, so recording it twice writes nothing twice. */
  readonly disputeId: string;
};

/**
 * A card payment its holder disputed with their bank (a chargeback): the
 * disputed amount comes back off the accounts it paid, split as a refund is
 * (in line order, never more than was posted to each less what refunds gave
 * back), as a PAYMENT_REVERSED entry per account whose source is the
 * dispute, so its bills are owed (and past due) again, and a restoration it
 * paid for is withdrawn. Idempotent by dispute. Returns what it took back, in
 * cents: less than asked only when refunds already gave the rest back.
 */
export async function disputePayment(manager: EntityManager, scope: BillingScope, input: DisputeInput): Promise<bigint> {
  if (input.amountCents <= 0n) throw new RangeError('a dispute must be positive');
  const allocations = await lockAllocations(manager, input.paymentId, ['POSTED']);
  await lockTargets(manager, allocations);
  const already = await manager.getRepository(LedgerEntryEntity).findBy({ sourceId: input.disputeId, kind: 'PAYMENT_REVERSED' });
  if (already.length > 0) return already.reduce((sum, entry) => sum + entry.amountCents, 0n);
  const remaining = await takeInLineOrder(manager, scope, allocations, { ...input, sourceId: input.disputeId, kind: 'PAYMENT_REVERSED' });
  await reviewRestorations(
    manager,
    scope,
    allocations.map((a) => a.serviceAccountId),
    { paymentId: input.paymentId, posted: false, givenBack: true },
  );
  return input.amountCents - remaining;
}

/**
 * Takes `amountCents` of a payment back off its locked, posted allocations, in the order its lines name their accounts
 * (`accountsInOrder`), never more from one than was posted to it less what refunds gave back: an entry of `kind` per
 * account, its source `sourceId`. Returns what was left untaken, in cents.
 */
async function takeInLineOrder(
  manager: EntityManager,
  scope: BillingScope,
  allocations: readonly PaymentAllocationEntity[],
  input: Pick<RefundInput, 'paymentId' | 'amountCents' | 'memo' | 'actor' | 'accountsInOrder'> & { readonly sourceId: string; readonly kind: 'REFUND' | 'PAYMENT_REVERSED' },
): Promise<bigint> {
  const refundedBefore = await refundedByAccount(manager, input.paymentId);
  let remaining = input.amountCents;
  const today = localDateOf(scope.clock.now(), scope.tenant.timeZone);
  // Locked in id order (as everything locks accounts), split in the payment's: not whichever account's id sorts first.
  const lineOf = (allocation: PaymentAllocationEntity) => input.accountsInOrder.indexOf(allocation.serviceAccountId);
  for (const allocation of [...allocations].sort((a, b) => lineOf(a) - lineOf(b))) {
    if (remaining === 0n) break;
    const standing = allocation.amountCents - (refundedBefore.get(allocation.serviceAccountId) ?? 0n);
    const take = remaining < standing ? remaining : standing;
    if (take <= 0n) continue;
    await appendEntry(manager, scope, {
      serviceAccountId: allocation.serviceAccountId,
      kind: input.kind,
      amountCents: take,
      effectiveDate: today,
      payableId: allocation.payableId,
      paymentId: input.paymentId,
      sourceId: input.sourceId,
      memo: memoText(input.memo),
      recordedBy: input.actor,
    });
    remaining -= take;
  }
  return remaining;
}

/**
 * A dispute the city won: the processor gave the money back, so what
 * disputePayment took off each account is credited again (a PAYMENT_POSTED
 * entry per account, its source the dispute). Idempotent by dispute; nothing
 * for a dispute that took nothing.
 */
export async function restoreDisputedPayment(manager: EntityManager, scope: BillingScope, input: Pick<DisputeInput, 'paymentId' | 'disputeId' | 'memo' | 'actor'>): Promise<void> {
  const allocations = await lockAllocations(manager, input.paymentId, ['POSTED']);
  await lockTargets(manager, allocations);
  const taken = await manager.getRepository(LedgerEntryEntity).findBy({ sourceId: input.disputeId, kind: 'PAYMENT_REVERSED', paymentId: input.paymentId });
  const today = localDateOf(scope.clock.now(), scope.tenant.timeZone);
  for (const entry of taken) {
    await appendEntry(manager, scope, {
      serviceAccountId: entry.serviceAccountId,
      kind: 'PAYMENT_POSTED',
      amountCents: -entry.amountCents,
      effectiveDate: today,
      payableId: entry.payableId,
      paymentId: input.paymentId,
      sourceId: input.disputeId,
      memo: memoText(input.memo),
      recordedBy: input.actor,
    });
  }
  await reviewRestorations(
    manager,
    scope,
    taken.map((entry) => entry.serviceAccountId),
    { paymentId: input.paymentId, posted: true, givenBack: false },
  );
}

/**
 * Charges a fee caused by a payment (a returned check), once per payment and
 * account. The fee is due at once: a restoration request it leaves owing is
 * withdrawn here, BALANCE_OWED_AGAIN, as a fee staff charge would withdraw it.
 */
export async function chargePaymentFee(
  manager: EntityManager,
  scope: BillingScope,
  input: { readonly serviceAccountId: string; readonly paymentId: string; readonly amountCents: bigint; readonly memo: PaymentMemo; readonly actor: string },
): Promise<void> {
  if (input.amountCents <= 0n) throw new RangeError('a fee must be positive');
  // Locked before the fee's row, whose key check would share-lock the account for the review to upgrade (lockTargets says why not).
  await lockAccount(manager, input.serviceAccountId);
  await appendEntry(manager, scope, {
    serviceAccountId: input.serviceAccountId,
    kind: 'FEE',
    amountCents: input.amountCents,
    effectiveDate: localDateOf(scope.clock.now(), scope.tenant.timeZone),
    paymentId: input.paymentId,
    sourceId: input.paymentId,
    memo: memoText(input.memo),
    recordedBy: input.actor,
  });
  // Without a cause: the fee, not its payment, is what is owed (a return that left the account owing withdrew the request already).
  await reviewRestorations(manager, scope, [input.serviceAccountId]);
}

export interface NewLedgerEntry {
  readonly serviceAccountId: string;
  readonly kind: LedgerEntryEntity['kind'];
  readonly amountCents: bigint;
  readonly effectiveDate: IsoDate;
  readonly dueDate?: IsoDate | null;
  readonly payableId?: string | null;
  /** The payment a posting, reversal or refund belongs to. */
  readonly paymentId?: string | null;
  /** What the entry records (bill, payment, refund, adjustment); at most one entry per account, kind and source. */
  readonly sourceId?: string | null;
  readonly memo?: string | null;
  readonly recordedBy: string;
}

/** Appends one ledger entry; a second entry for the same account, kind and source is ignored (returns false). */
export async function appendEntry(manager: EntityManager, scope: BillingScope, entry: NewLedgerEntry): Promise<boolean> {
  const rows = await manager.query<{ id: string }[]>(
    `INSERT INTO ledger_entries
       (tenant_id, id, service_account_id, kind, amount_cents, effective_date, due_date, payable_id, payment_id, source_id, memo, recorded_at, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT DO NOTHING RETURNING id`,
    [
      scope.tenant.id,
      randomUUID(),
      entry.serviceAccountId,
      entry.kind,
      entry.amountCents.toString(),
      entry.effectiveDate,
      entry.dueDate ?? null,
      entry.payableId ?? null,
      entry.paymentId ?? null,
      entry.sourceId ?? null,
      entry.memo ?? null,
      scope.clock.now(),
      entry.recordedBy,
    ],
  );
  return rows.length === 1;
}

/** The payment whose recording, posting or return asks for a review of its accounts. */
export interface RestorationCause {
  readonly paymentId: string;
  /** It just posted to the ledger. */
  readonly posted: boolean;
  /** Money of it is leaving (returned, voided, refunded, or held for a refund or void): a request it withdraws is PAYMENT_RETURNED. */
  readonly givenBack: boolean;
}

/** The statuses of an account whose service a payment may restore (or, returned, may not). */
const AWAITING_RESTORATION: readonly AccountStatus[] = ['DISCONNECTED', 'RESTORATION_PENDING'];

/**
 * Opens a restoration request for a disconnected account once nothing is
 * left to pay (counting pending payments: Norman restores "once your payment
 * has been processed and verified", which staff confirm on approval), and
 * withdraws it if that payment comes back. A payment posting to an account
 * whose request is open, leaving nothing owed on the posted balance, is what
 * approval waits for: staff screens are told (RestorationPaymentPosted).
 * Returns the accounts whose request it withdrew.
 */
export async function reviewRestorations(manager: EntityManager, scope: BillingScope, serviceAccountIds: readonly string[], cause: RestorationCause | null = null): Promise<string[]> {
  const withdrawn: string[] = [];
  for (const id of [...new Set(serviceAccountIds)].sort()) {
    const account = await lockAccount(manager, id);
    if (!account || !AWAITING_RESTORATION.includes(account.status)) continue;
    const balance = await loadBalance(manager, scope, id);
    const paymentId = cause?.paymentId ?? null;
    // A payment of the account being given back (holdRestorationsPaidBy) counts as not paid until the processor answers.
    const held = await givingBackUnanswered(manager, id);
    const paidInFull = balance.amountDueNowCents === 0n && !held;
    // Once open, a request stands while what was due by today stays paid (pending payments pay the oldest first): a bill
    // issued since, not due yet, does not withdraw it, nor does a payment of part of that bill.
    const stillPaid = owedByToday(balance) <= balance.pendingCents && !held;
    if (account.status === 'DISCONNECTED' && paidInFull) await changeAccountStatus(manager, scope, account, 'PAID_IN_FULL', 'system', { paymentId });
    // Unless money of a payment is leaving, a charge (a fee, a bill imported or come due) is what left it owing: the payments stand.
    else if (account.status === 'RESTORATION_PENDING' && !stillPaid) {
      if (cause?.givenBack) await changeAccountStatus(manager, scope, account, 'PAYMENT_RETURNED', 'system', { paymentId });
      else await changeAccountStatus(manager, scope, account, 'BALANCE_OWED_AGAIN', 'system', { paymentId: null });
      withdrawn.push(id);
    } else if (account.status === 'RESTORATION_PENDING' && cause?.posted) {
      // Posted, or cleared by its bank: the queue reads whether it may be approved now, or what it still waits for (an
      // e-check's bank), as the event arrives.
      appendEvent(manager, scope.tenant.id, RestorationPaymentPosted, {
        subjectId: account.id,
        payload: { serviceAccountId: account.id, accountNumber: account.accountNumber, paymentId: cause.paymentId },
        occurredAt: scope.clock.now(),
      });
    }
  }
  return withdrawn;
}

/**
 * A payment staff are giving back (a refund or a void sent to the processor
 * and not yet answered) holds the restoration of every account it paid: a
 * request open now goes back to DISCONNECTED, and none opens again, whatever
 * else posts to the account, until releaseRestorationHold, since approving
 * one meanwhile would restore service on money that may be leaving.
 */
export async function holdRestorationsPaidBy(manager: EntityManager, scope: BillingScope, paymentId: string): Promise<void> {
  const allocations = await lockAllocations(manager, paymentId, ['PENDING', 'POSTED']);
  await manager.query('UPDATE payment_allocations SET give_backs_open = give_backs_open + 1 WHERE payment_id = $1', [paymentId]);
  await reviewRestorations(
    manager,
    scope,
    allocations.map((a) => a.serviceAccountId),
    { paymentId, posted: false, givenBack: true },
  );
}

/**
 * The processor answered a refund or void of the payment (given back, its
 * ledger side recorded first, or refused): its hold ends, and the accounts'
 * restoration requests follow what they owe now.
 */
export async function releaseRestorationHold(manager: EntityManager, scope: BillingScope, paymentId: string): Promise<void> {
  const released = await updateReturning<{ service_account_id: string }>(
    manager,
    'UPDATE payment_allocations SET give_backs_open = give_backs_open - 1 WHERE payment_id = $1 AND give_backs_open > 0 RETURNING service_account_id',
    [paymentId],
  );
  const accounts = released.map((row) => row.service_account_id);
  await reviewRestorations(manager, scope, accounts, { paymentId, posted: true, givenBack: false });
}

/**
 * Whether money of a payment to the account is being given back: a refund or
 * void of it sent to the processor and not yet answered (holdRestorationsPaidBy's
 * hold, not yet released). Until the answer, the balance does not show it,
 * though the account may owe it again. In the caller's transaction.
 */
export async function givingBackUnanswered(manager: EntityManager, serviceAccountId: string): Promise<boolean> {
  const rows = await manager.query<unknown[]>('SELECT 1 FROM payment_allocations WHERE service_account_id = $1 AND give_backs_open > 0 LIMIT 1', [serviceAccountId]);
  return rows.length > 0;
}

/**
 * Takes the row locks of what a payment's lines pay, payables then accounts
 * (lockRows' order, which a new payment of the same payable takes too),
 * before writing ledger rows that reference them. A foreign-key check
 * share-locks the payable and the account: taken there, after the account's
 * lock, it would wait on a new payment holding the payable and waiting on
 * the account, a deadlock; and upgrading a share lock later (for a status
 * change) while another payment holds the same share lock would deadlock too.
 */
async function lockTargets(manager: EntityManager, allocations: readonly PaymentAllocationEntity[]): Promise<void> {
  await lockRows(
    manager,
    allocations.flatMap((a) => (a.payableId ? [a.payableId] : [])),
    allocations.map((a) => a.serviceAccountId),
  );
}

async function lockAllocations(manager: EntityManager, paymentId: string, statuses: PaymentAllocationEntity['status'][]): Promise<PaymentAllocationEntity[]> {
  return manager.getRepository(PaymentAllocationEntity).find({
    where: { paymentId, status: In(statuses) },
    order: { serviceAccountId: 'ASC' },
    lock: { mode: 'pessimistic_write' },
  });
}

async function refundedByAccount(manager: EntityManager, paymentId: string): Promise<Map<string, bigint>> {
  const rows = await manager.query<{ service_account_id: string; cents: string }[]>(
    `SELECT service_account_id, sum(amount_cents)::text AS cents FROM ledger_entries
      WHERE kind = 'REFUND' AND payment_id = $1 GROUP BY service_account_id`,
    [paymentId],
  );
  return new Map(rows.map((row) => [row.service_account_id, BigInt(row.cents)]));
}
