import { amountsOwed } from '@platform/billing';
import { formatMoney, money, userError, type Locale, type MessageKey, UserErrorCode, type UserError } from '@platform/core';
import { withTenant } from '@platform/db';
import type { EntityManager } from 'typeorm';
import type { PaymentScope } from '../payment-scope';
import type { ResolvedAllocation } from './payment-allocation.service';

export interface AmountOwedRules {
  /** The city's rule: may an account be paid beyond what it owes, into credit? A payable never may. */
  readonly accountCreditAllowed: boolean;
  readonly locale: Locale;
  /** The request pays each account exactly its amount due as the payer was told it (PaymentRequest.paysAmountDue). */
  readonly paysAmountDue?: boolean;
}

/**
 * Whether an account may be paid beyond what it owes, into credit: where the city takes credit (`accountCreditAllowed`)
 * and the account is not closed (it takes its final bill; credit on it would never be billed against).
 */
export const accountTakesCredit = (accountCreditAllowed: boolean, closed: boolean): boolean => accountCreditAllowed && !closed;

/** The refusal of a payment beyond what an account owes, as its payer is told it (with `owed`): a closed account's, or the city's rule on credit. */
export const accountOverpaidMessage = (closed: boolean): MessageKey => (closed ? 'payment.closedAccountOverpaid' : 'payment.accountOverpaid');

/** Whether an account's allocation is held to what the account owes: where it takes no credit, or the payer pays its amount due. */
const accountHeldToOwed = (allocation: ResolvedAllocation, rules: AmountOwedRules): boolean =>
  !accountTakesCredit(rules.accountCreditAllowed, allocation.accountClosed === true) || rules.paysAmountDue === true;

/** Whether any allocation is held to what is owed: a payable's always, an account's by accountHeldToOwed. */
export const limitedToAmountOwed = (allocations: readonly ResolvedAllocation[], rules: AmountOwedRules): boolean => allocations.some((a) => a.payableId !== null || accountHeldToOwed(a, rules));

/**
 * Refuses allocations that pay more than is still owed: on a payable always,
 * on an account where the city takes no credit, or that is closed (it takes
 * its final bill; credit on it would never be billed against). There, what a payment puts on
 * an account counts whether it names the account or one of its payables: a
 * bill or citation is on its account's balance, so paying it by its number
 * after paying the account in full would leave the account in credit (a
 * request pays each account once: resolveAllocations). "Owed" counts billing's
 * pending and posted payments and this service's payments still waiting on
 * the processor (PENDING, or UNKNOWN until reconciliation settles them), so
 * a second payment never lands while the first is in flight. With `lock`,
 * the payables and every account paid stay locked (FOR UPDATE) until the
 * caller's transaction commits, which makes concurrent payments of one
 * payable queue here, and each account's status is read as it is now: one
 * closed since the payment resolved it is held to what it owes, whatever
 * else the payment pays.
 * With `paysAmountDue`, an account's allocation must be exactly what is left
 * (AMOUNT_DUE_CHANGED otherwise), wherever the city stands on credit.
 * `allocations[i]` is the request's allocation i.
 */
export async function refuseOverpayment(
  manager: EntityManager,
  scope: PaymentScope,
  allocations: readonly ResolvedAllocation[],
  rules: AmountOwedRules,
  options: { readonly lock: boolean },
): Promise<UserError[]> {
  const payableIds = allocations.flatMap((a) => (a.payableId ? [a.payableId] : []));
  const accountIds = allocations.flatMap((a) => (accountHeldToOwed(a, rules) ? [a.serviceAccountId] : []));
  if (!options.lock && payableIds.length === 0 && accountIds.length === 0) return [];
  const owed = await amountsOwed(manager, scope, { payableIds, serviceAccountIds: accountIds }, { ...options, payingAccountIds: allocations.map((a) => a.serviceAccountId) });
  // Closed as billing reads it now (under the lock, with `lock`): a payment naming one of its bills is held to what it owes too.
  const closed = (allocation: ResolvedAllocation) => allocation.accountClosed === true || owed.closedAccounts.has(allocation.serviceAccountId);
  const held = (allocation: ResolvedAllocation) => accountHeldToOwed({ ...allocation, accountClosed: closed(allocation) }, rules);
  // Read after billing's figures: a payment captured meanwhile is then counted twice (a refusal to retry), never missed.
  const inFlight = await paymentsInFlight(manager, payableIds, [...new Set(allocations.filter(held).map((a) => a.serviceAccountId))]);

  const errors: UserError[] = [];
  const format = (cents: bigint) => formatMoney(money(cents < 0n ? 0n : cents), rules.locale);
  allocations.forEach((allocation, index) => {
    const field = ['input', 'allocations', index, 'amount'];
    if (allocation.payableId) {
      const payable = owed.payables.get(allocation.payableId);
      const left = (payable?.owedCents ?? 0n) - (inFlight.payables.get(allocation.payableId) ?? 0n);
      if (allocation.amountCents > left) {
        errors.push(userError(rules.locale, field, UserErrorCode.EXCEEDS_AMOUNT_DUE, 'payment.payableOverpaid', { left: format(left), reference: payable?.referenceNumber ?? '' }));
        return;
      }
    }
    if (!held(allocation)) return;
    const left = (owed.accounts.get(allocation.serviceAccountId) ?? 0n) - (inFlight.accounts.get(allocation.serviceAccountId) ?? 0n);
    if (rules.paysAmountDue && allocation.payableId === null) {
      if (allocation.amountCents !== left) errors.push(userError(rules.locale, field, UserErrorCode.AMOUNT_DUE_CHANGED, 'payment.amountDueChanged', { amount: format(left) }));
      return;
    }
    if (accountTakesCredit(rules.accountCreditAllowed, closed(allocation)) || allocation.amountCents <= left) return;
    errors.push(userError(rules.locale, field, UserErrorCode.EXCEEDS_AMOUNT_DUE, accountOverpaidMessage(closed(allocation)), { owed: format(left) }));
  });
  return errors;
}

/** What a payer is offered on an account (amountDueLeft). */
export interface AmountDueLeft {
  /** What the account owes now less its payments still with the processor, in cents; never below zero. */
  readonly cents: bigint;
  /** The account is closed, as billing reads it for the payment (amountsOwed): it takes no credit, whatever the city's rule (accountTakesCredit). */
  readonly closed: boolean;
}

/**
 * What an account owes now (billing's amount due now) less its payments
 * still with the processor: the amount due a payer is offered, and what a
 * payment of "the amount due" must still be (refuseOverpayment with
 * `paysAmountDue`); and whether the account is closed, which refuseOverpayment
 * holds to that amount whatever the city's rule on credit. Read under the
 * account's lock, which a payment's charge takes as it moves to billing's
 * books: one settling meanwhile is counted once, in flight or owed no more,
 * never neither. The payment's own check, as it is recorded, is the one that
 * holds.
 */
export async function amountDueLeft(scope: PaymentScope, serviceAccountId: string): Promise<AmountDueLeft> {
  return withTenant(scope, async (manager) => {
    const owed = await amountsOwed(manager, scope, { payableIds: [], serviceAccountIds: [serviceAccountId] }, { lock: true, payingAccountIds: [serviceAccountId] });
    const inFlight = await paymentsInFlight(manager, [], [serviceAccountId]);
    const left = (owed.accounts.get(serviceAccountId) ?? 0n) - (inFlight.accounts.get(serviceAccountId) ?? 0n);
    return { cents: left > 0n ? left : 0n, closed: owed.closedAccounts.has(serviceAccountId) };
  });
}

/** Amounts of payments not yet answered by the processor (so not yet on billing's books), per payable and per account. */
async function paymentsInFlight(manager: EntityManager, payableIds: readonly string[], accountIds: readonly string[]) {
  const rows = await manager.query<{ payable_id: string | null; service_account_id: string; cents: string }[]>(
    `SELECT l.payable_id, l.service_account_id, l.amount_cents::text AS cents
       FROM payments p JOIN payment_lines l ON l.payment_id = p.id
      WHERE p.status IN ('PENDING', 'UNKNOWN') AND (l.payable_id = ANY($1::uuid[]) OR l.service_account_id = ANY($2::uuid[]))`,
    [payableIds, accountIds],
  );
  const payables = new Map<string, bigint>();
  const accounts = new Map<string, bigint>();
  const add = (map: Map<string, bigint>, id: string, cents: bigint) => map.set(id, (map.get(id) ?? 0n) + cents);
  for (const row of rows) {
    if (row.payable_id) add(payables, row.payable_id, BigInt(row.cents));
    add(accounts, row.service_account_id, BigInt(row.cents));
  }
  return { payables, accounts };
}
