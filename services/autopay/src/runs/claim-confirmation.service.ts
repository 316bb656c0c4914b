import { paidDownSince } from '@platform/billing';
import { accountsWithPaymentsUnanswered, takenPaymentKeys, type ConfirmCharges } from '@platform/payments';
import type { EntityManager } from 'typeorm';
import { decideOn, readAccountFacts, type ClaimedAttempt, type Enrolled } from './autopay-claims.service';
import { paymentKeyFor } from './autopay-deduction.entity';
import { ENROLMENT_FOR_DEDUCTION, enrollmentOf, type EnrollmentRow } from './enrollment-row';
import type { RunContext } from './run-context';

/**
 * The check the payments service makes in the transaction that records a
 * wave of the run's payments, just before it does. A wave may go out
 * seconds or minutes after its page was claimed (waiting for processor
 * slots behind a slow processor), and meanwhile the customer may have
 * cancelled autopay, unlinked or closed the account, removed the card or
 * paid by other means. So each claim is decided again on what is true now,
 * for no more than it was claimed for (its fee too), less what was paid down
 * since (a bill imported meanwhile fills no gap): one still decided as claimed is
 * charged as claimed; any other is withdrawn, and its deduction put back as
 * it was before the claim (none for a first attempt, a retry due today for
 * a later one) for the next run to decide afresh.
 *
 * The deductions and their enrolments stay locked until the payments are
 * committed, so a cancel either commits first and is seen here, or waits
 * and comes after the charge has begun. The enrolment is locked as an update
 * locks it, not shared: two runs confirming two cycles of one account (a
 * retry and the next month's first attempt, due the same day) then take
 * turns, and the second sees the first's payment, in doubt or already on the
 * balance, and withdraws. Shared, both went ahead and the account was
 * charged twice.
 */
export function confirmClaims(run: RunContext, claims: readonly ClaimedAttempt[]): ConfirmCharges {
  const byKey = new Map(claims.map((claim) => [keyOf(claim), claim]));
  return async (manager, requests) => {
    const asked = requests.map((request) => byKey.get(request.idempotencyKey)!);
    // Locked before anything is read: a second run charging the same claim (a follow-up racing a live run) waits here
    // until the first's payment is committed, and then finds it under the key below, rather than reading the key as
    // free and the first's payment as another one in doubt (and putting back the claim the first is charging).
    const held = await lockHeldClaims(manager, asked);
    // A payment already under the key is answered by the insert, never made again.
    const taken = await takenPaymentKeys(manager, asked.map(keyOf));
    const toDecide = [...held.values()].filter((h) => !taken.has(keyOf(h.claim)));
    const inDoubt = await accountsWithPaymentsUnanswered(
      manager,
      toDecide.map((h) => h.claim.serviceAccountId),
    );
    const facts = await readAccountFacts(manager, run, toDecide);
    // Paid down since the claim (the resident paying by other means, a credit): taken off the claim, as off a reminder.
    const paidDown = await paidDownSince(
      manager,
      run.scope,
      toDecide.map((h) => ({ serviceAccountId: h.claim.serviceAccountId, since: h.claim.claimedAt })),
    );
    const paidDownSinceClaim = new Map(toDecide.map((h, i) => [h.claim.serviceAccountId, paidDown[i]!]));
    const wanted = new Set(taken);
    const withdrawn: ClaimedAttempt[] = [];
    for (const claim of asked) {
      const now = held.get(claim.serviceAccountId);
      // Moved on by another run since the claim, or already paid under its key: nothing to decide or put back.
      if (!now || taken.has(keyOf(claim))) continue;
      const decision = decideOn(facts, run, now, { amountCents: claim.amountCents, feeCents: claim.feeCents, paidDownCents: paidDownSinceClaim.get(claim.serviceAccountId) ?? 0n });
      const asClaimed =
        !inDoubt.has(claim.serviceAccountId) &&
        decision.kind === 'CHARGE' &&
        decision.amountCents === claim.amountCents &&
        now.enrollment.userId === claim.userId &&
        now.enrollment.savedMethodId === claim.savedMethodId;
      if (asClaimed) wanted.add(keyOf(claim));
      else withdrawn.push(claim);
    }
    await putBack(manager, run, withdrawn);
    return wanted;
  };
}

const keyOf = (claim: ClaimedAttempt) => paymentKeyFor(claim.serviceAccountId, claim.cycle, claim.attempt);

/** A claim still as this run made it, with its account's enrolment as it is now. */
interface HeldClaim extends Enrolled {
  readonly claim: ClaimedAttempt;
}

/**
 * The claims still as this run made them (charging this attempt, no payment
 * recorded, unchanged since the claim: a run that took one over after its
 * lease changed it), locked in account order, with their enrolments as they
 * are now, by account (a run claims one charge per account).
 */
async function lockHeldClaims(manager: EntityManager, claims: readonly ClaimedAttempt[]): Promise<Map<string, HeldClaim>> {
  if (claims.length === 0) return new Map();
  const rows = await manager.query<EnrollmentRow[]>(
    `SELECT d.service_account_id, d.cycle, ${ENROLMENT_FOR_DEDUCTION}
       FROM unnest($1::uuid[], $2::text[], $3::int[], $4::timestamptz[]) AS c (account, cycle, attempt, claimed_at)
       JOIN autopay_deductions d ON d.service_account_id = c.account AND d.cycle = c.cycle AND d.attempts = c.attempt
       JOIN autopay_enrollments e ON e.tenant_id = d.tenant_id AND e.service_account_id = d.service_account_id
      WHERE d.status = 'CHARGING' AND d.payment_id IS NULL AND date_trunc('milliseconds', d.updated_at) = c.claimed_at
      ORDER BY d.service_account_id
      FOR UPDATE OF d FOR NO KEY UPDATE OF e`,
    [claims.map((c) => c.serviceAccountId), claims.map((c) => c.cycle), claims.map((c) => c.attempt), claims.map((c) => c.claimedAt)],
  );
  const byAccount = new Map(claims.map((claim) => [claim.serviceAccountId, claim]));
  return new Map(rows.map((row) => [row.service_account_id, { serviceAccountId: row.service_account_id, enrollment: enrollmentOf(row), claim: byAccount.get(row.service_account_id)! }]));
}

/** Withdrawn claims' deductions as they were before the claim: a first attempt's removed, a later one's failed attempt due for retry today. */
async function putBack(manager: EntityManager, run: RunContext, withdrawn: readonly ClaimedAttempt[]): Promise<void> {
  if (withdrawn.length === 0) return;
  await manager.query(
    `WITH c AS (SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[]) AS c (account, cycle, attempt)),
     removed AS (
       DELETE FROM autopay_deductions d USING c
        WHERE d.service_account_id = c.account AND d.cycle = c.cycle AND d.attempts = c.attempt AND c.attempt = 1)
     UPDATE autopay_deductions d SET status = 'RETRY_SCHEDULED', attempts = c.attempt - 1, next_attempt_on = $4, updated_at = $5
       FROM c
      WHERE d.service_account_id = c.account AND d.cycle = c.cycle AND d.attempts = c.attempt AND c.attempt > 1`,
    [withdrawn.map((c) => c.serviceAccountId), withdrawn.map((c) => c.cycle), withdrawn.map((c) => c.attempt), run.today, run.scope.clock.now()],
  );
}
