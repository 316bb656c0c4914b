import { createHash, randomUUID } from 'node:crypto';
import { type TenantContext } from '@platform/api';
import { giveBackAttempts, rateLimitedError } from '@platform/auth';
import { DomainError, ErrorCode, isCounterMethod, money, ok, parseMoney, refused, toDecimalString, userError, type Result, type UserError, UserErrorCode } from '@platform/core';
import { accountClosedMeanwhile, describePaymentTargets, findServiceAccounts, holdAccountsOpen, referenceKey } from '@platform/billing';
import { userContact } from '@platform/customers';
import { runPreparedTogether, tenantRoundTrip, withTenant, type BoundStatement } from '@platform/db';
import { announceEvents, encodeEvent, inlineEvent, type InlineEvent } from '@platform/events';
import { tenantByIdLoader, type Tenant } from '@platform/tenants';
import type { EntityManager } from 'typeorm';
import { QueryFailedError } from 'typeorm';
import { refuseEcheckFromBankAccount, type EcheckRefusalRules } from '../e-checks/echeck-refusals.service';
import type { PaymentScope } from '../payment-scope';
import { INSERT_PENDING_PAYMENT } from '../payment/payment.statements';
import { countTransition, countWhenCommitted } from '../payment/payment-transition.service';
import { PaymentEntity } from '../payment/payment.entity';
import { PaymentMoved } from '../payment/payment.events';
import type { PaymentsSettings } from '../payments-settings';
import { limitedToAmountOwed, refuseOverpayment, type AmountOwedRules } from './amount-owed.service';
import { refuseWhileInDoubt, refuseWhileInDoubtWithin, type InDoubtRefusalRules } from './payment-in-doubt.service';
import { applyChargeOutcome, chargeKeyFor } from './charge-outcome.service';
import { convenienceFeeCents } from './convenience-fee';
import { CONFIRMATION_NUMBER_TRIES, newPendingPayment, pendingEventPayload, postingDateOf, type PaymentKeys, type Payer, type RecordedMethod } from './new-pending-payment';
import { refuseChangedTotal } from './confirmed-total';
import {
  declineLimitReached,
  declineLimitedError,
  declineLimitsFor,
  limitedBankCheck,
  placesTaken,
  refuseOverDeclineLimit,
  settleDeclinePlaces,
  takePlaces,
  withFoundPlaces,
  type DeclineLimits,
  type HeldPlaces,
} from './decline-limits';
import { checkPaymentRequest, type CheckedPaymentRequest, type PayerChannel, type PaymentRequest } from './payment-request';
import { resolveAllocations, type ResolvedAllocation } from './payment-allocation.service';
import { methodField, resolvePaymentMethod } from './payment-method.service';

/** How long a retry waits for the first request with its key to hear back from the processor. */
const REPLAY_WAIT_MS = 15_000;

/**
 * Takes a payment: checks it, records it as PENDING and commits, then asks
 * the processor (no transaction is open during the call, and a crash after
 * it leaves a PENDING row that reconciliation resolves), then records the
 * outcome. The idempotency key makes it safe to send again: the same request
 * returns the same payment, and only one charge ever reaches the processor,
 * because the charge's own key is the payment's id.
 *
 * Answers the payment whenever one was recorded, in whatever status the
 * processor left it (a declined one too: `declineOf` says why), and refuses
 * with userErrors when nothing was recorded or charged. With a
 * `confirmedTotal`, the fee is charged from the same reading of the city's
 * policy the total was checked against, so the charge is that total or none.
 * With `paysAmountDue`, it is the amount due the payer heard or none
 * (AMOUNT_DUE_CHANGED), checked again under the accounts' locks as the
 * payment is recorded. An e-check is refused (ECHECK_AWAITING_BANK) while
 * another from its bank account to one of its accounts has not cleared, on
 * the web and the phone line alike, and its bank account's block after a
 * return is read again under the lock the return takes.
 *
 * `channel` says where the payer is: on the web (a guest gives an email for
 * the receipt) or on the phone line (the receipt is read aloud, so no email
 * is asked for).
 *
 * `declineSource` is who an account's declines are counted against (decline-limits.ts): the request's address unless the
 * channel knows better (the phone line's callers who withhold their number are one source, not one per call).
 */
export async function makePayment(
  ctx: TenantContext,
  settings: PaymentsSettings,
  request: PaymentRequest,
  channel: PayerChannel = 'WEB',
  declineSource: string = ctx.clientIp,
): Promise<Result<PaymentEntity>> {
  const tenant = await ctx.loaders.get(tenantByIdLoader).load(ctx.tenant.id);
  if (!tenant) throw new Error(`tenant ${ctx.tenant.id} vanished during the request`);
  const rules = { guest: ctx.viewer === null, channel, locale: ctx.locale };
  const payerKey = ctx.viewer?.userId ?? 'guest';
  const checked = checkPaymentRequest(request, { ...rules, maxPaymentCents: BigInt(tenant.settings.paymentRules.maxPaymentCents) });
  if (!checked.ok) {
    // Over the city's maximum now, but perhaps recorded (and charged) before the city lowered it: a retry of that payment
    // is answered as the payment, not told it was refused. Looked up only when the maximum is all that is wrong.
    const asRecorded = checkPaymentRequest(request, { ...rules, maxPaymentCents: null });
    const earlier = asRecorded.ok ? await findPaymentByKey(ctx, request.idempotencyKey) : null;
    return earlier && asRecorded.ok ? replay(ctx, earlier, requestHashes(request, asRecorded.value, payerKey)) : checked;
  }

  const hashes = requestHashes(request, checked.value, payerKey);
  // First, before anything is written (a guest's account proof counts against a limit) or the processor is asked anything.
  const amountCents = checked.value.allocations.reduce((sum, a) => sum + a.amountCents, 0n);
  const feeChanged = refuseChangedTotal(tenant.settings.paymentRules.convenienceFee, amountCents, checked.value.confirmedTotalCents, ctx.locale);
  if (feeChanged) {
    // A retry of a payment recorded before the city changed its fee is answered as that payment: it was made at the total confirmed.
    const earlier = await findPaymentByKey(ctx, request.idempotencyKey);
    return earlier ? replay(ctx, earlier, hashes) : refused(feeChanged);
  }
  // No look-up of the key up front: a first request (nearly all of them) would pay a transaction for it. A retry is told
  // apart where it shows: a check that fails (the token already used, the payable paid) looks the key up before refusing,
  // and the PENDING insert loses to the first request's row on the key's unique index.
  const allocations = await resolveAllocations(ctx, checked.value.allocations).catch(async (error: unknown) => {
    // A guest's proof over the look-up limits: a retry of a payment made is still answered as that payment.
    const limited = error instanceof DomainError && error.code === ErrorCode.RATE_LIMITED;
    const earlier = limited ? await findPaymentByKey(ctx, request.idempotencyKey) : null;
    if (earlier) return { retryOf: earlier };
    throw error;
  });
  if ('retryOf' in allocations) return replay(ctx, allocations.retryOf, hashes);
  const owedRules = { accountCreditAllowed: tenant.settings.paymentRules.accountCreditAllowed, locale: ctx.locale, paysAmountDue: checked.value.paysAmountDue };
  // Checked before the processor is asked anything; amounts owed again under lock when the payment is recorded.
  const problems = !allocations.ok
    ? allocations.userErrors
    : [
        ...(await refuseWhileInDoubt(ctx, allocations.value, request.idempotencyKey, ctx.locale)),
        ...(limitedToAmountOwed(allocations.value, owedRules) ? await withTenant(ctx, (manager) => refuseOverpayment(manager, ctx, allocations.value, owedRules, { lock: false })) : []),
      ];
  // A bank account's check says whether it exists, as a decline does: it is limited as declines are, in the same buckets.
  const method =
    allocations.ok && problems.length === 0
      ? await resolvePaymentMethod(
          ctx,
          settings.processor,
          tenant,
          checked.value.method,
          limitedBankCheck(ctx, (fingerprint) => declineLimitsFor(ctx, allocations.value, fingerprint, declineSource)),
        )
      : null;
  if (!allocations.ok || !method?.ok) {
    // A concurrent request with this key may have just used the token (or paid the payable): then this is its retry, not a mistake.
    const raced = await findPaymentByKey(ctx, request.idempotencyKey);
    return raced ? replayRetry(ctx, allocations, raced, hashes) : refused(...(method && !method.ok ? method.userErrors : problems));
  }

  const payer = { ...(await payerOf(ctx, checked.value.payerEmail)), channel };
  const limits = declineLimitsFor(ctx, allocations.value, method.value.fingerprint, declineSource);
  const echeck = { locale: ctx.locale, methodField: methodField(checked.value.method) };
  const keys = { idempotencyKey: request.idempotencyKey, requestHash: hashes[0] };
  const recorded = await recordWithinLimits(ctx, tenant, payer, keys, allocations.value, method.value, owedRules, { limits, echeck });
  if (!recorded.ok) return recorded;
  // A concurrent request with the same key got there first: answer as its retry.
  if (!recorded.value.created) return replayRetry(ctx, allocations, recorded.value.payment, hashes);
  const { payment, places } = recorded.value;

  const result = await settings.processor.charge({
    idempotencyKey: chargeKeyFor(payment.id),
    amountCents: payment.totalCents,
    source: method.value.source,
    description: `${tenant.settings.displayName} payment ${payment.confirmationNumber}`,
  });
  const settled = await applyChargeOutcome(ctx, payment.id, result, payer.actor);
  const foundPlaces = allocations.value.flatMap((allocation) => allocation.foundPlaces ?? []);
  await settleDeclinePlaces(ctx, withFoundPlaces(places, foundPlaces), result.outcome === 'DECLINED');
  return ok(settled);
}

/**
 * A retry answered with the payment its first request made: it shows nothing
 * the first did not, so the places its proofs took under the look-up's found
 * limits go back, as a payment made gives back its own. Retried as often as a
 * client likes, a payment costs its address no look-up.
 */
async function replayRetry(ctx: TenantContext, allocations: Result<readonly ResolvedAllocation[]>, payment: PaymentEntity, hashes: RequestHashes): Promise<Result<PaymentEntity>> {
  const found = allocations.ok ? allocations.value.flatMap((allocation) => allocation.foundPlaces ?? []) : [];
  if (found.length > 0) {
    await withTenant(
      ctx,
      async (manager) => {
        for (const places of found) await giveBackAttempts(manager, places);
      },
      { waitForFlush: false },
    );
  }
  return replay(ctx, payment, hashes);
}

/**
 * recordPending under the decline limits (decline-limits.ts): the payment is
 * recorded with its places taken, or, when a limit is spent, refused with
 * RATE_LIMITED before anything is recorded or charged. A retry of a payment
 * recorded before the limit was spent is still answered as its retry, and
 * takes no place.
 */
async function recordWithinLimits(
  ctx: TenantContext,
  tenant: Tenant,
  payer: Payer,
  keys: PaymentKeys,
  allocations: readonly ResolvedAllocation[],
  method: RecordedMethod,
  owed: AmountOwedRules,
  options: RecordOptions & { readonly limits: DeclineLimits },
): Promise<Result<RecordedPayment>> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await recordPending(ctx, tenant, payer, keys, allocations, method, owed, options);
    } catch (error) {
      // Spent in the round trip, yet not when refusing (a window ended, a place was given back in between): tried again,
      // twice at most, then refused as a spent limit is.
      if (!declineLimitReached(error)) throw error;
      if (attempt >= 2) throw await declineLimitedError(ctx, rateLimitedError(ctx.locale, 60, 'PAYMENT_DECLINES'));
      const earlier = await findPaymentByKey(ctx, keys.idempotencyKey);
      if (earlier) return ok({ created: false, payment: earlier, places: null });
      await refuseOverDeclineLimit(ctx, options.limits);
    }
  }
}

const serviceAccountIdsOf = (allocations: readonly ResolvedAllocation[]) => allocations.map((a) => a.serviceAccountId);

/** The payment recorded under an idempotency key, if any. */
export function findPaymentByKey(scope: PaymentScope, idempotencyKey: string): Promise<PaymentEntity | null> {
  return withTenant(scope, (manager) => manager.getRepository(PaymentEntity).findOneBy({ idempotencyKey }));
}

/**
 * The answer to a request whose key was seen before: refused if the request
 * differs; otherwise the first request's payment, once the processor has
 * answered it (a retry sent while the first is still waiting waits too).
 */
export async function replay(ctx: TenantContext, payment: PaymentEntity, hashes: RequestHashes): Promise<Result<PaymentEntity>> {
  if (!hashes.includes(payment.requestHash)) return refused(userError(ctx.locale, ['input', 'idempotencyKey'], UserErrorCode.IDEMPOTENCY_KEY_REUSED, 'payment.idempotencyKeyReused'));
  if (payment.status !== 'PENDING') return ok(payment);
  return ok((await awaitPaymentOutcome(ctx, payment.idempotencyKey, REPLAY_WAIT_MS, 50)) ?? payment);
}

/**
 * The payment under `idempotencyKey` once it has left PENDING (the
 * processor answered), looked at every `pollMs` for at most `waitMs`; after
 * that, as last read: PENDING, or null when none is recorded.
 */
export async function awaitPaymentOutcome(scope: PaymentScope, idempotencyKey: string, waitMs: number, pollMs: number): Promise<PaymentEntity | null> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const payment = await findPaymentByKey(scope, idempotencyKey);
    if ((payment && payment.status !== 'PENDING') || Date.now() >= deadline) return payment;
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, Math.max(0, deadline - Date.now()))));
  }
}

/** A request's fingerprint as a new payment stores it, then those a payment recorded earlier may hold for the same request. */
export type RequestHashes = readonly [string, ...string[]];

/**
 * Fingerprints of the request as the payer meant it, to tell a retry (same
 * key, same request: same answer) from a reused key (same key, different
 * request: refused). The payer is part of it: nobody else can replay a key.
 *
 * What the payer meant, not how it was typed: amounts in exact cents ("50"
 * and "50.00" are one amount) and account numbers as matched ("10 1002 00"
 * is "10-1002-00"), so a retry that writes them otherwise is not refused as
 * another request, telling a payer who was charged to pay again. The
 * confirmed total is part of it: it is what the payer agreed to pay, and a
 * request under the key claiming another total is not their retry.
 *
 * A fingerprint is stored with the payment, so a recipe, once used, is kept:
 * the second is the recipe of payments recorded before 2026-12-03 (the typed
 * text), so a retry of one of those is still recognised.
 */
function requestHashes(request: PaymentRequest, checked: CheckedPaymentRequest, payer: string): RequestHashes {
  const payerFields = { token: request.token?.trim() || null, savedMethodId: request.savedMethodId?.trim() || null, payerEmail: request.payerEmail?.trim().toLowerCase() || null };
  const confirmed = checked.confirmedTotalCents === null ? {} : { confirmedTotal: toDecimalString(money(checked.confirmedTotalCents)) };
  return [
    fingerprintOf({
      recipe: 2,
      payer,
      allocations: checked.allocations.map((a) => [a.serviceAccountId, asMatched(a.accountNumber), inCents(a.lastPaymentAmount), a.payableId, a.amountCents.toString()]),
      ...payerFields,
      ...confirmed,
    }),
    fingerprintOf({
      payer,
      allocations: request.allocations.map((a) => [a.serviceAccountId ?? null, a.accountNumber?.trim() ?? null, a.lastPaymentAmount?.trim() ?? null, a.payableId ?? null, a.amount.trim()]),
      ...payerFields,
      ...confirmed,
    }),
  ];
}

const asMatched = (accountNumber: string | null): string | null => (accountNumber === null ? null : (referenceKey(accountNumber) ?? accountNumber));

function inCents(amount: string | null): string | null {
  if (amount === null) return null;
  const parsed = parseMoney(amount);
  return parsed.ok ? parsed.value.cents.toString() : amount;
}

/** SHA-256 of a request's canonical form (plain JSON values, fixed key order), as stored in payments.request_hash. */
export function fingerprintOf(canonical: unknown): string {
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** A signed-in payer who typed no receipt address is sent it, and every later notice, at their account's email. */
async function payerOf(ctx: TenantContext, payerEmail: string | null): Promise<Payer> {
  const contact = ctx.viewer && !payerEmail ? await userContact(ctx, ctx.viewer.userId) : null;
  return {
    userId: ctx.viewer?.userId ?? null,
    email: payerEmail || contact?.email || null,
    noticeUserId: payerEmail ? null : (ctx.viewer?.userId ?? null),
    locale: contact?.locale ?? ctx.locale,
    actor: ctx.viewer?.userId ?? 'guest',
  };
}

/** What a payment recorded with no processor call (at the counter) needs beyond the PENDING row. */
export interface RecordOptions {
  /** The posting date to record instead of the city's rule (a counter payment posts the day it is made). */
  readonly postingDate?: string;
  /**
   * Runs in the same transaction, right after the PENDING payment is inserted
   * (and only when this call inserted it): a payment with no processor call
   * moves on from PENDING there, so nobody ever sees it PENDING, and
   * reconciliation never asks the processor about it.
   */
  readonly andThen?: (manager: EntityManager, payment: PaymentEntity) => Promise<void>;
  /** The decline limits to take places under, in the insert's own round trip; a spent one fails recordPending (declineLimitReached) with nothing written. */
  readonly limits?: DeclineLimits;
  /**
   * With an e-check: refused when a return has blocked its bank account since
   * it was resolved, or while an earlier e-check from the same bank account
   * to one of its accounts has not cleared its bank, both read under the
   * bank account's lock (refuseEcheckFromBankAccount, which says why
   * autopay does not ask).
   */
  readonly echeck?: EcheckRefusalRules;
  /**
   * Refused, in `locale`, while another payment to one of its accounts is in
   * doubt (refuseWhileInDoubt), read after the locks in the transaction that
   * records it. For a payment that asks the processor nothing before it is
   * recorded (at the counter); makePayment asks before its processor calls.
   */
  readonly inDoubt?: InDoubtRefusalRules;
  /**
   * The caller's own refusals, read in the transaction that records it after the accounts' locks (taken with `owed`
   * and `andThen`), so two requests for one account see each other: at the counter, a check already recorded there.
   */
  readonly refuseUnderLocks?: (manager: EntityManager) => Promise<readonly UserError[]>;
}

/** The payment recorded now (`created`), or the one a concurrent request with the same key recorded first. */
export interface RecordedPayment {
  readonly created: boolean;
  readonly payment: PaymentEntity;
  /** The decline limits' places the payment holds, when it was recorded now under `limits`. */
  readonly places: HeldPlaces | null;
}

/**
 * Commits the PENDING payment with its lines, first transition and event.
 * A concurrent request with the same key loses the insert race and gets the
 * winner's row back instead. With `owed`, the amounts are checked against
 * what is still owed in the same transaction, under the payables' (and
 * accounts') locks, so concurrent payments cannot together pay too much,
 * and each account's status is read again under a lock the close waits
 * for: one closed since the payment resolved it takes no more than it owes
 * (EXCEEDS_AMOUNT_DUE), as when it was closed before; with `echeck`, an
 * e-check is checked against its bank account's block and its others the
 * same way; with `inDoubt`, against the accounts' payments in doubt;
 * without any, nothing is refused.
 */
export async function recordPending(
  scope: PaymentScope,
  tenant: Tenant,
  payer: Payer,
  keys: PaymentKeys,
  allocations: readonly ResolvedAllocation[],
  method: RecordedMethod,
): Promise<{ readonly ok: true; readonly value: RecordedPayment }>;
export async function recordPending(
  scope: PaymentScope,
  tenant: Tenant,
  payer: Payer,
  keys: PaymentKeys,
  allocations: readonly ResolvedAllocation[],
  method: RecordedMethod,
  owed: AmountOwedRules,
  options?: RecordOptions,
): Promise<Result<RecordedPayment>>;
export async function recordPending(
  scope: PaymentScope,
  tenant: Tenant,
  payer: Payer,
  keys: PaymentKeys,
  allocations: readonly ResolvedAllocation[],
  method: RecordedMethod,
  owed?: AmountOwedRules,
  options: RecordOptions = {},
): Promise<Result<RecordedPayment>> {
  const now = scope.clock.now();
  const amountCents = allocations.reduce((sum, a) => sum + a.amountCents, 0n);
  // The convenience fee is the price of paying online (or by phone): cash and checks at the office carry none.
  const feeCents = isCounterMethod(method.kind) ? 0n : convenienceFeeCents(tenant.settings.paymentRules.convenienceFee, amountCents);
  let paying = allocations;
  for (let attempt = 1; ; attempt++) {
    const payment = newPendingPayment(
      scope.tenant.id,
      { keys, payer, method, amountCents, feeCents, channel: payer.channel ?? 'WEB', expectedPostingDate: options.postingDate ?? postingDateOf(tenant, now) },
      now,
    );
    const limits = options.limits;
    const before = limits ? takePlaces(scope, limits) : [];
    const places = (answers: readonly unknown[][]) => (limits ? placesTaken(scope, limits, answers) : null);
    const checksOwed = owed !== undefined && limitedToAmountOwed(paying, owed);
    // The counter's payment goes on billing's books in this transaction (andThen), which locks its accounts for update
    // anyway: that lock is taken first, and refuseOverpayment reads each account's status under it.
    const locksOwed = owed !== undefined && (checksOwed || options.andThen !== undefined);
    // Otherwise an account that was open as the payment resolved it, and may take credit, is held open (share-locked)
    // after the insert, which fails if an ADMIN has closed it since; then it is paid as a closed account, from the top.
    // After, not ahead: a retry's insert waits on the key for the first request's outcome, whose books lock the accounts.
    const heldOpen = owed !== undefined && !locksOwed ? [holdAccountsOpen(serviceAccountIdsOf(paying))] : [];
    const echeckRules = method.kind === 'BANK_ACCOUNT' ? options.echeck : undefined;
    const inDoubtRule = options.inDoubt;
    const checks = locksOwed || echeckRules !== undefined || inDoubtRule !== undefined || options.refuseUnderLocks !== undefined;
    try {
      // Nothing to check under lock, nothing to do after the insert, the accounts already read: the PENDING payment is
      // one statement, sent with its tenant setting (its accounts held open, its decline limits' places) in one round
      // trip that commits it.
      if (!checks && !options.andThen && paying.every((a) => a.accountNumber !== undefined)) {
        const answers = await tenantRoundTrip(scope, [...before, pendingInsert(payment, paying, payer.actor, pendingEvent(payment, paying)), ...heldOpen]);
        announceEvents(scope.db, scope.tenant.id);
        countTransition(scope, payment, 'PENDING');
        return ok({ created: true, payment, places: places(answers) });
      }
      return await withTenant(scope, async (manager): Promise<Result<RecordedPayment>> => {
        if (checks) {
          // The bank account's lock first: a return recorded meanwhile takes it before the accounts' too.
          const refusal = [
            ...(echeckRules ? await refuseEcheckFromBankAccount(manager, scope, method.fingerprint, paying, echeckRules) : []),
            ...(locksOwed ? await refuseOverpayment(manager, scope, paying, owed, { lock: true }) : []),
            ...(inDoubtRule ? await refuseWhileInDoubtWithin(manager, scope, paying, keys.idempotencyKey, inDoubtRule) : []),
            ...((await options.refuseUnderLocks?.(manager)) ?? []),
          ];
          // Under the locks, a request with this key that got there first is committed and visible: this is its retry.
          const winner = await manager.getRepository(PaymentEntity).findOneBy({ idempotencyKey: keys.idempotencyKey });
          if (winner) return ok({ created: false, payment: winner, places: null });
          if (refusal.length > 0) return refused(...refusal);
        }
        const answers = await insertPending(manager, scope, payment, paying, payer.actor, { before, after: heldOpen });
        await options.andThen?.(manager, payment);
        return ok({ created: true, payment, places: places(answers) });
      });
    } catch (error) {
      if (accountClosedMeanwhile(error)) {
        paying = await closedAsTheyAreNow(scope, paying);
        continue;
      }
      const constraint = error instanceof QueryFailedError ? (error.driverError as { constraint?: string }).constraint : undefined;
      if (constraint === 'payments_idempotency_key') {
        const winner = await findPaymentByKey(scope, keys.idempotencyKey);
        if (winner) return ok({ created: false, payment: winner, places: null });
      }
      if (constraint !== 'payments_confirmation_number' || attempt >= CONFIRMATION_NUMBER_TRIES) throw error;
    }
  }
}

/**
 * The allocations with each account's closure as billing reads it now, after
 * a round trip failed on an account closed meanwhile (accountClosedMeanwhile).
 * Closing is final, so the closed one is read closed here; if none is, the
 * round trip failed on something else, and that is a bug.
 */
async function closedAsTheyAreNow(scope: PaymentScope, allocations: readonly ResolvedAllocation[]): Promise<ResolvedAllocation[]> {
  const accounts = await withTenant(scope, (manager) => findServiceAccounts(manager, serviceAccountIdsOf(allocations)));
  const closed = new Set(accounts.filter((account) => account.status === 'CLOSED').map((account) => account.id));
  if (!allocations.some((a) => a.accountClosed !== true && closed.has(a.serviceAccountId))) throw new Error('a payment was held for an account closed meanwhile, yet none of its accounts is closed');
  return allocations.map((a) => (closed.has(a.serviceAccountId) ? { ...a, accountClosed: true } : a));
}

/** Inserts the PENDING payment in the caller's transaction, `around.before` and `around.after` it in its round trip; answers the rows of `before`. */
async function insertPending(
  manager: EntityManager,
  scope: PaymentScope,
  payment: PaymentEntity,
  allocations: readonly ResolvedAllocation[],
  actor: string,
  around: { readonly before: readonly BoundStatement[]; readonly after: readonly BoundStatement[] },
): Promise<unknown[][]> {
  const known = allocations.every((a) => a.accountNumber !== undefined);
  const targets = known ? allocations : (await describePaymentTargets(manager, allocations)).map((target) => ({ maskedAccountNumber: target.maskedAccountNumber }));
  const event = inlineEvent(manager, scope.tenant.id, PaymentMoved, pendingEventPayload(payment, targets));
  const answers = await runPreparedTogether(manager, [...around.before, pendingInsert(payment, allocations, actor, event), ...around.after]);
  countWhenCommitted(manager, scope, payment, 'PENDING');
  return answers.slice(0, around.before.length);
}

/** The PENDING event of a payment whose accounts the payer's proof read (a guest's): their numbers are at hand. */
function pendingEvent(payment: PaymentEntity, allocations: readonly ResolvedAllocation[]): InlineEvent {
  return encodeEvent(PaymentMoved, pendingEventPayload(payment, allocations));
}

/** The one statement that records a PENDING payment with its lines, first transition and event. */
function pendingInsert(payment: PaymentEntity, allocations: readonly ResolvedAllocation[], actor: string, event: InlineEvent): BoundStatement {
  const p = payment;
  return {
    statement: INSERT_PENDING_PAYMENT,
    values: [
      ...[p.tenantId, p.id, p.confirmationNumber, p.idempotencyKey, p.requestHash, p.payerUserId, p.payerEmail, p.payerLocale],
      ...[p.methodKind, p.methodBrand, p.methodLast4, p.checkNumber, p.receivedBy, p.methodFingerprint, p.savedMethodId],
      ...[p.amountCents, p.feeCents, p.totalCents, p.refundedCents, p.status, p.channel, p.declineCode, p.processorChargeId, p.returnCode],
      ...[p.expectedPostingDate, p.madeAt, p.postedAt, p.settledAt, p.updatedAt],
      allocations.map((a) => a.serviceAccountId),
      allocations.map((a) => a.payableId),
      allocations.map((a) => a.amountCents),
      randomUUID(),
      actor,
      event.type,
      event.payload,
      p.noticeUserId,
      p.cashReceivedCents,
    ],
  };
}
