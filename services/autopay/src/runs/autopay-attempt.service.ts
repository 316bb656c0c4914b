import { findServiceAccounts, loadBalances } from '@platform/billing';
import type { IsoDate } from '@platform/core';
import { userContacts } from '@platform/customers';
import { withTenant } from '@platform/db';
import { savedMethodsById, startSavedMethodCharges, type ChargeSlots, type SavedMethodChargeResult, type SavedMethodChargeResults, type StartedCharges } from '@platform/payments';
import type { EntityManager } from 'typeorm';
import { retryDateAfter } from '../autopay-calendar';
import { suspensionForDecline } from './autopay-decision';
import type { ClaimedAttempt } from './autopay-claims.service';
import { AutopayDeductionEntity, paymentKeyFor } from './autopay-deduction.entity';
import { queueAutopayNotice } from '../notices/autopay-notice.service';
import { dueDateOf, tellSkippedCycles } from '../notices/skipped-cycle-notices.service';
import { recordOutcomes, type NewOutcome } from './autopay-outcome.service';
import { confirmClaims } from './claim-confirmation.service';
import type { RunContext } from './run-context';
import { suspendEnrollments } from './suspension.service';

/** Who the payments record as acting for the customer. */
const ACTOR = 'autopay';

/** A charge made (or still in doubt) whose claim is yet to be moved on: recorded a page at a time by recordChargesOrDoubts. */
interface ChargeToRecord {
  readonly claim: ClaimedAttempt;
  readonly outcome: 'CHARGED' | 'IN_DOUBT';
  readonly paymentId: string;
  /** What the payment pays toward the account, and the convenience fee it carried on top (charged, or in doubt). */
  readonly amountCents: bigint;
  readonly feeCents: bigint;
}

/** Claims that could not be settled (an error): they stay CHARGING, for the next run's follow-up. */
export type ClaimFailures = { item: ClaimedAttempt; error: unknown }[];

/**
 * Starts a page's claimed attempts' charges through the payments service,
 * sharing the run's slots (processor calls in flight). Each payment's
 * idempotency key is its attempt's, so charging a claim again (a follow-up
 * after a crash, or a second run racing this one) finds the same payment
 * instead of charging. Each wave's claims are decided again as their
 * payments are recorded (confirmClaims). Resolves once every charge is on the wire, so the run
 * can claim its next page meanwhile; `recorded` resolves once the answers
 * are: failures one by one, charges (and doubts) together in one statement.
 * Until then their claims stay CHARGING, and a run that dies first leaves
 * them for the next run's follow-up, which finds the payments under the
 * same keys and records them then. Never rejects.
 */
export async function startChargingClaims(run: RunContext, claims: readonly ClaimedAttempt[], slots: ChargeSlots): Promise<{ readonly recorded: Promise<ClaimFailures> }> {
  if (claims.length === 0) return { recorded: Promise.resolve([]) };
  let started: StartedCharges;
  try {
    started = await startSavedMethodCharges(
      run.scope,
      run.settings.payments,
      claims.map((claim) => ({
        userId: claim.userId,
        savedMethodId: claim.savedMethodId,
        serviceAccountId: claim.serviceAccountId,
        amountCents: claim.amountCents,
        feeCents: claim.feeCents,
        idempotencyKey: paymentKeyFor(claim.serviceAccountId, claim.cycle, claim.attempt),
        actor: ACTOR,
      })),
      slots,
      confirmClaims(run, claims),
      run.stopping,
    );
  } catch (error) {
    return { recorded: Promise.resolve(claims.map((item) => ({ item, error }))) };
  }
  return { recorded: started.settled.then((results) => recordResults(run, claims, results)).catch((error: unknown) => claims.map((item) => ({ item, error }))) };
}

async function recordResults(run: RunContext, claims: readonly ClaimedAttempt[], results: SavedMethodChargeResults): Promise<ClaimFailures> {
  const failures: ClaimFailures = [];
  const charged: ChargeToRecord[] = [];
  const refused: { claim: ClaimedAttempt; result: Exclude<SavedMethodChargeResult, { outcome: 'CHARGED' | 'IN_DOUBT' }> }[] = [];
  results.forEach((settled, i) => {
    const claim = claims[i]!;
    if (settled.status === 'rejected') failures.push({ item: claim, error: settled.reason });
    // Decided otherwise as its payment was to be recorded, and put back for the next run (see confirmClaims); or not sent,
    // the process stopping: its claim stays CHARGING with no payment, for the next run to follow up.
    else if (settled.value.outcome === 'WITHDRAWN' || settled.value.outcome === 'NOT_SENT') return;
    else if (settled.value.outcome === 'CHARGED' || settled.value.outcome === 'IN_DOUBT') {
      charged.push({ claim, outcome: settled.value.outcome, paymentId: settled.value.payment.id, amountCents: settled.value.payment.amountCents, feeCents: settled.value.payment.feeCents });
    } else refused.push({ claim, result: settled.value });
  });
  await recordChargesOrDoubts(run, charged);
  for (const { claim, result } of refused) {
    try {
      await recordRefusal(run, claim, result);
    } catch (error) {
      failures.push({ item: claim, error });
    }
  }
  return failures;
}

/** A claim whose charge failed or was refused: moved on (retry, skip or suspend) unless another run recorded it first. */
async function recordRefusal(run: RunContext, claim: ClaimedAttempt, result: Exclude<SavedMethodChargeResult, { outcome: 'CHARGED' | 'IN_DOUBT' }>): Promise<void> {
  const runId = await run.runId();
  await withTenant(run.scope, async (manager) => {
    const deduction = await manager.getRepository(AutopayDeductionEntity).findOne({
      where: { serviceAccountId: claim.serviceAccountId, cycle: claim.cycle },
      lock: { mode: 'pessimistic_write' },
    });
    // Another run recorded this attempt first.
    if (!deduction || deduction.status !== 'CHARGING' || deduction.attempts !== claim.attempt) return;
    await recordFailure(manager, run, runId, deduction, result);
  });
}

/**
 * The common outcomes of a page, in one statement: the update re-checks (and
 * locks, in account order) each claim, and a history row is written only for
 * the claims this run moved, so a second run recording the same attempt
 * writes nothing. A payment still in doubt is recorded once, when first
 * seen; its claim stays CHARGING.
 */
async function recordChargesOrDoubts(run: RunContext, charges: readonly ChargeToRecord[]): Promise<void> {
  if (charges.length === 0) return;
  const runId = await run.runId();
  const sorted = [...charges].sort((a, b) => (a.claim.serviceAccountId < b.claim.serviceAccountId ? -1 : a.claim.serviceAccountId > b.claim.serviceAccountId ? 1 : 0));
  await withTenant(run.scope, (manager) =>
    manager.query(
      `WITH input AS (
         SELECT * FROM unnest($4::uuid[], $5::text[], $6::int[], $7::uuid[], $8::bigint[], $9::bigint[], $10::boolean[]) AS i (account, cycle, attempt, payment_id, amount, fee, charged)),
       moved AS (
         UPDATE autopay_deductions d SET status = CASE WHEN i.charged THEN 'CHARGED' ELSE 'CHARGING' END, payment_id = i.payment_id, updated_at = $1
           FROM input i
          WHERE d.service_account_id = i.account AND d.cycle = i.cycle AND d.attempts = i.attempt AND d.status = 'CHARGING' AND (i.charged OR d.payment_id IS NULL)
          RETURNING d.service_account_id, d.cycle, d.attempts, i.charged, i.payment_id, i.amount, i.fee)
       INSERT INTO autopay_outcomes (tenant_id, id, run_id, service_account_id, cycle, attempt, kind, amount_cents, fee_cents, payment_id, occurred_at)
       SELECT $2, gen_random_uuid(), $3, service_account_id, cycle, attempts, CASE WHEN charged THEN 'CHARGED' ELSE 'AWAITING_PROCESSOR' END, amount, fee, payment_id, $1 FROM moved`,
      [
        run.scope.clock.now(),
        run.scope.tenant.id,
        runId,
        sorted.map((c) => c.claim.serviceAccountId),
        sorted.map((c) => c.claim.cycle),
        sorted.map((c) => c.claim.attempt),
        sorted.map((c) => c.paymentId),
        sorted.map((c) => c.amountCents.toString()),
        sorted.map((c) => c.feeCents.toString()),
        sorted.map((c) => c.outcome === 'CHARGED'),
      ],
    ),
  );
}

/** Declined, refused by the processor, or refused before any charge: retry, skip or suspend, and tell the customer. */
async function recordFailure(
  manager: EntityManager,
  run: RunContext,
  runId: string,
  deduction: AutopayDeductionEntity,
  result: Exclude<SavedMethodChargeResult, { outcome: 'CHARGED' | 'IN_DOUBT' }>,
): Promise<void> {
  const deductions = manager.getRepository(AutopayDeductionEntity);
  const key = { serviceAccountId: deduction.serviceAccountId, cycle: deduction.cycle };
  const now = run.scope.clock.now();
  const outcome = { serviceAccountId: deduction.serviceAccountId, cycle: deduction.cycle, attempt: deduction.attempts };
  const facts = await factsFor(manager, deduction);
  if (!(await enrollmentStillCovers(manager, deduction, facts.userId))) {
    // Ended since the attempt: the cycle is settled as not enrolled, with no retry and no suspension. A charge tried and
    // failed is still told to its payer, who never heard how it ended, without a retry date; one refused untried is not.
    const failed = result.outcome === 'REFUSED' ? null : result.payment;
    await deductions.update(key, { status: 'SKIPPED', paymentId: failed?.id ?? deduction.paymentId, nextAttemptOn: null, updatedAt: now });
    await recordOutcomes(manager, run.scope, runId, [...(failed ? [failedOutcome(outcome, failed, null)] : []), { ...outcome, kind: 'SKIPPED', reason: 'NOT_ENROLLED' }]);
    if (failed) await tellFailure(manager, run, facts, failed, null);
    return;
  }
  if (result.outcome === 'REFUSED') {
    if (result.refusal === 'AMOUNT_TOO_LARGE') {
      await deductions.update(key, { status: 'SKIPPED', updatedAt: now });
      await recordOutcomes(manager, run.scope, runId, [{ ...outcome, kind: 'SKIPPED', reason: 'OVER_PAYMENT_LIMIT' }]);
      const balance = (await loadBalances(manager, run.scope, [deduction.serviceAccountId])).get(deduction.serviceAccountId);
      await tellSkippedCycles(manager, run.scope, [
        {
          userId: facts.userId,
          notice: {
            template: 'AUTOPAY_SKIPPED',
            accountNumber: facts.accountNumber,
            method: facts.method,
            // What the claim found owed, which the city refused to take in one payment.
            amountCents: deduction.amountCents ?? 0n,
            dueDate: dueDateOf(balance),
            over: { reason: 'OVER_PAYMENT_LIMIT', limitCents: run.paymentLimitCents },
          },
        },
      ]);
      return;
    }
    // A kind the city stopped taking since the notice pass last looked (that day's run goes first) is told as such.
    const reason = result.refusal === 'METHOD_NOT_ACCEPTED' ? 'METHOD_NOT_ACCEPTED' : 'METHOD_UNAVAILABLE';
    await deductions.update(key, { status: 'SUSPENDED', updatedAt: now });
    await recordOutcomes(manager, run.scope, runId, [{ ...outcome, kind: 'SUSPENDED', reason }]);
    await suspendEnrollments(manager, run.scope, [{ ...facts, reason }]);
    return;
  }

  // Declined, or refused by the processor: retry on the city's schedule, then give up; at once for a decline no retry turns.
  const payment = result.payment;
  const final = suspensionForDecline(payment.declineCode);
  const nextAttemptOn = final ? null : retryDateAfter(deduction.firstAttemptedOn ?? run.today, run.today, run.rules.retryAfterDays, deduction.attempts);
  const reason = final ?? 'PAYMENT_FAILED';
  await deductions.update(key, { status: nextAttemptOn ? 'RETRY_SCHEDULED' : 'SUSPENDED', paymentId: payment.id, nextAttemptOn, updatedAt: now });
  await recordOutcomes(manager, run.scope, runId, [failedOutcome(outcome, payment, nextAttemptOn), ...(nextAttemptOn ? [] : [{ ...outcome, kind: 'SUSPENDED' as const, reason }])]);
  await tellFailure(manager, run, facts, payment, nextAttemptOn);
  if (!nextAttemptOn) await suspendEnrollments(manager, run.scope, [{ ...facts, reason }]);
}

/**
 * Whether the enrolment that made this attempt still stands for its cycle,
 * locked FOR UPDATE, as a customer's own change takes it, until the failure
 * is recorded. Its charge may have been out, or in doubt for hours, while the
 * customer cancelled, or another member of the house enrolled anew (from a
 * later month, on their own card): a retry would then be skipped, and a
 * suspension would stop the new holder's autopay for a card never tried.
 */
async function enrollmentStillCovers(manager: EntityManager, deduction: AutopayDeductionEntity, userId: string): Promise<boolean> {
  const rows = await manager.query<unknown[]>(`SELECT 1 FROM autopay_enrollments WHERE service_account_id = $1 AND user_id = $2 AND status = 'ENROLLED' AND first_cycle <= $3 FOR UPDATE`, [
    deduction.serviceAccountId,
    userId,
    deduction.cycle,
  ]);
  return rows.length > 0;
}

/** The history row of an attempt whose charge did not go through: what it asked for, which was not taken. */
function failedOutcome(attempt: Pick<NewOutcome, 'serviceAccountId' | 'cycle' | 'attempt'>, payment: FailedPayment, nextAttemptOn: IsoDate | null): NewOutcome {
  return { ...attempt, kind: 'FAILED', reason: payment.declineCode ?? 'PROCESSOR_REFUSED', amountCents: payment.amountCents, feeCents: payment.feeCents, paymentId: payment.id, nextAttemptOn };
}

/** Tells the payer a charge did not go through, and when it is tried again (null: it is not). */
async function tellFailure(manager: EntityManager, run: RunContext, facts: AttemptFacts, payment: FailedPayment, nextAttemptOn: IsoDate | null): Promise<void> {
  const to = (await userContacts(manager, [facts.userId])).get(facts.userId);
  if (!to) return;
  await queueAutopayNotice(
    manager,
    run.scope,
    { ...to, userId: facts.userId },
    {
      template: 'AUTOPAY_FAILED',
      accountNumber: facts.accountNumber,
      // What the card was asked for, the fee included, as the reminder said.
      amountCents: payment.totalCents,
      method: facts.method,
      declineCode: payment.declineCode,
      nextAttemptOn,
    },
  );
}

/** The payer, account and method an attempt's notices name. */
type AttemptFacts = Awaited<ReturnType<typeof factsFor>>;

/** A charge that did not go through, as the payments service answered it. */
type FailedPayment = NonNullable<SavedMethodChargeResult['payment']>;

/** What a notice about this deduction's attempt tells the customer. */
async function factsFor(manager: EntityManager, deduction: AutopayDeductionEntity) {
  const [account] = await findServiceAccounts(manager, [deduction.serviceAccountId]);
  const method = deduction.savedMethodId ? ((await savedMethodsById(manager, [deduction.savedMethodId])).get(deduction.savedMethodId) ?? null) : null;
  if (!deduction.userId) throw new Error(`deduction ${deduction.serviceAccountId}/${deduction.cycle} is charging without a payer`);
  return { serviceAccountId: deduction.serviceAccountId, cycle: deduction.cycle, accountNumber: account?.accountNumber ?? '', userId: deduction.userId, method };
}
