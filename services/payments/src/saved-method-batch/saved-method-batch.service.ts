import { withTenant } from '@platform/db';
import { userContacts } from '@platform/customers';
import { findTenantBySlug, type Tenant } from '@platform/tenants';
import { In, IsNull, type EntityManager } from 'typeorm';
import { methodNotAccepted } from '../wallet/method-acceptance';
import { chargeKeyFor } from '../make-payment/charge-outcome.service';
import { savedMethodToCharge } from '../make-payment/payment-method.service';
import { chargeHash, resultOf, type SavedMethodCharge, type SavedMethodChargeResult, type SavedMethodChargeScope, type SavedMethodRefusal } from './saved-method-charge';
import { PaymentEntity } from '../payment/payment.entity';
import type { PaymentsSettings } from '../payments-settings';
import { SavedMethodEntity } from '../wallet/saved-method.entity';
import { blockedBankAccounts } from '../wallet/wallet.queries';
import { disputedCards } from '../disputes/dispute.queries';
import type { ChargeSlots } from './charge-slots';
import { recordChargeOutcomes, type AnsweredCharge } from './charge-outcomes.service';
import { recordPendingCharges, type ConfirmCharges, type PendingCharge } from './pending-charges.service';

/**
 * A charge of a batch: a SavedMethodChargeResult; WITHDRAWN, when the
 * batch's `confirm` no longer wanted it; NOT_SENT, when the batch was told to
 * stop before its wave began. Neither of the last two recorded or charged
 * anything.
 */
export type SavedMethodBatchResult = SavedMethodChargeResult | { readonly outcome: 'WITHDRAWN'; readonly payment: null } | { readonly outcome: 'NOT_SENT'; readonly payment: null };

/** One result per request, in request order: a thrown charge (a bug, a lost connection) fails its own request only. */
export type SavedMethodChargeResults = PromiseSettledResult<SavedMethodBatchResult>[];

/** A batch whose payments are all recorded and whose calls are all made or on the wire. */
export interface StartedCharges {
  /** Every request's result once every call is answered and the answers recorded; never rejects. */
  readonly settled: Promise<SavedMethodChargeResults>;
}

/**
 * Charges saved methods, many at once (an autopay page), with makePayment's
 * guarantees per charge, and a number of transactions that
 * does not grow with the batch or the calls' concurrency:
 * 1. one read-only transaction finds the charges made before under their keys
 *    and resolves the others' methods and payers;
 * 2. the PENDING payments are committed in waves of half the slots, each
 *    wave before its processor calls and only once it holds a slot for each
 *    of its payments (freed when the call is answered): however many batches
 *    share the slots, at most their limit of payments are ever committed and
 *    not yet answered, which bounds what a crash leaves to reconciliation.
 *    A wave may wait a while for its slots, so the caller confirms its
 *    charges in the transaction that records them (`confirm`);
 * 3. the answers are recorded together (recordChargeOutcomes); until then a
 *    charged payment stays PENDING, and a crash leaves it to reconciliation,
 *    which finds the charge under the payment's own key.
 * Resolves once step 2 is done for every wave, so the caller can prepare its
 * next batch while the calls finish; `settled` follows step 3. Once
 * `stopping` is aborted, no further wave begins.
 */
export async function startSavedMethodCharges(
  scope: SavedMethodChargeScope,
  settings: PaymentsSettings,
  requests: readonly SavedMethodCharge[],
  slots: ChargeSlots,
  confirm: ConfirmCharges,
  stopping?: AbortSignal,
): Promise<StartedCharges> {
  const results: (PromiseSettledResult<SavedMethodBatchResult> | undefined)[] = new Array<undefined>(requests.length);
  const settle = (index: number, answer: () => SavedMethodBatchResult) => {
    try {
      results[index] = { status: 'fulfilled', value: answer() };
    } catch (reason) {
      results[index] = { status: 'rejected', reason };
    }
  };
  const tenant = await findTenantBySlug(scope.db, scope.tenant.slug);
  if (!tenant) throw new Error(`tenant ${scope.tenant.slug} vanished`);

  const checked = await withTenant(scope, (manager) => checkCharges(manager, scope, tenant, requests));
  const toCharge: ToCharge[] = [];
  checked.forEach((check, index) => {
    if ('earlier' in check) settle(index, () => resultOf(check.earlier, chargeHash(requests[index]!)));
    else if ('refusal' in check) settle(index, () => ({ outcome: 'REFUSED', payment: null, refusal: check.refusal }));
    else if ('error' in check) results[index] = { status: 'rejected', reason: check.error };
    else toCharge.push({ index, charge: check.charge });
  });

  const answered: Answered[] = [];
  const waves: Promise<void>[] = [];
  const wave = Math.max(1, Math.ceil(slots.limit / 2));
  for (let start = 0; start < toCharge.length; start += wave) {
    const chunk = toCharge.slice(start, start + wave);
    await slots.acquire(chunk.length);
    // The process is stopping: the waves not begun are not sent, and the waves under way are answered and recorded.
    if (stopping?.aborted) {
      slots.release(chunk.length);
      for (const { index } of toCharge.slice(start)) settle(index, () => ({ outcome: 'NOT_SENT', payment: null }));
      break;
    }
    waves.push(recordAndCall(scope, settings, tenant, chunk, slots, { answered, results, settle, confirm }));
  }
  const settled = (async (): Promise<SavedMethodChargeResults> => {
    await Promise.all(waves);
    const outcomes = await recordChargeOutcomes(scope, answered, actorOf(requests));
    for (const { index, hash, paymentId } of answered) {
      const outcome = outcomes.get(paymentId);
      if (outcome?.status === 'fulfilled') settle(index, () => resultOf(outcome.value, hash));
      else results[index] = { status: 'rejected', reason: outcome ? (outcome.reason as unknown) : new Error(`payment ${paymentId} has no recorded outcome`) };
    }
    return results.map((result, index) => result ?? { status: 'rejected', reason: new Error(`charge ${requests[index]!.idempotencyKey} was left unsettled`) });
  })().catch((reason: unknown) => requests.map(() => ({ status: 'rejected', reason }) as const));
  return { settled };
}

interface ToCharge {
  readonly index: number;
  readonly charge: PendingCharge;
}

type Answered = AnsweredCharge & { readonly index: number; readonly hash: string };

interface BatchState {
  readonly answered: Answered[];
  readonly results: (PromiseSettledResult<SavedMethodBatchResult> | undefined)[];
  readonly settle: (index: number, answer: () => SavedMethodBatchResult) => void;
  readonly confirm: ConfirmCharges;
}

/** One wave: its payments confirmed and committed PENDING, then its calls; each slot the wave holds is freed as soon as its payment needs no call or its call is answered. Never rejects. */
async function recordAndCall(scope: SavedMethodChargeScope, settings: PaymentsSettings, tenant: Tenant, chunk: readonly ToCharge[], slots: ChargeSlots, state: BatchState): Promise<void> {
  let recorded;
  try {
    recorded = await recordPendingCharges(
      scope,
      tenant,
      chunk.map((c) => c.charge),
      state.confirm,
    );
  } catch (reason) {
    for (const { index } of chunk) state.results[index] = { status: 'rejected', reason };
    slots.release(chunk.length);
    return;
  }
  const indexOf = new Map(chunk.map((c) => [c.charge, c.index]));
  const created = recorded.filter((r) => r.created);
  slots.release(chunk.length - created.length);
  const kept = new Set(recorded.map((r) => r.charge));
  for (const { charge, index } of chunk) if (!kept.has(charge)) state.settle(index, () => ({ outcome: 'WITHDRAWN', payment: null }));
  for (const { charge, payment } of recorded.filter((r) => !r.created)) {
    // A concurrent call with this key recorded the payment first; it makes the one processor call.
    state.settle(indexOf.get(charge)!, () => resultOf(payment, charge.hash));
  }
  await Promise.all(
    created.map(async ({ charge, payment }) => {
      const index = indexOf.get(charge)!;
      try {
        const result = await settings.processor.charge({
          idempotencyKey: chargeKeyFor(payment.id),
          amountCents: payment.totalCents,
          source: charge.method.source,
          description: `${tenant.settings.displayName} autopay ${payment.confirmationNumber}`,
        });
        state.answered.push({ index, hash: charge.hash, paymentId: payment.id, result });
      } catch (reason) {
        state.results[index] = { status: 'rejected', reason };
      } finally {
        slots.release();
      }
    }),
  );
}

/** Charges of one batch are made for one job; its name goes on the transitions. */
function actorOf(requests: readonly SavedMethodCharge[]): string {
  const actors = new Set(requests.map((r) => r.actor));
  if (actors.size > 1) throw new Error('one batch of charges is made by one actor');
  return requests[0]?.actor ?? 'system';
}

type Check = { readonly earlier: PaymentEntity } | { readonly refusal: SavedMethodRefusal } | { readonly error: Error } | { readonly charge: PendingCharge };

/**
 * What a charge checks before recording, for the whole batch in a
 * few set-based reads: an earlier payment under the key; the amount against
 * the city's limit; the saved method (the payer's own, not removed, of a
 * brand or kind the city takes, a bank account not blocked, a card whose
 * holder has no dispute open or lost with the city); the payer's
 * contact for the receipt.
 */
async function checkCharges(manager: EntityManager, scope: SavedMethodChargeScope, tenant: Tenant, requests: readonly SavedMethodCharge[]): Promise<Check[]> {
  const earlier = new Map((await manager.getRepository(PaymentEntity).findBy({ idempotencyKey: In(requests.map((r) => r.idempotencyKey)) })).map((payment) => [payment.idempotencyKey, payment]));
  const fresh = requests.filter((r) => !earlier.has(r.idempotencyKey));
  const contacts = await userContacts(
    manager,
    fresh.map((r) => r.userId),
  );
  const methods = new Map((fresh.length === 0 ? [] : await manager.getRepository(SavedMethodEntity).findBy({ id: In(fresh.map((r) => r.savedMethodId)), removedAt: IsNull() })).map((m) => [m.id, m]));
  const blocked = await blockedBankAccounts(manager, [...methods.values()]);
  const disputed = await disputedCards(
    manager,
    [...methods.values()].filter((m) => m.kind === 'CARD').map((m) => m.fingerprint),
  );
  const rules = tenant.settings.paymentRules;
  return requests.map((request): Check => {
    const payment = earlier.get(request.idempotencyKey);
    if (payment) return { earlier: payment };
    if (request.amountCents <= 0n) return { error: new RangeError('a charge must be positive') };
    if (request.feeCents < 0n) return { error: new RangeError('a convenience fee cannot be negative') };
    if (request.amountCents > BigInt(rules.maxPaymentCents)) return { refusal: 'AMOUNT_TOO_LARGE' };
    const saved = methods.get(request.savedMethodId);
    if (!saved || saved.userId !== request.userId) return { refusal: 'METHOD_NOT_FOUND' };
    if (saved.kind === 'BANK_ACCOUNT' && blocked.has(saved.fingerprint)) return { refusal: 'METHOD_BLOCKED' };
    if (saved.kind === 'CARD' && disputed.has(saved.fingerprint)) return { refusal: 'METHOD_BLOCKED' };
    if (methodNotAccepted(rules, saved)) return { refusal: 'METHOD_NOT_ACCEPTED' };
    const method = savedMethodToCharge(saved);
    const contact = contacts.get(request.userId);
    return {
      charge: {
        request,
        hash: chargeHash(request),
        method,
        payer: { userId: request.userId, email: contact?.email ?? null, noticeUserId: request.userId, locale: contact?.locale ?? scope.locale, actor: request.actor, channel: 'AUTOPAY' },
      },
    };
  });
}
