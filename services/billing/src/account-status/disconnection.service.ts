import { refuseUnlessStillSignedIn, validateInput, type TenantContext } from '@platform/api';
import { recordSecurityEvent } from '@platform/auth';
import { formatMoney, money, ok, refused, translate, userError, UserErrorCode, type MessageParams, type Result } from '@platform/core';
import { withTenant } from '@platform/db';
import { findTenantBySlug, type Tenant } from '@platform/tenants';
import type { DataSource, EntityManager } from 'typeorm';
import type { ServiceAccountEntity } from '../accounts/service-account.entity';
import type { BillingScope } from '../billing-scope';
import type { Balance } from '../ledger/balance';
import { optionalText } from '../input-rules';
import { loadBalance } from '../ledger/ledger.queries';
import { givingBackUnanswered, reviewRestorations } from '../ledger/payment-ledger.service';
import { changeAccountStatus, lockAccount } from './account-status.service';
import { nextStatus, type StatusChangeReason } from './account-status.state';
import type { AccountStandingNotices, AccountToTell } from './account-standing-notices';
import type { AccountStatusDependencies } from './account-status-dependencies';
import type { PaymentsUnanswered } from './payments-unanswered';
import { paymentsTakenBy } from './payments-taken-by';
import { restorationBlockedBy, type RestorationBlock } from './restoration-rules';
import { loadServiceBalances } from './service-balance.queries';

export interface DisconnectionRules {
  readonly daysPastDue: number;
  readonly minimumPastDueCents: bigint;
}

/**
 * Whether an account's service balance (loadServiceBalances: its utility bills, not citations or other charges) makes
 * it eligible for disconnection under the city's rules (pending payments count as paid, as they will post).
 */
function isDisconnectEligible(balance: Balance, rules: DisconnectionRules): boolean {
  const pastDue = balance.pastDueAfterPendingCents;
  return balance.daysPastDueAfterPending >= rules.daysPastDue && pastDue >= rules.minimumPastDueCents && pastDue > 0n;
}

/** A city's disconnection rules, as its settings state them. */
export function disconnectionRulesOf(tenant: Tenant | null): DisconnectionRules {
  if (!tenant) throw new Error('the tenant vanished during the request');
  const { daysPastDue, minimumPastDueCents } = tenant.settings.disconnectionRules;
  return { daysPastDue, minimumPastDueCents: BigInt(minimumPastDueCents) };
}

const BATCH = 500;

/** A staff note on a status change: optional, trimmed (blank is none), no card number. */
const noteInput = optionalText(500);

/**
 * The hourly sweep: marks accounts past due beyond the city's days and
 * minimum DISCONNECT_ELIGIBLE, and returns ones that caught up to ACTIVE.
 * It also reviews open restoration requests as time passes: a charge that
 * came due while a request waited for staff (a bill issued since it opened)
 * leaves the account owing again, and withdraws the request
 * (BALANCE_OWED_AGAIN) as a charge recorded already due would. Safe to run
 * any number of times a day: it only moves accounts whose balance says they
 * should move. An account a payment of which is still with the processor
 * is not flagged: the balance does not show that payment yet (the next
 * sweep flags it if the payment fails). An account it flags has its holders
 * warned that the city may disconnect it, with what to pay to keep it on; a
 * warning still waiting to go is withdrawn once the account catches up
 * (AccountStandingNotices, in the same transaction as the change).
 */
export async function sweepDisconnectionEligibility(
  scope: BillingScope & { readonly db: DataSource },
  rules: DisconnectionRules,
  paymentsUnanswered: PaymentsUnanswered,
  notices: AccountStandingNotices,
): Promise<{ markedEligible: number; cleared: number; withdrawn: number }> {
  // Cheap pre-filter in SQL: only accounts that owe at least the minimum after pending payments, or are eligible now, or wait for restoration.
  const candidates = await withTenant(scope, (manager) =>
    manager.query<{ id: string }[]>(
      `SELECT a.id FROM service_accounts a
        WHERE a.status IN ('DISCONNECT_ELIGIBLE', 'RESTORATION_PENDING')
           OR (a.status = 'ACTIVE'
               AND coalesce((SELECT sum(amount_cents) FROM ledger_entries l WHERE l.service_account_id = a.id), 0)
                 - coalesce((SELECT sum(amount_cents) FROM payment_allocations p WHERE p.service_account_id = a.id AND p.status = 'PENDING'), 0)
                 >= greatest($1::bigint, 1))
        ORDER BY a.id`,
      [rules.minimumPastDueCents.toString()],
    ),
  );
  let markedEligible = 0;
  let cleared = 0;
  let withdrawn = 0;
  for (let start = 0; start < candidates.length; start += BATCH) {
    const ids = candidates.slice(start, start + BATCH).map((row) => row.id);
    await withTenant(scope, async (manager) => {
      // Locked first, in id order as payments lock them, and only then weighed: a payment committing meanwhile is
      // waited for and counted, where a balance read before the lock had the account flagged just after it was paid.
      const accounts = new Map<string, ServiceAccountEntity>();
      for (const id of ids) {
        const account = await lockAccount(manager, id);
        if (account) accounts.set(id, account);
      }
      const balances = await loadServiceBalances(manager, scope, [...accounts.keys()]);
      const unanswered = await paymentsUnanswered(manager, [...accounts.keys()]);
      const flagged: AccountToTell[] = [];
      const caughtUp: string[] = [];
      for (const [id, account] of accounts) {
        const balance = balances.get(id)!;
        const eligible = isDisconnectEligible(balance, rules);
        if (eligible && account.status === 'ACTIVE' && !unanswered.has(id) && (await changeAccountStatus(manager, scope, account, 'PAST_DUE', 'system'))) {
          flagged.push({ serviceAccountId: id, accountNumber: account.accountNumber, toPayCents: balance.pastDueAfterPendingCents });
        }
        if (!eligible && account.status === 'DISCONNECT_ELIGIBLE' && (await changeAccountStatus(manager, scope, account, 'NO_LONGER_PAST_DUE', 'system'))) caughtUp.push(account.accountNumber);
      }
      if (flagged.length > 0) await notices.pastDue(manager, scope, flagged);
      if (caughtUp.length > 0) await notices.caughtUp(manager, caughtUp);
      markedEligible += flagged.length;
      cleared += caughtUp.length;
      const waiting = [...accounts.values()].filter((account) => account.status === 'RESTORATION_PENDING').map((account) => account.id);
      withdrawn += (await reviewRestorations(manager, scope, waiting)).length;
    });
  }
  return { markedEligible, cleared, withdrawn };
}

/**
 * Staff record that field crews disconnected an eligible account. It must
 * still be eligible, weighed under the account's lock: the sweep that
 * flagged it runs hourly, and a resident who paid since (even a payment not
 * yet posted) must not be disconnected, nor left disconnected owing nothing.
 * Nor while a payment of it is still with the processor
 * (PAYMENT_BEING_CONFIRMED): the balance does not show it yet, and once
 * reconciliation finds it charged, a household that paid in time would wait
 * for a restoration. (A refund or void of a payment of it still with the
 * processor holds nothing up: it can only leave the account owing more, so
 * past due still.)
 */
export async function markDisconnected(
  ctx: TenantContext,
  serviceAccountId: string,
  actor: string,
  note: string | null,
  { paymentsUnanswered, standingNotices }: AccountStatusDependencies,
): Promise<Result<ServiceAccountEntity>> {
  const rules = disconnectionRulesOf(await findTenantBySlug(ctx.db, ctx.tenant.slug));
  return staffStatusChange(ctx, serviceAccountId, 'DISCONNECTED_FOR_NON_PAYMENT', actor, note, {
    async guard(manager, account) {
      if (!isDisconnectEligible((await loadServiceBalances(manager, ctx, [account.id])).get(account.id)!, rules)) return { code: UserErrorCode.NOT_PAST_DUE, key: 'billing.noLongerPastDue' };
      return (await paymentsUnanswered(manager, [account.id])).has(account.id) ? { code: UserErrorCode.PAYMENT_BEING_CONFIRMED, key: 'billing.paymentBeingConfirmed' } : null;
    },
    // The household is told what brings the service back: the amount due in full (what the guest page asks).
    told: async (manager, account) =>
      standingNotices.disconnected(manager, ctx, { serviceAccountId: account.id, accountNumber: account.accountNumber, toPayCents: (await loadBalance(manager, ctx, account.id)).amountDueNowCents }),
  });
}

/**
 * Staff approve a restoration after verifying the payment: it must have
 * posted, leaving nothing owed, and someone other than the approver must have
 * taken it (or credited the account). A clerk who could record "cash" at the
 * counter, or an ADMIN who could credit the balance, and then approve the
 * restoration it opens could turn a household's service back on with
 * nothing paid and nobody else the wiser; a second pair of eyes (another
 * staff member, or the platform's operator) approves instead.
 */
export function approveRestoration(ctx: TenantContext, serviceAccountId: string, actor: string, note: string | null, standingNotices: AccountStandingNotices): Promise<Result<ServiceAccountEntity>> {
  return staffStatusChange(ctx, serviceAccountId, 'RESTORATION_APPROVED', actor, note, {
    async guard(manager, account) {
      const blocked = restorationBlockedBy(await loadBalance(manager, ctx, account.id)) ?? ((await paymentsTakenBy(manager, account.id, actor)) ? 'SECOND_STAFF' : null);
      return blocked && APPROVAL_REFUSALS[blocked];
    },
    told: (manager, account) => standingNotices.restored(manager, ctx, { serviceAccountId: account.id, accountNumber: account.accountNumber }),
  });
}

/**
 * An ADMIN closes an account: it takes its final bill and is never billed
 * again, so it must not be left holding the resident's money, where nobody
 * would look for it. Refused while it is in credit (ACCOUNT_HOLDS_CREDIT:
 * refund it first), while a payment charged but not yet posted will leave
 * it in credit (PAYMENT_IN_FLIGHT: refund that much of it, or wait for it to
 * post), and while a payment of it is still with the processor
 * (PAYMENT_BEING_CONFIRMED): billing does not know its amount until the
 * processor answers. Nor while a refund or void of a payment to it is
 * (REFUND_BEING_CONFIRMED): once the processor has done it, the account owes
 * what went back again, and a closed account would owe it with nobody to bill
 * it. A payment leaving nothing in credit (one paying the final bill) does
 * not hold the close up. Weighed under the account's lock, which a payment
 * takes as it is recorded (holdAccountsOpen, or amountsOwed's lock), and
 * again to go on billing's books (as pending, posted or given back) in the
 * transaction that records the processor's answer, and a refund or void
 * takes as it is sent (closedAccountsPaidBy, holdRestorationsPaidBy): none
 * lands between these reads and the close. A payment recorded after the
 * close, even one that read the account open before it, is held to what the
 * account owes (payments' accountTakesCredit: EXCEEDS_AMOUNT_DUE). Money
 * given back from a payment of it after the close is given back by the
 * city's ADMIN only, who then corrects the final bill by that much
 * (payments' givingBackFromClosedAccountRefused: ACCOUNT_CLOSED). What
 * told its household the city may disconnect it, or what brings its service
 * back, no longer holds: retracted (AccountStandingNotices' `closed`).
 */
export function closeServiceAccount(
  ctx: TenantContext,
  serviceAccountId: string,
  actor: string,
  { paymentsUnanswered, standingNotices }: AccountStatusDependencies,
): Promise<Result<ServiceAccountEntity>> {
  return staffStatusChange(ctx, serviceAccountId, 'CLOSED', actor, null, {
    async guard(manager, account) {
      const balance = await loadBalance(manager, ctx, account.id);
      const credit = (cents: bigint) => ({ credit: formatMoney(money(cents), ctx.locale) });
      if (balance.creditCents > 0n) return { code: UserErrorCode.ACCOUNT_HOLDS_CREDIT, key: 'billing.closeHoldsCredit', params: credit(balance.creditCents) };
      const afterPending = balance.postedCents - balance.pendingCents;
      if (afterPending < 0n) return { code: UserErrorCode.PAYMENT_IN_FLIGHT, key: 'billing.closePaymentInFlight', params: credit(-afterPending) };
      if ((await paymentsUnanswered(manager, [account.id])).has(account.id)) return { code: UserErrorCode.PAYMENT_BEING_CONFIRMED, key: 'billing.closePaymentBeingConfirmed' };
      return (await givingBackUnanswered(manager, account.id)) ? { code: UserErrorCode.REFUND_BEING_CONFIRMED, key: 'billing.closeRefundBeingConfirmed' } : null;
    },
    // A warning or a call to pay for the service back, still waiting or resent, would ask a household that has moved out for money.
    told: (manager, account) => standingNotices.closed(manager, ctx, { serviceAccountId: account.id, accountNumber: account.accountNumber }),
  });
}

/** How approveRestoration words what the restoration still waits for. */
const APPROVAL_REFUSALS: Readonly<Record<RestorationBlock, Refusal>> = {
  NOT_POSTED: { code: UserErrorCode.PAYMENT_NOT_POSTED, key: 'billing.paymentNotPosted' },
  AWAITING_BANK: { code: UserErrorCode.PAYMENT_NOT_POSTED, key: 'billing.paymentAwaitingBank' },
  OWED_AGAIN: { code: UserErrorCode.BALANCE_OWED_AGAIN, key: 'billing.restorationBalanceOwed' },
  SECOND_STAFF: { code: UserErrorCode.SECOND_STAFF_REQUIRED, key: 'billing.restorationByAnotherStaff' },
};

/** Why a staff status change does not apply to the account as it is now. */
interface Refusal {
  readonly code: UserErrorCode;
  readonly key:
    | 'billing.paymentNotPosted'
    | 'billing.paymentAwaitingBank'
    | 'billing.restorationBalanceOwed'
    | 'billing.noLongerPastDue'
    | 'billing.paymentBeingConfirmed'
    | 'billing.restorationByAnotherStaff'
    | 'billing.closeHoldsCredit'
    | 'billing.closePaymentInFlight'
    | 'billing.closePaymentBeingConfirmed'
    | 'billing.closeRefundBeingConfirmed';
  readonly params?: MessageParams;
}

/** What a staff status change weighs before it is made (a refusal, or null), and whom it tells once made, in its transaction. */
interface StatusChangeSteps {
  readonly guard?: (manager: EntityManager, account: ServiceAccountEntity) => Promise<Refusal | null>;
  readonly told?: (manager: EntityManager, account: ServiceAccountEntity) => Promise<void>;
}

/**
 * A staff change of one account's status. Its refusals point at the
 * mutation's `serviceAccountId` argument: the account is what the change
 * does not apply to; a note that cannot be kept points at `note`. Staff
 * turning a household's service off or on: the city's ADMIN sees it in the
 * audit log (ids and statuses, never the account number or the note). Nor by a staff member removed, demoted or
 * signed out while it waited on the account (refuseUnlessStillSignedIn).
 */
async function staffStatusChange(
  ctx: TenantContext,
  serviceAccountId: string,
  reason: StatusChangeReason,
  actor: string,
  note: string | null,
  { guard, told }: StatusChangeSteps = {},
): Promise<Result<ServiceAccountEntity>> {
  const at = ['serviceAccountId'];
  const checked = validateInput(noteInput, note, ctx.locale, ['note']);
  if (!checked.ok) return checked;
  return withTenant(ctx, async (manager) => {
    const account = await lockAccount(manager, serviceAccountId);
    if (!account) return refused(userError(ctx.locale, at, UserErrorCode.ACCOUNT_NOT_FOUND, 'billing.accountNotFound'));
    if (!nextStatus(account.status, reason))
      return refused(
        userError(ctx.locale, at, UserErrorCode.STATUS_CHANGE_NOT_ALLOWED, 'billing.statusChangeNotAllowed', { status: translate(ctx.locale, `billing.accountStatus.${account.status}`) }),
      );
    const refusal = await guard?.(manager, account);
    if (refusal) return refused(userError(ctx.locale, at, refusal.code, refusal.key, refusal.params));
    await refuseUnlessStillSignedIn(manager, ctx);
    const from = account.status;
    await changeAccountStatus(manager, ctx, account, reason, actor, { note: checked.value });
    await recordSecurityEvent(manager, ctx, { kind: 'ACCOUNT_STATUS_CHANGED', detail: { serviceAccountId: account.id, from, to: account.status, reason } });
    await told?.(manager, account);
    return ok(account);
  });
}
