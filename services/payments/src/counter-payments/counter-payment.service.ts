import { actorOf, refuseUnlessStillSignedIn, validateInput, type TenantContext } from '@platform/api';
import { recordSecurityEvent } from '@platform/auth';
import { formatMoney, localDateOf, money, ok, refused, userError, UserErrorCode, type Result } from '@platform/core';
import { accountHolderContact } from '@platform/customers';
import { tenantByIdLoader } from '@platform/tenants';
import { recordMoneyIn } from '../make-payment/charge-outcome.service';
import { findPaymentByKey, fingerprintOf, recordPending, replay, type RequestHashes } from '../make-payment/make-payment.service';
import type { Payer, RecordedMethod } from '../make-payment/new-pending-payment';
import { resolveAllocations } from '../make-payment/payment-allocation.service';
import { checkedAllocations } from '../make-payment/payment-request';
import type { PaymentEntity } from '../payment/payment.entity';
import { postLocked } from '../posting/posting.job';
import { counterPaymentInput, type CounterPaymentRequest } from './counter-payment-request';
import { refuseCheckRecordedBefore } from './counter-check-duplicates';
import { refuseIntoClosedDrawer } from './counter-drawer-lock';

/**
 * Records cash or a check a resident handed over at the city's office, as a
 * payment like any other (confirmation number, history, events, ledger,
 * receipt), through makePayment's own steps: the same allocation checks and
 * amount-owed rule, the same recording under the idempotency key (so a double
 * click or a retry records one payment), the same "money in" step. Refused,
 * as on the web and the phone line, while another payment to one of its
 * accounts is in doubt (PAYMENT_BEING_CONFIRMED): the clerk sees the amount
 * due without it, and once reconciliation books it the bill is paid twice.
 *
 * There is no processor to ask, so the payment is PENDING, CAPTURED and
 * POSTED in one transaction, and posts the day it is taken instead of after
 * the city's posting lag. The lag exists for card and bank settlement; cash
 * is in the city's drawer already, and the typical counter payer is a
 * disconnected household paying in full to get service back, which waits
 * for a posted payment. (A check that bounces later is the city's to reverse,
 * as it is on paper today.) Nobody ever sees such a payment PENDING, so
 * reconciliation never asks the processor about it.
 *
 * For cash, the cash handed over is required (REQUIRED; payments recorded
 * before it was have none) and kept with the payment, never short of it
 * (CASH_SHORT): the change counted back is the difference, on the receipt and
 * in the clerk's drawer. It is part of the request under the key. A check is refused while the same check (its number,
 * leading zeros aside) stands recorded on one of the payment's accounts
 * (DUPLICATE_CHECK_NUMBER), read under the accounts' locks: the same paper
 * check typed in twice, at two windows or after a lost answer with a new
 * form, would otherwise pay the account twice.
 *
 * Staff put money on residents' accounts by hand, so the city's ADMIN sees it
 * in the audit log, written with the payment (a retry under the key, or a
 * refusal, writes none): ids, amount and CASH or CHECK, with the cash
 * received and change given, never the check number, who received it or the
 * account number.
 *
 * Refused (DRAWER_CLOSED) once the clerk has closed their drawer for the day
 * (closeCounterDrawer): money taken after the count would be in no count. A
 * colleague whose drawer is open takes it.
 */
export async function recordCounterPayment(ctx: TenantContext, request: CounterPaymentRequest): Promise<Result<PaymentEntity>> {
  const tenant = await ctx.loaders.get(tenantByIdLoader).load(ctx.tenant.id);
  if (!tenant) throw new Error(`tenant ${ctx.tenant.id} vanished during the request`);
  if (!tenant.settings.paymentRules.counterPaymentsAccepted) {
    return refused(userError(ctx.locale, ['input'], UserErrorCode.COUNTER_PAYMENTS_NOT_ACCEPTED, 'payment.counterNotAccepted'));
  }
  const parsed = validateInput(counterPaymentInput, request, ctx.locale);
  if (!parsed.ok) return parsed;
  const input = parsed.value;
  const checked = checkedAllocations(input.allocations, { maxPaymentCents: BigInt(tenant.settings.paymentRules.maxPaymentCents), locale: ctx.locale });
  if (!checked.ok) return checked;
  const cashReceivedCents = input.cashReceived;
  const totalCents = checked.value.reduce((sum, a) => sum + a.amountCents, 0n);
  if (cashReceivedCents !== null && cashReceivedCents < totalCents) {
    const amounts = { received: formatMoney(money(cashReceivedCents), ctx.locale), amount: formatMoney(money(totalCents), ctx.locale) };
    return refused(userError(ctx.locale, ['input', 'cashReceived'], UserErrorCode.CASH_SHORT, 'payment.cashShort', amounts));
  }

  const actor = actorOf(ctx);
  // The request is the money handed over, not who pressed Record: a held attempt sent again by the next clerk at the same
  // computer is the same cash, so it gets the payment already recorded (any staff member may read it), never a refusal
  // that reads as "nothing was recorded" and invites a second entry. Payments recorded before recipe 2 hold a hash that
  // names the clerk; only that clerk's retry matches it.
  const handedOver = {
    allocations: checked.value.map((a) => [a.serviceAccountId, a.payableId, a.amountCents.toString()]),
    method: input.method,
    checkNumber: input.checkNumber,
    receivedBy: input.receivedBy,
    payerEmail: input.payerEmail,
    // Only when given, so a request without it hashes as it did before the cash received was kept.
    ...(cashReceivedCents !== null ? { cashReceived: cashReceivedCents.toString() } : {}),
  };
  const hash = fingerprintOf({ recipe: 2, ...handedOver });
  const hashes: RequestHashes = [hash, fingerprintOf({ counter: actor, ...handedOver })];
  const earlier = await findPaymentByKey(ctx, input.idempotencyKey);
  if (earlier) return replay(ctx, earlier, hashes);
  // Required for cash (the change and the drawer are counted from it), once the key has been looked up: a retry of cash
  // recorded before it was required gets its payment, not a refusal that reads as "nothing recorded".
  if (input.method === 'CASH' && cashReceivedCents === null) {
    return refused(userError(ctx.locale, ['input', 'cashReceived'], UserErrorCode.REQUIRED, 'payment.cashReceivedRequired'));
  }

  const allocations = await resolveAllocations(ctx, checked.value, 'STAFF');
  if (!allocations.ok) return allocations;
  // The receipt goes to the email typed, else the account holder's; in the holder's language when it goes to them (typed
  // or not), not in the language of the clerk's console. Then its notices are the holder's (their email as it is then,
  // their texts), though the payment is not: nobody paid it signed in, and the clerk is its actor.
  const holder = await accountHolderContact(ctx, allocations.value[0]!.serviceAccountId);
  const email = input.payerEmail ?? holder?.email ?? null;
  const toHolder = holder !== null && email !== null && email === holder.email;
  const payer: Payer = { userId: null, email, noticeUserId: toHolder ? holder.userId : null, locale: toHolder ? holder.locale : ctx.locale, actor, channel: 'COUNTER' };
  const method: RecordedMethod = {
    kind: input.method,
    brand: null,
    last4: input.checkNumber?.slice(-4) ?? '',
    fingerprint: `counter:${input.method.toLowerCase()}`,
    savedMethodId: null,
    checkNumber: input.checkNumber,
    receivedBy: input.receivedBy,
    cashReceivedCents,
  };
  const owedRules = { accountCreditAllowed: tenant.settings.paymentRules.accountCreditAllowed, locale: ctx.locale };
  const today = localDateOf(ctx.clock.now(), tenant.settings.timeZone);
  const intoClosedDrawer = refuseIntoClosedDrawer(ctx, actor, today);
  const duplicateCheck = input.method === 'CHECK' && input.checkNumber !== null ? refuseCheckRecordedBefore(ctx, allocations.value, input.checkNumber) : null;
  const recorded = await recordPending(ctx, tenant, payer, { idempotencyKey: input.idempotencyKey, requestHash: hash }, allocations.value, method, owedRules, {
    postingDate: today,
    inDoubt: { locale: ctx.locale, message: 'payment.beingConfirmedAtCounter' },
    // The drawer's lock is held to the commit: a close of the clerk's drawer waits for this payment, or refuses it. Taken
    // after the accounts' locks (refuseUnderLocks), as a void of a payment in the drawer takes it (one order, no deadlock).
    refuseUnderLocks: async (manager) => [...(await intoClosedDrawer(manager)), ...((await duplicateCheck?.(manager)) ?? [])],
    andThen: async (manager, payment) => {
      // Taken by a clerk removed while the request waited, it is refused, nothing recorded: the cash is still in hand.
      await refuseUnlessStillSignedIn(manager, ctx);
      const received = { kind: 'RECEIVED_AT_COUNTER', checkNumber: input.method === 'CASH' ? null : input.checkNumber, receivedBy: input.receivedBy } as const;
      await recordMoneyIn(manager, ctx, payment, { to: 'CAPTURED', actor, reason: received });
      await postLocked(manager, ctx, payment, actor, { kind: 'POSTED_AT_COUNTER' });
      await recordSecurityEvent(manager, ctx, {
        kind: 'COUNTER_PAYMENT_RECORDED',
        detail: {
          paymentId: payment.id,
          amountCents: payment.totalCents.toString(),
          method: input.method,
          ...(cashReceivedCents !== null ? { cashReceivedCents: cashReceivedCents.toString(), changeCents: (cashReceivedCents - payment.totalCents).toString() } : {}),
        },
      });
    },
  });
  if (!recorded.ok) return recorded;
  // A concurrent request with the same key got there first: answer as its retry.
  return recorded.value.created ? ok(recorded.value.payment) : replay(ctx, recorded.value.payment, hashes);
}
