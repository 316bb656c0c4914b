import { findServiceAccounts } from '@platform/billing';
import { userContacts } from '@platform/customers';
import { withTenant } from '@platform/db';
import { chargeSavedMethod, savedMethodsById, type SavedMethodChargeResult } from '@platform/payments';
import type { EntityManager } from 'typeorm';
import { retryDateAfter } from '../autopay-calendar';
import type { ClaimedAttempt } from './autopay-claims.service';
import { AutopayDeductionEntity, paymentKeyFor } from './autopay-deduction.entity';
import { queueAutopayNotice } from '../notices/autopay-notice.service';
import { recordOutcomes } from './autopay-outcome.service';
import type { RunContext } from './run-context';
import { suspendEnrollments } from './suspension.service';

/** Who the payments record as acting for the customer. */
const ACTOR = 'autopay';

/**
 * Makes a claimed attempt's charge through the payments service, then
 * records what happened. The payment's idempotency key is the attempt's, so
 * calling this again for the same claim (a follow-up after a crash, or a
 * second run racing this one) finds the same payment instead of charging.
 */
export async function chargeAttempt(run: RunContext, claim: ClaimedAttempt): Promise<void> {
  const result = await chargeSavedMethod(run.scope, run.settings.payments, {
    userId: claim.userId,
    savedMethodId: claim.savedMethodId,
    serviceAccountId: claim.serviceAccountId,
    amountCents: claim.amountCents,
    idempotencyKey: paymentKeyFor(claim.serviceAccountId, claim.cycle, claim.attempt),
    actor: ACTOR,
  });
  const runId = await run.runId();
  await withTenant(run.scope, async (manager) => {
    if (result.outcome === 'CHARGED' || result.outcome === 'IN_DOUBT') {
      await recordChargeOrDoubt(manager, run, runId, claim, result.outcome, result.payment.id, result.payment.amountCents);
      return;
    }
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
 * The common outcomes, in one statement: the update re-checks (and locks)
 * the claim, and the history row is written only if this run moved it, so a
 * second run recording the same attempt writes nothing. A payment still in
 * doubt is recorded once, when first seen; the claim stays CHARGING.
 */
async function recordChargeOrDoubt(
  manager: EntityManager,
  run: RunContext,
  runId: string,
  claim: ClaimedAttempt,
  outcome: 'CHARGED' | 'IN_DOUBT',
  paymentId: string,
  amountCents: bigint,
): Promise<void> {
  const charged = outcome === 'CHARGED';
  await manager.query(
    `WITH moved AS (
       UPDATE autopay_deductions SET status = $1, payment_id = $2, updated_at = $3
        WHERE service_account_id = $4 AND cycle = $5 AND attempts = $6 AND status = 'CHARGING' AND ($7 OR payment_id IS NULL)
        RETURNING service_account_id, cycle, attempts)
     INSERT INTO autopay_outcomes (tenant_id, id, run_id, service_account_id, cycle, attempt, kind, amount_cents, payment_id, occurred_at)
     SELECT $8, gen_random_uuid(), $9, service_account_id, cycle, attempts, $10, $11, $2, $3 FROM moved`,
    [
      charged ? 'CHARGED' : 'CHARGING',
      paymentId,
      run.scope.clock.now(),
      claim.serviceAccountId,
      claim.cycle,
      claim.attempt,
      charged,
      run.scope.tenant.id,
      runId,
      charged ? 'CHARGED' : 'AWAITING_PROCESSOR',
      amountCents.toString(),
    ],
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
  if (result.outcome === 'REFUSED') {
    if (result.refusal === 'AMOUNT_TOO_LARGE') {
      await deductions.update(key, { status: 'SKIPPED', updatedAt: now });
      await recordOutcomes(manager, run.scope, runId, [{ ...outcome, kind: 'SKIPPED', reason: 'OVER_PAYMENT_LIMIT' }]);
      return;
    }
    await deductions.update(key, { status: 'SUSPENDED', updatedAt: now });
    await recordOutcomes(manager, run.scope, runId, [{ ...outcome, kind: 'SUSPENDED', reason: 'METHOD_UNAVAILABLE' }]);
    await suspendEnrollments(manager, run.scope, [{ ...facts, reason: 'METHOD_UNAVAILABLE' }]);
    return;
  }

  // Declined, or refused by the processor: retry on the city's schedule, then give up.
  const payment = result.payment;
  const nextAttemptOn = retryDateAfter(deduction.firstAttemptedOn ?? run.date, run.date, run.rules.retryAfterDays, deduction.attempts);
  const reason = payment.declineCode ?? 'PROCESSOR_REFUSED';
  await deductions.update(key, { status: nextAttemptOn ? 'RETRY_SCHEDULED' : 'SUSPENDED', paymentId: payment.id, nextAttemptOn, updatedAt: now });
  await recordOutcomes(manager, run.scope, runId, [
    { ...outcome, kind: 'FAILED', reason, amountCents: payment.amountCents, paymentId: payment.id, nextAttemptOn },
    ...(nextAttemptOn ? [] : [{ ...outcome, kind: 'SUSPENDED' as const, reason: 'PAYMENT_FAILED' }]),
  ]);
  const to = (await userContacts(manager, [facts.userId])).get(facts.userId);
  if (to) {
    await queueAutopayNotice(
      manager,
      run.scope,
      { ...to, userId: facts.userId },
      {
        template: 'AUTOPAY_FAILED',
        accountNumber: facts.accountNumber,
        amountCents: payment.amountCents,
        method: facts.method,
        declineCode: payment.declineCode,
        nextAttemptOn,
      },
    );
  }
  if (!nextAttemptOn) await suspendEnrollments(manager, run.scope, [{ ...facts, reason: 'PAYMENT_FAILED' }]);
}

/** What a notice about this deduction's attempt tells the customer. */
async function factsFor(manager: EntityManager, deduction: AutopayDeductionEntity) {
  const [account] = await findServiceAccounts(manager, [deduction.serviceAccountId]);
  const method = deduction.savedMethodId ? ((await savedMethodsById(manager, [deduction.savedMethodId])).get(deduction.savedMethodId) ?? null) : null;
  if (!deduction.userId) throw new Error(`deduction ${deduction.serviceAccountId}/${deduction.cycle} is charging without a payer`);
  return { serviceAccountId: deduction.serviceAccountId, accountNumber: account?.accountNumber ?? '', userId: deduction.userId, method };
}
